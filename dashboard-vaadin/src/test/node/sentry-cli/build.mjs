// Usage: node build.mjs <output directory>: writes dist/app.min.js(.map) and stack.json (the bundle's error stack)
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
await esbuild.build({
  entryPoints: ['src/app.js'], bundle: true, minify: true, sourcemap: true, sourcesContent: true,
  format: 'esm', outfile: join(out, 'dist/app.min.js'), logLevel: 'silent',
});
const run = execFileSync(process.execPath, [join(out, 'dist/app.min.js')], { encoding: 'utf8' });
writeFileSync(join(out, 'stack.json'), run.trim().split('\n').pop());
