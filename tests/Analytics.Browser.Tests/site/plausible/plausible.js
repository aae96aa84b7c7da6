// Plausible's npm tracker pointed at our endpoint, as its README shows. The tests run on 127.0.0.1 in a browser under
// automation: captureOnLocalhost lets the first through, and window.__plausible (Plausible's own switch, which its
// installation check sets) the second.
window.__plausible = true;
PlausibleAnalyticsTracker.init({
  domain: 'shop.test',
  endpoint: location.origin + '/stats/api/event',
  captureOnLocalhost: true,
  outboundLinks: true,
  logging: false,
});
