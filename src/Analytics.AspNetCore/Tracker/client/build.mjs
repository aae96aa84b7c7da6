// Builds the tracker: minified with esbuild, then pre-compressed (gzip and Brotli at their highest levels) so that
// the server never compresses per request. Usage: node build.mjs OUTPUT_DIRECTORY
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

const file = join(output, 'analytics.js');
await build({
  entryPoints: [new URL('analytics.js', import.meta.url).pathname],
  outfile: file,
  bundle: false,
  minify: true,
  target: 'es2017',
  legalComments: 'none',
  logLevel: 'warning',
});

const script = readFileSync(file);
writeFileSync(file + '.gz', gzipSync(script, { level: 9 }));
writeFileSync(file + '.br', brotliCompressSync(script, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_SIZE_HINT]: script.length,
  },
}));
console.log(`tracker: ${script.length} bytes, ${gzipSync(script, { level: 9 }).length} gzipped`);
