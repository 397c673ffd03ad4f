// Runs the tests with Node's built-in runner and ends with one plain summary line, which CI reads.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

let passed = 0;
let failed = 0;
const stream = run({ files: ['policy.test.mjs', 'mutations.test.mjs'].map((file) => new URL(file, import.meta.url).pathname) });
stream.on('test:pass', (event) => {
  if (event.details?.type !== 'suite') passed += 1;
});
stream.on('test:fail', (event) => {
  if (event.details?.type !== 'suite') failed += 1;
});
// Node 20 exports the spec reporter as a class, later versions as an instance.
const reporter = typeof spec === 'function' ? new spec() : spec;
const output = stream.compose(reporter);
output.pipe(process.stdout, { end: false });
output.on('end', () => {
  console.log(`Terraform checks: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
