// Drives @umami/node, as npm ships it, the way its README shows: umami.init({websiteId, hostUrl}), then umami.track
// with a page view and a custom event with data. Prints each answer's status and body as one JSON array.
// Usage: node umami-node.mjs HOST_URL WEBSITE_ID [USER_AGENT]
// The client sends a user agent of its own (a script's, which ingestion drops as a bot's); a server-side sender passes
// its visitor's as the payload's userAgent, which track() sends with the other members of its object.
import client from '@umami/node';

// The package has no "type": "module" nor "exports", so Node loads its CommonJS build (dist/index.js), whose
// `exports.default` is the README's `umami`; a bundler would pick its ES build (dist/index.mjs) instead.
const umami = client.default;

const [hostUrl, websiteId, userAgent] = process.argv.slice(2);
if (!hostUrl || !websiteId) {
  console.error('usage: node umami-node.mjs HOST_URL WEBSITE_ID [USER_AGENT]');
  process.exit(2);
}

umami.init({ websiteId, hostUrl });
const page = {
  hostname: 'shop.test',
  url: '/pricing?utm_campaign=winter',
  title: 'Pricing',
  referrer: 'https://www.google.com/',
  language: 'en-US',
  screen: '1920x1080',
  ...(userAgent ? { userAgent } : {}),
};

const answers = [];
for (const event of [page, { ...page, name: 'Signup', data: { plan: 'pro', seats: 3 } }]) {
  const response = await umami.track(event);
  answers.push({ status: response.status, body: await response.text() });
}
console.log(JSON.stringify(answers));
