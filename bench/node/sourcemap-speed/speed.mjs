// Usage: node speed.mjs <output directory> <rounds>
// Writes big.min.js(.map) and positions.json (10,000 generated positions with trace-mapping's answers), and prints
// one JSON line per library: median milliseconds to parse the map and to answer the 10,000 positions.
import * as esbuild from 'esbuild';
import { SourceMapConsumer } from 'source-map';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
const rounds = Number(process.argv[3] ?? 7);
await esbuild.build({
  entryPoints: ['entry.js'], bundle: true, minify: true, sourcemap: true, sourcesContent: true, format: 'esm',
  outfile: join(out, 'big.min.js'), logLevel: 'silent',
});
const text = readFileSync(join(out, 'big.min.js.map'), 'utf8');

// 10,000 positions spread evenly over the map's mappings (deterministic), each answered by trace-mapping
const all = [];
{
  const map = new TraceMap(text);
  const { eachMapping } = await import('@jridgewell/trace-mapping');
  eachMapping(map, (m) => all.push([m.generatedLine, m.generatedColumn]));
}
const positions = [];
for (let i = 0; i < 10_000; i++) {
  positions.push(all[Math.floor((i * all.length) / 10_000)]);
}
const traced = new TraceMap(text);
writeFileSync(join(out, 'positions.json'), JSON.stringify(positions.map(([line, column]) => {
  const p = originalPositionFor(traced, { line, column });
  return { line, column, source: p.source, originalLine: p.line, originalColumn: p.column, name: p.name };
})));

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function time(name, parse, lookup) {
  const parseTimes = [];
  const lookupTimes = [];
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    const map = await parse();
    parseTimes.push(performance.now() - start);
    start = performance.now();
    for (const [line, column] of positions) {
      lookup(map, line, column);
    }
    lookupTimes.push(performance.now() - start);
    map.destroy?.();
  }
  console.log(JSON.stringify({ library: name, parseMillis: median(parseTimes), lookupMillis: median(lookupTimes),
    lookups: positions.length, mappings: all.length, mapBytes: Buffer.byteLength(text) }));
}

await time('@jridgewell/trace-mapping 0.3.31', async () => {
  const map = new TraceMap(text);
  originalPositionFor(map, { line: 1, column: 0 }); // trace-mapping decodes lazily: force the decode into the parse
  return map;
}, (map, line, column) => originalPositionFor(map, { line, column }));
await time('source-map 0.8.0 (WASM)', async () => {
  const map = await new SourceMapConsumer(text);
  map.originalPositionFor({ line: 1, column: 0 }); // likewise: mappings are parsed on first use
  return map;
}, (map, line, column) => map.originalPositionFor({ line, column }));
