// Real Node processes (test/fixtures) using the built package, reporting to a local receiver: what happens to
// the event and to the process when errors are uncaught, as Node would do it without the SDK.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver } from './receiver';

const fixture = (name: string) => fileURLToPath(new URL('./fixtures/' + name, import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(file: string, env: Record<string, string>, execArgv: string[] = []): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, fixture(file)], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

let receiver: Receiver;

async function scenario(name: string, execArgv: string[] = [], env: Record<string, string> = {}) {
  receiver = await new Receiver().start();
  const result = await run('app.mjs', { FLYTRAP_DSN: receiver.dsn, SCENARIO: name, ...env }, execArgv);
  expect(receiver.invalid).toEqual([]);
  return result;
}

afterEach(() => receiver && receiver.stop());

describe('an uncaught exception', () => {
  it('is delivered before the process exits with code 1, printing the stack as Node does', async () => {
    const result = await scenario('uncaught');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TypeError: Cannot read properties of undefined (reading 'items')");
    expect(result.stderr).toMatch(/at checkout \(file:\/\/.*app\.mjs:15:\d+\)/);
    expect(result.stderr).toContain('Node.js ' + process.version);

    expect(receiver.events).toHaveLength(1);
    const [event] = receiver.events;
    expect(event.level).toBe('fatal');
    expect(event.handled).toBe(false);
    expect(event.tags).toEqual({ scenario: 'uncaught' });
    const exception = event.exception.at(-1);
    expect(exception.type).toBe('TypeError');
    expect(exception.mechanism).toEqual({ type: 'onuncaughtexception', handled: false });
    // ESM stacks name files as file:// URLs: the path is read for code context and sent as abs_path
    const frame = exception.stacktrace.frames.at(-1);
    expect(frame).toMatchObject({ function: 'checkout', lineno: 15, in_app: true, abs_path: fixture('app.mjs') });
    expect(frame.filename).toMatch(/^file:\/\//);
    expect(frame.context_line).toBe('  for (const item of cart.items) {');
    expect(frame.pre_context).toEqual(['});', "Flytrap.setTag('scenario', scenario);", '', 'function checkout(cart) {', '  let total = 0;']);
    expect(frame.post_context).toEqual(['    total += item.price;', '  }', '  return total;', '}', '']);
    // Node's own frames (node:internal/timers) are not the app's
    const internal = exception.stacktrace.frames.filter((f: { filename: string }) => f.filename.startsWith('node:'));
    expect(internal.length).toBeGreaterThan(0);
    expect(internal.every((f: { in_app: boolean; context_line?: string }) => !f.in_app && !f.context_line)).toBe(true);
    expect(event.runtime).toBe('node ' + process.version);
    expect(event.os).toBeTruthy();
  });

  it('leaves the process alone when the app has its own listener', async () => {
    const result = await scenario('own-listener');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("the app saw: Cannot read properties of undefined (reading 'items')\nstill running\n");
    expect(result.stderr).toBe('');
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0].exception.at(-1).mechanism).toEqual({ type: 'onuncaughtexception', handled: false });
  });

  it('is Node\'s alone with captureUnhandled: false', async () => {
    const result = await scenario('not-captured');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TypeError: Cannot read properties of undefined');
    expect(receiver.requests).toHaveLength(0);
  });

  it('ends the process within the shutdown timeout when the server is down', async () => {
    await (receiver = await new Receiver().start()).stop(); // a port nobody listens on: connections refused
    const result = await run('app.mjs', { FLYTRAP_DSN: receiver.dsn, SCENARIO: 'uncaught', SHUTDOWN_TIMEOUT: '600' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TypeError');
    expect(result.stderr).not.toContain('flytrap'); // the SDK's own failure is not the app's business
    expect(result.ms).toBeGreaterThanOrEqual(600);
    expect(result.ms).toBeLessThan(600 + 3000);
  });

  it('ends the process within the shutdown timeout when the server never answers', async () => {
    receiver = await new Receiver().start();
    receiver.answers.push({ status: 200, delay: 60000 });
    const result = await run('app.mjs', { FLYTRAP_DSN: receiver.dsn, SCENARIO: 'uncaught', SHUTDOWN_TIMEOUT: '600' });
    expect(result.code).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    expect(result.ms).toBeLessThan(600 + 3000);
  });
});

describe('an unhandled rejection', () => {
  it('is delivered, then the process exits with code 1 as in Node\'s default mode (throw)', async () => {
    const result = await scenario('rejection');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: cart service unavailable');
    expect(result.stderr).toMatch(/at loadCart \(file:\/\/.*app\.mjs:\d+:\d+\)/);
    expect(receiver.events).toHaveLength(1);
    const [event] = receiver.events;
    expect(event.level).toBe('fatal');
    expect(event.exception.at(-1)).toMatchObject({
      type: 'Error', value: 'cart service unavailable', mechanism: { type: 'onunhandledrejection', handled: false },
    });
    expect(event.exception.at(-1).stacktrace.frames.at(-1)).toMatchObject({ function: 'loadCart', in_app: true });
  });

  it('with a reason that is not an Error, is delivered with the reason and ends the process like Node', async () => {
    const result = await scenario('rejection-reason');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('UnhandledPromiseRejection');
    expect(result.stderr).toContain("{ code: 'E_CART' }");
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0].exception.at(-1)).toMatchObject({ type: 'UnhandledRejection', value: '{"code":"E_CART"}' });
  });

  it('goes to the app\'s uncaughtException listener, as Node would, without ending the process', async () => {
    const result = await scenario('own-listener-rejection');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('the app saw: cart service unavailable from unhandledRejection\nstill running\n');
    expect(receiver.events).toHaveLength(1);
  });

  it.each([
    ['warn', 0, true],
    ['warn-with-error-code', 1, true],
    ['none', 0, false],
  ])('follows --unhandled-rejections=%s: exit code %s, warning %s', async (mode, code, warning) => {
    const result = await scenario('rejection', ['--unhandled-rejections=' + mode]);
    expect(result.code).toBe(code);
    expect(result.stderr.includes('UnhandledPromiseRejectionWarning')).toBe(warning);
    expect(result.stderr).not.toContain('Node.js v'); // not a crash
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0].level).toBe('error');
  });

  it('follows --unhandled-rejections=strict given in NODE_OPTIONS: one event, exit code 1', async () => {
    const result = await scenario('rejection', [], { NODE_OPTIONS: '--unhandled-rejections=strict' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: cart service unavailable');
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0].exception.at(-1).mechanism).toEqual({ type: 'onunhandledrejection', handled: false });
  });
});

describe('a process that ends normally', () => {
  it('sends what was captured before exiting, and is not kept alive by the SDK', async () => {
    const result = await scenario('handled');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0]).toMatchObject({ level: 'error', handled: true });
    expect(result.ms).toBeLessThan(3000);
  });

  it('does not wait longer than the shutdown timeout when the server is down', async () => {
    await (receiver = await new Receiver().start()).stop();
    const result = await run('app.mjs', { FLYTRAP_DSN: receiver.dsn, SCENARIO: 'handled', SHUTDOWN_TIMEOUT: '500' });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.ms).toBeLessThan(500 + 3000);
  });

  it('works from CommonJS (require)', async () => {
    receiver = await new Receiver().start();
    const result = await run('handled.cjs', { FLYTRAP_DSN: receiver.dsn });
    expect(result.code).toBe(0);
    expect(receiver.invalid).toEqual([]);
    expect(receiver.events.map((e) => e.exception.at(-1).value)).toEqual(['from CommonJS']);
  });
});

describe('Express 4 async handlers', () => {
  it('a rejection is reported with its request (AsyncLocalStorage), then the process ends as in Node', async () => {
    receiver = await new Receiver().start();
    const result = await run('express4-async.mjs', { FLYTRAP_DSN: receiver.dsn });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: profile store down');
    expect(receiver.invalid).toEqual([]);
    expect(receiver.events).toHaveLength(1);
    const [event] = receiver.events;
    expect(event.exception.at(-1).mechanism).toEqual({ type: 'onunhandledrejection', handled: false });
    expect(event.request).toMatchObject({ method: 'GET', query_string: 'session=[Filtered]' });
    expect(event.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/users\/17\?session=\[Filtered\]$/);
    expect(event.request.headers.cookie).toBeUndefined();
    expect(event.tags).toEqual({ route: '/users/:id' });
    expect(event.user).toEqual({ id: '17' });
  });

  it('with the app\'s own unhandledRejection listener, is reported and the process keeps running', async () => {
    receiver = await new Receiver().start();
    const result = await run('express4-async.mjs', { FLYTRAP_DSN: receiver.dsn, SCENARIO: 'own-listener' });
    expect(result.stdout).toBe('the app saw: profile store down\n');
    expect(result.code).toBe(0);
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0].level).toBe('error');
    expect(receiver.events[0].tags).toEqual({ route: '/users/:id' });
  });
});
