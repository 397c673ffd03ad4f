// Usage: node build.mjs <output directory>
// Writes, into the output directory:
//   esbuild/app.min.js(.map)   one bundle of src/ by esbuild, minified, with sourcesContent
//   terser/cart.min.js(.map)   src/cart.js minified by terser, without sourcesContent
//   terser/format.min.js(.map) src/format.js minified by terser, with sourcesContent
//   stack.json                 the stack of the error thrown when the esbuild bundle runs in Node
//   terser-stack.json          the stack of an error whose frames span both terser files (each needs its own map)
//   expected.json              for many generated positions of each map, what Mozilla's source-map answers
//   scopes/<tool>/<build>/     app.min.js(.map) and stacks.json: scopes/ built twice (first, and next with unrelated
//                              code added, which renames every minified function) by esbuild, and by esbuild then
//                              terser (a bundler's output minified by terser, its map composed with the bundler's);
//                              stacks.json holds the stacks of the errors the built bundle throws when run in Node
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { SourceMapConsumer } from 'source-map';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
mkdirSync(join(out, 'esbuild'), { recursive: true });
mkdirSync(join(out, 'terser'), { recursive: true });

await esbuild.build({
  entryPoints: ['src/app.js'], bundle: true, minify: true, sourcemap: true, sourcesContent: true,
  format: 'iife', outfile: join(out, 'esbuild/app.min.js'), logLevel: 'silent',
});

for (const [file, includeSources] of [['cart', false], ['format', true]]) {
  const code = readFileSync(`src/${file}.js`, 'utf8');
  const result = await minify({ [`src/${file}.js`]: code }, {
    module: true, sourceMap: { filename: `${file}.min.js`, url: `${file}.min.js.map`, includeSources },
  });
  writeFileSync(join(out, `terser/${file}.min.js`), result.code);
  writeFileSync(join(out, `terser/${file}.min.js.map`), result.map);
}

const run = execFileSync(process.execPath, [join(out, 'esbuild/app.min.js')], { encoding: 'utf8' });
const { stack } = JSON.parse(run.trim().split('\n').pop());
// What Mozilla's library says each bundle frame of that stack came from (V8 columns are 1-based)
const bundleMap = JSON.parse(readFileSync(join(out, 'esbuild/app.min.js.map'), 'utf8'));
const frames = [];
await SourceMapConsumer.with(bundleMap, null, (consumer) => {
  for (const match of stack.matchAll(/app\.min\.js:(\d+):(\d+)/g)) {
    const line = Number(match[1]);
    const column = Number(match[2]) - 1;
    const p = consumer.originalPositionFor({ line, column });
    frames.push({ line, column: column + 1, source: p.source, originalLine: p.line, originalColumn: p.column, name: p.name });
  }
});
writeFileSync(join(out, 'stack.json'), JSON.stringify({ stack, frames }));

// A stack across two separately minified files: formatEach (format.min.js) calls checkout (cart.min.js)
writeFileSync(join(out, 'terser/run.mjs'), `import { checkout } from './cart.min.js';
import { formatEach } from './format.min.js';
try { formatEach([[{ name: 'broken' }]], checkout); } catch (error) { console.log(JSON.stringify({ stack: error.stack })); }
`);
const terserRun = execFileSync(process.execPath, [join(out, 'terser/run.mjs')], { encoding: 'utf8' });
const terserStack = JSON.parse(terserRun.trim().split('\n').pop()).stack;
const terserFrames = [];
for (const match of terserStack.matchAll(/\/(cart|format)\.min\.js:(\d+):(\d+)/g)) {
  const raw = JSON.parse(readFileSync(join(out, `terser/${match[1]}.min.js.map`), 'utf8'));
  await SourceMapConsumer.with(raw, null, (consumer) => {
    const p = consumer.originalPositionFor({ line: Number(match[2]), column: Number(match[3]) - 1 });
    terserFrames.push({ file: `${match[1]}.min.js`, line: Number(match[2]), column: Number(match[3]),
      source: p.source, originalLine: p.line, originalColumn: p.column, name: p.name });
  });
}
writeFileSync(join(out, 'terser-stack.json'), JSON.stringify({ stack: terserStack, frames: terserFrames }));

// Positions: every mapping's generated position, and the column just after it (between mappings)
const expected = {};
for (const map of ['esbuild/app.min.js.map', 'terser/cart.min.js.map', 'terser/format.min.js.map']) {
  const raw = JSON.parse(readFileSync(join(out, map), 'utf8'));
  const answers = [];
  await SourceMapConsumer.with(raw, null, (consumer) => {
    const positions = [];
    consumer.eachMapping((m) => {
      positions.push([m.generatedLine, m.generatedColumn]);
      positions.push([m.generatedLine, m.generatedColumn + 1]);
    });
    positions.push([1, 0], [1, 100000], [999, 0]);
    for (const [line, column] of positions) {
      const p = consumer.originalPositionFor({ line, column });
      answers.push({ line, column, source: p.source, originalLine: p.line, originalColumn: p.column, name: p.name });
    }
  });
  expected[map] = answers;
}
writeFileSync(join(out, 'expected.json'), JSON.stringify(expected));

// Two builds of one small app, by each minifier; every bundle run in Node for its real stacks
for (const [build, entry] of [['first', 'scopes/main.js'], ['next', 'scopes/main-next.js']]) {
  const esbuildDir = join(out, 'scopes/esbuild', build);
  mkdirSync(esbuildDir, { recursive: true });
  await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, sourcemap: true, sourcesContent: true,
    format: 'iife', outfile: join(esbuildDir, 'app.min.js'), logLevel: 'silent' });

  const terserDir = join(out, 'scopes/terser', build);
  mkdirSync(terserDir, { recursive: true });
  const bundled = await esbuild.build({ entryPoints: [entry], bundle: true, minify: false, sourcemap: 'external',
    sourcesContent: true, format: 'iife', outfile: 'app.js', write: false, logLevel: 'silent' });
  const code = bundled.outputFiles.find((f) => f.path.endsWith('app.js')).text;
  const map = bundled.outputFiles.find((f) => f.path.endsWith('app.js.map')).text;
  const minified = await minify({ 'app.js': code }, {
    toplevel: true, sourceMap: { content: map, filename: 'app.min.js', url: 'app.min.js.map', includeSources: true },
  });
  writeFileSync(join(terserDir, 'app.min.js'), minified.code);
  writeFileSync(join(terserDir, 'app.min.js.map'), minified.map);

  for (const dir of [esbuildDir, terserDir]) {
    const printed = execFileSync(process.execPath, [join(dir, 'app.min.js')], { encoding: 'utf8' });
    const stacks = printed.trim().split('\n').map((line) => JSON.parse(line));
    writeFileSync(join(dir, 'stacks.json'), JSON.stringify(stacks));
  }
}
