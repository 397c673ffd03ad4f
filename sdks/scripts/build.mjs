// Builds every JavaScript SDK package: ESM + CommonJS bundles and .d.ts types for bundlers and Node, and the
// browser SDK's single minified IIFE for a <script> tag, whose min+gzip size must stay within its budget.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Issue #24 item 5: 4 KiB min+gzip for the script tag, with every feature of the npm package.
export const IIFE_BUDGET_BYTES = 4 * 1024;
// Members no code outside the SDK reaches (TypeScript `private`); terser renames them in the script-tag build only.
// Every other property keeps its name: wire fields, options, the public API and the DOM's own properties.
// The opt-in breadcrumbs script (flytrap.breadcrumbs.min.js).
export const BREADCRUMBS_BUDGET_BYTES = 1536;
export const PRIVATE_MEMBERS = /^(queue|active|pausedUntil|idle|logged4xx|reported|building|closed|builtWaiters|pump|sleep|build|capture|maxAttempts|backoff|unrefTimers|enrich|inApp)$/;

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

// The script-tag builds: core and browser in one file exposing the global `Flytrap`, and the opt-in automatic
// breadcrumbs in a second one. esbuild bundles; terser then minifies each bundle again (whole-file scope, three
// compress passes, private members renamed), which esbuild alone does not do.
const scripts = [
  { entry: 'global.ts', file: 'flytrap.min.js', budget: IIFE_BUDGET_BYTES },
  { entry: 'breadcrumbs-global.ts', file: 'flytrap.breadcrumbs.min.js', budget: BREADCRUMBS_BUDGET_BYTES },
];
let overBudget = false;
for (const script of scripts) {
  const out = join(root, 'javascript/browser/dist', script.file);
  const bundled = await build({
    entryPoints: [join(root, 'javascript/browser/src', script.entry)],
    outfile: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    sourcemap: 'external',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  const esbuildOut = (suffix) => bundled.outputFiles.find((file) => file.path.endsWith(suffix)).text;
  const minified = await minify(esbuildOut('.js'), {
    ecma: 2019,
    toplevel: true,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true, keep_fargs: false },
    mangle: { properties: { regex: PRIVATE_MEMBERS } },
    sourceMap: { content: esbuildOut('.js.map'), url: script.file + '.map' },
  });
  writeFileSync(out, minified.code);
  writeFileSync(out + '.map', minified.map);
  const bytes = readFileSync(out);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  console.log(`${script.file}: ${bytes.length} bytes minified, ${gzipped} bytes min+gzip (budget ${script.budget})`);
  if (gzipped > script.budget) {
    console.error(`${script.file} is over its size budget: ${gzipped} > ${script.budget} bytes min+gzip`);
    overBudget = true;
  }
}
if (overBudget) process.exit(1);
