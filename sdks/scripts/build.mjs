// Builds every JavaScript SDK package: ESM + CommonJS bundles and .d.ts types for bundlers and Node, and the
// browser SDK's single minified IIFE for a <script> tag, whose min+gzip size must stay within its budget.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const IIFE_BUDGET_BYTES = 5 * 1024;

const packages = [
  { dir: 'javascript/core', external: [], platform: 'neutral' },
  { dir: 'javascript/browser', external: ['@flytrap/core'], platform: 'browser' },
  { dir: 'javascript/react', external: ['react', '@flytrap/browser'], platform: 'browser' },
  { dir: 'javascript/node', external: ['@flytrap/core'], platform: 'node' },
];

for (const pkg of packages) {
  const dir = join(root, pkg.dir);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  for (const [format, ext] of [['esm', 'mjs'], ['cjs', 'cjs']]) {
    await build({
      entryPoints: [join(dir, 'src/index.ts')],
      outfile: join(dir, 'dist/index.' + ext),
      bundle: true,
      format,
      platform: pkg.platform,
      target: pkg.platform === 'node' ? 'node18' : 'es2019',
      external: pkg.external,
      sourcemap: true,
      logLevel: 'warning',
    });
  }
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
    { stdio: 'inherit' });
}

// The script-tag build: core and browser in one file exposing the global `Flytrap`.
const iife = join(root, 'javascript/browser/dist/flytrap.min.js');
await build({
  entryPoints: [join(root, 'javascript/browser/src/global.ts')],
  outfile: iife,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2019',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const bytes = readFileSync(iife);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`flytrap.min.js: ${bytes.length} bytes minified, ${gzipped} bytes min+gzip (budget ${IIFE_BUDGET_BYTES})`);
if (gzipped > IIFE_BUDGET_BYTES) {
  console.error(`flytrap.min.js is over its size budget: ${gzipped} > ${IIFE_BUDGET_BYTES} bytes min+gzip`);
  process.exit(1);
}
