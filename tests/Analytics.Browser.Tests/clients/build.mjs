// Bundles the peers' browser trackers, exactly as npm ships them, into page scripts for the test site: each one an
// IIFE whose exports are a global the page calls as the library's README shows. Usage: node build.mjs OUTPUT_DIRECTORY
import { build } from 'esbuild';

const output = process.argv[2];
if (!output) {
  console.error('usage: node build.mjs OUTPUT_DIRECTORY');
  process.exit(2);
}

// package name -> [page script, global]
const trackers = {
  '@plausible-analytics/tracker': ['plausible-analytics-tracker.js', 'PlausibleAnalyticsTracker'],
  'plausible-tracker': ['plausible-tracker.js', 'PlausibleTracker'],
};

for (const [name, [file, globalName]] of Object.entries(trackers)) {
  await build({
    entryPoints: [name],
    outfile: `${output}/${file}`,
    bundle: true,
    format: 'iife',
    globalName,
    target: 'es2017',
    logLevel: 'warning',
  });
}
console.log(`peer clients: ${Object.values(trackers).map(([file]) => file).join(', ')}`);
