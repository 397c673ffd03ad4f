// One SDK in its own process (its global handlers and patches stay out of the other's way).
// Usage: node node-child.mjs <flytrap|sentry> <receiver port> <rounds> <warmup> <batches> <batch> <sdks dir>
// Prints one JSON line: the SDK, Error.stackTraceLimit as the SDK left it, and benchCapture's rounds.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const [sdk, port, rounds, warmup, batches, batch, sdksDir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const dsn = `http://benchkey@127.0.0.1:${port}/1`;
let api;
if (sdk === 'flytrap') {
  api = await import(pathToFileURL(join(sdksDir, 'javascript/node/dist/index.mjs')).href);
  api.init({ dsn });
} else {
  // Defaults, no tracesSampleRate: no tracing integrations, no OpenTelemetry setup
  api = await import('@sentry/node');
  api.init({ dsn });
}
const limitAfterInit = Error.stackTraceLimit;
Error.stackTraceLimit = 20;
for (const file of ['frames.js', 'measure.js']) {
  vm.runInThisContext(readFileSync(join(here, file), 'utf8'), { filename: join(here, file) });
}
const result = await globalThis.benchCapture({
  capture: (error) => api.captureException(error),
  flush: () => api.flush(5000),
  cpu: () => {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
  },
  rounds: Number(rounds), warmup: Number(warmup), batches: Number(batches), batch: Number(batch),
});
process.stdout.write(JSON.stringify({ sdk, stackTraceLimitAfterInit: limitAfterInit, ...result }) + '\n');
await api.flush(2000);
process.exit(0);
