// Capture cost of Flytrap's JavaScript SDKs beside Sentry's 11.12.0, in one run: Node (each SDK in its own child
// process) and a browser (headless Chromium when there is one, else jsdom), both sending to a receiver on
// 127.0.0.1 that answers 200; then the script-tag bundle sizes. Prints the tables, writes the SVG plot.
// Usage: node run.mjs <sdks dir> <svg output>
// Environment: BENCH_ROUNDS (timed rounds per process, default 5), BENCH_WARMUP (untimed rounds first, default 2),
// BENCH_NODE_BATCHES and BENCH_BROWSER_BATCHES (batches of 20 captures per round, default 50 and 10: in this
// Chromium a long stream of keepalive fetches fails now and then and Flytrap retries each after 0.5-1 s, so browser
// rounds are smaller to keep the run short), BENCH_BROWSER (chromium | jsdom | none; chromium when CHROMIUM,
// default /usr/bin/chromium, exists).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const [sdksDir, svgOut] = process.argv.slice(2);
const common = { rounds: Number(process.env.BENCH_ROUNDS || 5), warmup: Number(process.env.BENCH_WARMUP || 2), batch: 20 };
const settings = {
  node: { ...common, batches: Number(process.env.BENCH_NODE_BATCHES || 50) },
  browser: { ...common, batches: Number(process.env.BENCH_BROWSER_BATCHES || 10) },
};
const REPEATS = 2; // processes (or pages) per SDK, in alternating order
const SENTRY_VERSION = JSON.parse(readFileSync(join(here, 'node_modules/@sentry/browser/package.json'), 'utf8')).version;
const FLYTRAP_VERSION = JSON.parse(readFileSync(join(sdksDir, 'javascript/browser/package.json'), 'utf8')).version;
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const browserKind = process.env.BENCH_BROWSER || (existsSync(chromium) ? 'chromium' : 'jsdom');
const work = mkdtempSync(join(tmpdir(), 'flytrap-sdk-capture-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// ---------------------------------------------------------------- bundles and sizes
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
async function bundle(contents, define = {}) {
  const out = await build({
    stdin: { contents, resolveDir: here, loader: 'js' }, nodePaths: [join(sdksDir, 'node_modules')],
    bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2020', legalComments: 'none',
    define, write: false, logLevel: 'warning',
  });
  return Buffer.from(out.outputFiles[0].contents);
}
const minimalUsage = (pkg) => `import * as S from '${pkg}';
S.init({ dsn: 'https://key@errors.example.com/1' });
S.captureException(new Error('boom'));`;
const sentryDebugOff = { __SENTRY_DEBUG__: 'false', __SENTRY_TRACING__: 'false' };
const flytrapMin = readFileSync(join(sdksDir, 'javascript/browser/dist/flytrap.min.js'));
const sizes = [
  { name: 'flytrap.min.js (the script-tag build, es2019)', flytrap: true, bytes: flytrapMin },
  { name: `@flytrap/browser ${FLYTRAP_VERSION}, init + captureException`, flytrap: true,
    bytes: await bundle(minimalUsage('@flytrap/browser')) },
  { name: `@sentry/browser ${SENTRY_VERSION}, init + captureException`, sentry: true,
    bytes: await bundle(minimalUsage('@sentry/browser')) },
  { name: `  same, __SENTRY_DEBUG__ and __SENTRY_TRACING__ false`,
    bytes: await bundle(minimalUsage('@sentry/browser'), sentryDebugOff) },
].map((s) => ({ ...s, raw: s.bytes.length, gzip: gzip(s.bytes) }));
// What the browser benchmark loads: the same minimal usage, with flush, exposed as the global `Sentry`
const sentryPage = await bundle(`import { init, captureException, flush } from '@sentry/browser';
window.Sentry = { init, captureException, flush };`);

// ---------------------------------------------------------------- the receiver (and the pages' server)
let events = 0;
let pendingResult;
const pageHeaders = {
  'cross-origin-opener-policy': 'same-origin', // cross-origin isolated: performance.now() at 5 µs, not 100 µs
  'cross-origin-embedder-policy': 'require-corp',
  'cache-control': 'no-store',
};
const files = {
  '/flytrap.min.js': () => flytrapMin,
  '/sentry.min.js': () => sentryPage,
  '/frames.js': () => readFileSync(join(here, 'frames.js')),
  '/measure.js': () => readFileSync(join(here, 'measure.js')),
  '/page.js': () => readFileSync(join(here, 'page.js')),
};
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'POST') {
      if (url.pathname === '/api/errors') {
        events++;
      } else if (url.pathname === '/api/1/envelope/') {
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        if (/"type":"event"/.test(body.toString())) events++;
      } else if (url.pathname === '/result' && pendingResult) {
        pendingResult(JSON.parse(body.toString()));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    } else if (url.pathname === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders });
      res.end(pageHtml(url.searchParams.get('sdk')));
    } else if (files[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...pageHeaders });
      res.end(files[url.pathname]());
    } else {
      res.writeHead(404);
      res.end();
    }
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
const origin = `http://127.0.0.1:${port}`;
const dsn = `http://benchkey@127.0.0.1:${port}/1`;
const pageConfig = (sdk) => ({ sdk, dsn, ...settings.browser });
const sdkScript = (sdk) => (sdk === 'flytrap' ? '/flytrap.min.js' : '/sentry.min.js');
const pageHtml = (sdk) => `<!doctype html><meta charset="utf-8"><title>capture benchmark</title>
<script src="${sdkScript(sdk)}"></script><script src="/frames.js"></script><script src="/measure.js"></script>
<script>window.benchConfig = ${JSON.stringify(pageConfig(sdk))};</script><script src="/page.js"></script>`;

// ---------------------------------------------------------------- one run of one SDK
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SENTRY_')));
function runNode(sdk) {
  return new Promise((resolve, reject) => {
    const { rounds, warmup, batches, batch } = settings.node;
    const args = [join(here, 'node-child.mjs'), sdk, port, rounds, warmup, batches, batch, sdksDir];
    const child = spawn(process.execPath, args, { cwd: here, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (data) => (out += data));
    child.stderr.on('data', (data) => (err += data));
    child.on('exit', (code) => (code === 0 ? resolve({ ...JSON.parse(out), warnings: err.trim() })
      : reject(new Error(`${sdk} (node) exited with ${code}: ${err}`))));
  });
}

async function runChromium(sdk, id) {
  const result = new Promise((resolve) => (pendingResult = resolve));
  const child = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--mute-audio',
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    `--user-data-dir=${join(work, 'chromium-' + id)}`, `${origin}/page.html?sdk=${sdk}`],
  { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let err = '';
  child.stderr.on('data', (data) => (err = (err + data).slice(-3000)));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let timer;
  try {
    return await Promise.race([
      result,
      exited.then(() => Promise.reject(new Error(`chromium exited early: ${err}`))),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`chromium timed out: ${err}`)), 150000))),
    ]);
  } finally {
    clearTimeout(timer);
    pendingResult = undefined;
    try {
      process.kill(-child.pid, 'SIGTERM'); // the process group this run started
    } catch {
      // already gone
    }
    await exited;
  }
}

async function runJsdom(sdk) {
  const { JSDOM } = await import('jsdom');
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>',
    { url: origin + '/page.html', runScripts: 'outside-only', pretendToBeVisual: true });
  const window = dom.window;
  // jsdom has no fetch: lend it Node's, resolving page-relative URLs
  window.fetch = (url, init) => fetch(new URL(String(url), origin), init);
  window.benchConfig = pageConfig(sdk);
  const result = new Promise((resolve) => (window.benchReport = resolve));
  const context = dom.getInternalVMContext();
  for (const file of [sdkScript(sdk), '/frames.js', '/measure.js', '/page.js']) {
    new vm.Script(files[file]().toString(), { filename: origin + file }).runInContext(context);
  }
  try {
    return await result;
  } finally {
    window.close();
  }
}

async function runAll(platform, run, sdks = ['flytrap', 'sentry']) {
  const runs = Object.fromEntries(sdks.map((sdk) => [sdk, []]));
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const sdk of repeat % 2 ? [...sdks].reverse() : sdks) {
      events = 0;
      const result = await run(sdk, `${platform}-${sdk}-${repeat}`);
      if (result.error) {
        throw new Error(`${sdk} (${platform}): ${result.error}`);
      }
      runs[sdk].push({ ...result, eventsReceived: events });
      process.stderr.write(`  ${platform} ${sdk} run ${repeat + 1}/${REPEATS} done\n`);
    }
  }
  return runs;
}

// ---------------------------------------------------------------- summaries
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
function summarize(runs) {
  const one = (list) => {
    const rounds = list.flatMap((run) => run.rounds);
    const ratios = rounds.map((round) => round.capture / round.baseline);
    return {
      capture: median(rounds.map((round) => round.capture)),
      total: median(rounds.map((round) => round.total)),
      cpu: median(rounds.map((round) => round.cpu)),
      baseline: median(rounds.map((round) => round.baseline)),
      perBaseline: median(ratios),
      captured: list.reduce((sum, run) => sum + run.captured, 0),
      received: list.reduce((sum, run) => sum + run.eventsReceived, 0),
      rounds: rounds.length,
      perRound: list[0].capturesPerRound,
      frames: list[0].stackFrames,
      limitAfterInit: list[0].stackTraceLimitAfterInit,
      warnings: [...new Set(list.map((run) => run.warnings).filter(Boolean))],
      userAgent: list[0].userAgent,
      crossOriginIsolated: list[0].crossOriginIsolated,
    };
  };
  const flytrap = one(runs.flytrap);
  const sentry = one(runs.sentry);
  const noop = runs['sentry-noop'] && one(runs['sentry-noop']);
  const baseline = median(Object.values(runs).flat().flatMap((run) => run.rounds.map((round) => round.baseline)));
  return { flytrap, sentry, noop, baseline, ratio: flytrap.capture / sentry.capture, totalRatio: flytrap.total / sentry.total };
}

const fmt = (value, digits = 2) => value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : digits);
function table(title, s, names, withCpu) {
  const lines = [title,
    `| | calling thread µs / capture | flytrap / sentry | / (new Error + .stack) | until flush µs / capture |${
      withCpu ? ' process CPU µs / capture |' : ''} events received |`,
    `|---|---|---|---|---|${withCpu ? '---|' : ''}---|`];
  const row = (name, r, ratio) => lines.push(`| ${name} | ${fmt(r.capture)} | ${ratio} | ${r.perBaseline.toFixed(2)} | `
    + `${fmt(r.total)} |${withCpu ? ` ${fmt(r.cpu)} |` : ''} ${r.received}/${r.captured} |`);
  row(names.flytrap, s.flytrap, `**${s.ratio.toFixed(3)}**`);
  row(names.sentry, s.sentry, '1.000');
  if (s.noop) {
    lines.push(`| ${names.noop} | ${fmt(s.noop.capture)} | ${(s.flytrap.capture / s.noop.capture).toFixed(3)} | `
      + `${s.noop.perBaseline.toFixed(2)} | |${withCpu ? ' |' : ''} (not sent) |`);
  }
  lines.push(`| baseline: new Error() + .stack (${s.flytrap.frames} frames) | ${fmt(s.baseline)} | | 1.00 | |${withCpu ? ' |' : ''} |`);
  lines.push(`Until flush, flytrap / sentry: ${s.totalRatio.toFixed(2)}${withCpu ? `; process CPU, flytrap / sentry: ${
    (s.flytrap.cpu / s.sentry.cpu).toFixed(2)}` : ''}. Medians of ${s.flytrap.rounds} + ${s.sentry.rounds} rounds of `
    + `${s.flytrap.perRound} captures (events received counts warm-up rounds too).`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- run
const describe = (p) => `${p.rounds} timed rounds after ${p.warmup} warm-up, each ${p.batches} batches of ${p.batch}`;
console.log(`Node: ${describe(settings.node)}; browser: ${describe(settings.browser)}; ${REPEATS} processes (pages) per`
  + ` SDK in alternating order; receiver on ${origin}`);
process.stderr.write('node:\n');
const nodeSummary = summarize(await runAll('node', runNode));
let browserSummary;
if (browserKind !== 'none') {
  process.stderr.write(`browser (${browserKind}):\n`);
  browserSummary = summarize(await runAll(browserKind, browserKind === 'chromium' ? runChromium : runJsdom,
    ['flytrap', 'sentry', 'sentry-noop']));
}
server.close();

console.log('\n' + table(`Node ${process.version}`, nodeSummary,
  { flytrap: `@flytrap/node ${FLYTRAP_VERSION}`, sentry: `@sentry/node ${SENTRY_VERSION}` }, true));
function notes(summary) {
  for (const sdk of ['flytrap', 'sentry']) {
    const r = summary[sdk];
    if (r.warnings && r.warnings.length) console.log(`(${sdk} printed: ${r.warnings.join(' | ').slice(0, 500)})`);
    if (r.limitAfterInit !== 10) console.log(`(${sdk} left Error.stackTraceLimit at ${r.limitAfterInit}, not 10)`);
  }
}
notes(nodeSummary);
let browserTitle = 'none';
if (browserSummary) {
  const ua = browserSummary.flytrap.userAgent || '';
  browserTitle = browserKind === 'chromium'
    ? `headless ${(/HeadlessChrome\/[\d.]+/.exec(ua) || ['Chromium'])[0].replace('HeadlessChrome/', 'Chromium ')}`
      + `${browserSummary.flytrap.crossOriginIsolated ? ', cross-origin isolated (5 µs timer)' : ''}`
    : `jsdom ${JSON.parse(readFileSync(join(here, 'node_modules/jsdom/package.json'), 'utf8')).version} on Node ${process.version}`;
  console.log('\n' + table(`Browser: ${browserTitle}`, browserSummary,
    { flytrap: `@flytrap/browser ${FLYTRAP_VERSION} (flytrap.min.js)`, sentry: `@sentry/browser ${SENTRY_VERSION}`,
      noop: `informational: @sentry/browser with a no-op transport (no fetch call)` }, false));
  notes(browserSummary);
}
const flytrapSize = sizes.find((s) => s.name.startsWith('flytrap.min.js'));
const sentrySize = sizes.find((s) => s.sentry);
console.log('\nSize (esbuild bundle + minify, IIFE, es2020, unless noted; gzip -9)\n'
  + '| bundle | minified bytes | min+gzip bytes | / sentry |\n|---|---|---|---|');
for (const s of sizes) {
  console.log(`| ${s.name} | ${s.raw} | ${s.gzip} | ${(s.gzip / sentrySize.gzip).toFixed(3)} |`);
}

writeFileSync(svgOut, svg());
console.log(`\nplot: ${svgOut}`);

// ---------------------------------------------------------------- the plot
function svg() {
  const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const colors = { flytrap: '#1f6feb', sentry: '#d9822b', baseline: '#8a8f98' };
  const sections = [
    { title: `Node ${process.version}: calling-thread µs per capture (median)`, unit: ' µs', s: nodeSummary,
      platform: 'node' },
    browserSummary && { title: `Browser (${browserTitle.replace(/,.*/, '')}): calling-thread µs per capture (median)`,
      unit: ' µs', s: browserSummary, platform: 'browser' },
  ].filter(Boolean).map(({ title, unit, s, platform }) => ({ title, unit, bars: [
    { label: `@flytrap/${platform}`, value: s.flytrap.capture, color: colors.flytrap, note: `${s.ratio.toFixed(3)} × Sentry` },
    { label: `@sentry/${platform} ${SENTRY_VERSION}`, value: s.sentry.capture, color: colors.sentry, note: '' },
    ...(s.noop ? [{ label: 'same, no-op transport', value: s.noop.capture, color: '#f0b27a', note: 'no fetch call' }] : []),
    { label: 'new Error + .stack', value: s.baseline, color: colors.baseline, note: 'baseline' },
  ] }));
  sections.push({ title: 'Script size, KB min+gzip', unit: ' KB', bars: [
    { label: 'flytrap.min.js', value: flytrapSize.gzip / 1024, color: colors.flytrap,
      note: `${(flytrapSize.gzip / sentrySize.gzip).toFixed(3)} × Sentry` },
    { label: `@sentry/browser ${SENTRY_VERSION}`, value: sentrySize.gzip / 1024, color: colors.sentry, note: 'init + captureException' },
  ] });
  const width = 760;
  const left = 170;
  const barWidth = 340;
  const out = [`<text x='16' y='26' font-size='14' font-weight='bold'>JavaScript SDK capture cost: Flytrap beside Sentry ${SENTRY_VERSION} (same run)</text>`];
  let y = 44;
  for (const section of sections) {
    y += 16;
    out.push(`<text x='16' y='${y}' font-weight='bold'>${esc(section.title)}</text>`);
    y += 8;
    const max = Math.max(...section.bars.map((bar) => bar.value));
    for (const bar of section.bars) {
      const w = Math.max(1, (bar.value / max) * barWidth);
      out.push(`<text x='${left - 8}' y='${y + 13}' text-anchor='end'>${esc(bar.label)}</text>`);
      out.push(`<rect x='${left}' y='${y}' width='${w.toFixed(1)}' height='18' fill='${bar.color}'/>`);
      out.push(`<text x='${(left + w + 6).toFixed(1)}' y='${y + 13}'>${fmt(bar.value)}${section.unit}${bar.note ? ' (' + esc(bar.note) + ')' : ''}</text>`);
      y += 24;
    }
  }
  y += 10;
  out.push(`<text x='16' y='${y}' fill='#555'>Lower is better. Medians of rounds of ${settings.node.batches * settings.node.batch} (Node) and ${
    settings.browser.batches * settings.browser.batch} (browser) captures, 20-frame stacks; bench/js-sdk-capture.sh</text>`);
  return `<svg xmlns='http://www.w3.org/2000/svg' width='${width}' height='${y + 14}' font-family='sans-serif' font-size='12'>\n`
    + `<rect width='100%' height='100%' fill='white'/>\n${out.join('\n')}\n</svg>\n`;
}
