// Builds the dashboard: src/main.js bundled (uPlot included) and src/dashboard.css (uPlot's style sheet included), both
// minified by esbuild, then pre-compressed (gzip and Brotli at their highest levels) so that the server never
// compresses per request. Usage: node build.mjs OUTPUT_DIRECTORY
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const output = process.argv[2];
if (!output) {
  console.error('usage: node build.mjs OUTPUT_DIRECTORY');
  process.exit(2);
}
mkdirSync(output, { recursive: true });

const source = (file) => new URL(`src/${file}`, import.meta.url).pathname;
const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning' };
await build({ ...common, entryPoints: [source('main.js')], outfile: join(output, 'dashboard.js'), format: 'iife', target: 'es2020' });
await build({ ...common, entryPoints: [source('dashboard.css')], outfile: join(output, 'dashboard.css'), target: 'chrome100' });

let total = 0;
for (const name of ['dashboard.js', 'dashboard.css']) {
  const file = join(output, name);
  const content = readFileSync(file);
  const gzip = gzipSync(content, { level: 9 });
  total += gzip.length;
  writeFileSync(file + '.gz', gzip);
  writeFileSync(file + '.br', brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  }));
}
console.log(`dashboard: ${total} bytes gzipped`);
