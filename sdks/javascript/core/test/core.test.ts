import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client, createApi, exceptionChain, parseStack, resolveTarget, retryAfterMs, safeHeaders, Scope, scrub, scrubUrl,
  Transport, type FlytrapEvent, type Platform, type Send } from '../src/index';
import { expectValidPayload } from './schema';

const DSN = 'https://abc123@errors.example/7';

function platform(send: Send, scope = new Scope()): Platform {
  return { name: 'javascript', sdk: { name: 'test', version: '0' }, send, scope: () => scope, inApp: () => true };
}

function recorder() {
  const bodies: string[] = [];
  const send: Send = async (_url, body) => {
    bodies.push(body);
    return { status: 200 };
  };
  return { bodies, send, events: () => bodies.map((b) => JSON.parse(b).data as FlytrapEvent) };
}

describe('target', () => {
  it('reads a DSN into the native endpoint with the key in the query', () => {
    expect(resolveTarget({ dsn: DSN })).toEqual({ url: 'https://errors.example/api/errors?api_key=abc123', projectId: 7 });
    expect(resolveTarget({ dsn: 'http://k@localhost:8080/flytrap/12' }).url).toBe('http://localhost:8080/flytrap/api/errors?api_key=k');
    expect(resolveTarget({ endpoint: 'http://h/', projectId: '3', apiKey: 'k' }).url).toBe('http://h/api/errors?api_key=k');
  });

  it('refuses what cannot be a target, with a clear message', () => {
    expect(() => resolveTarget({ dsn: 'not a dsn' })).toThrow(/DSN must look like/);
    expect(() => resolveTarget({ endpoint: 'http://h', apiKey: 'k' })).toThrow(/projectId/);
    expect(() => resolveTarget({ endpoint: 'http://h', projectId: 1.5, apiKey: 'k' })).toThrow();
  });
});

describe('stacks', () => {
  it('parses V8 stacks, caller first', () => {
    const frames = parseStack('TypeError: x\n    at render (https://a.example/app.js:3:5)\n'
      + '    at async load (https://a.example/lib.js:10:2)\n    at https://a.example/main.js:1:9');
    expect(frames).toEqual([
      { filename: 'https://a.example/main.js', function: '?', lineno: 1, colno: 9 },
      { filename: 'https://a.example/lib.js', function: 'load', lineno: 10, colno: 2 },
      { filename: 'https://a.example/app.js', function: 'render', lineno: 3, colno: 5 },
    ]);
  });

  it('parses Firefox and Safari stacks', () => {
    expect(parseStack('render@https://a.example/app.js:3:5\n@https://a.example/main.js:1:9')).toEqual([
      { filename: 'https://a.example/main.js', function: '?', lineno: 1, colno: 9 },
      { filename: 'https://a.example/app.js', function: 'render', lineno: 3, colno: 5 },
    ]);
  });

  it('keeps no frame for lines it cannot read, and never throws on nonsense', () => {
    expect(parseStack('just a message\n    at native code')).toEqual([]);
    expect(parseStack(undefined)).toEqual([]);
  });
});

describe('exception chains', () => {
  it('lists causes oldest first with the mechanism on the caught error', () => {
    const root = new Error('disk full');
    const caught = new Error('save failed', { cause: root });
    const chain = exceptionChain(caught, { type: 'generic', handled: true });
    expect(chain.map((e) => e.value)).toEqual(['disk full', 'save failed']);
    expect(chain[1].mechanism).toEqual({ type: 'generic', handled: true });
    expect(chain[0].mechanism).toBeUndefined();
  });

  it('describes non-Error values and names unhandled rejections', () => {
    expect(exceptionChain('boom', { type: 'generic', handled: true })).toEqual([
      { type: 'Error', value: 'boom', mechanism: { type: 'generic', handled: true } }]);
    expect(exceptionChain({ code: 42 }, { type: 'onunhandledrejection', handled: false })[0])
      .toMatchObject({ type: 'UnhandledRejection', value: '{"code":42}' });
  });

  it('stops at a cycle of causes and at five causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(exceptionChain(b, { type: 'generic', handled: true })).toHaveLength(2);
    let deep: Error = new Error('0');
    for (let i = 1; i < 20; i++) deep = new Error(String(i), { cause: deep });
    expect(exceptionChain(deep, { type: 'generic', handled: true })).toHaveLength(6);
  });
});

describe('privacy', () => {
  it('removes cookies and authorization unless PII is allowed, and always filters other secret-looking headers', () => {
    const headers = { Cookie: 'sid=1', Authorization: 'Bearer x', 'X-Api-Key': 'k', 'X-Auth-Token': 't',
      'X-Forwarded-For': '1.2.3.4', Accept: 'text/html' };
    expect(safeHeaders(headers, false))
      .toEqual({ 'X-Api-Key': '[Filtered]', 'X-Auth-Token': '[Filtered]', Accept: 'text/html' });
    // sendDefaultPii is about personal data: it lets cookies, Authorization and the forwarding headers through,
    // never the app's own credentials
    expect(safeHeaders(headers, true)).toEqual({ Cookie: 'sid=1', Authorization: 'Bearer x', 'X-Api-Key': '[Filtered]',
      'X-Auth-Token': '[Filtered]', 'X-Forwarded-For': '1.2.3.4', Accept: 'text/html' });
  });

  it("leaves out every header that carries the client's address unless PII is allowed", () => {
    const headers = { Forwarded: 'for=1.2.3.4', 'True-Client-IP': '1.2.3.4', 'CF-Connecting-IP': '1.2.3.4',
      'X-Client-IP': '1.2.3.4', 'Fastly-Client-IP': '1.2.3.4', Accept: 'text/html' };
    expect(safeHeaders(headers, false)).toEqual({ Accept: 'text/html' });
    expect(Object.keys(safeHeaders(headers, true))).toHaveLength(6);
  });

  it('filters secret values in nested data and URLs', () => {
    expect(scrub({ user: { password: 'p', name: 'ada' }, list: [{ token: 't' }] }))
      .toEqual({ user: { password: '[Filtered]', name: 'ada' }, list: [{ token: '[Filtered]' }] });
    expect(scrub({ tokens: ['a', 'b'], auth: { user: 'u', pass: 'p' }, session: null }))
      .toEqual({ tokens: '[Filtered]', auth: '[Filtered]', session: null });
    let deep: Record<string, unknown> = { password: 'hunter2' };
    for (let level = 0; level < 12; level++) deep = { next: deep };
    expect(JSON.stringify(scrub(deep))).not.toContain('hunter2');
    expect(JSON.stringify(scrub(deep))).toContain('[Too deep]');
    expect(scrubUrl('https://a.example/cb?code=1&access_token=xyz#top')).toBe('https://a.example/cb?code=1&access_token=[Filtered]#top');
    expect(scrubUrl('https://a.example/cb#access_token=xyz&state=1')).toBe('https://a.example/cb#access_token=[Filtered]&state=1');
  });
});

describe('transport', () => {
  afterEach(() => vi.useRealTimers());
  const log = () => undefined;

  it('retries 5xx and network failures with backoff, then delivers once', async () => {
    const answers = [() => Promise.reject(new Error('refused')), () => Promise.resolve({ status: 503 }),
      () => Promise.resolve({ status: 200 })];
    const sent: string[] = [];
    const transport = new Transport((_u, body) => {
      sent.push(body);
      return answers[sent.length - 1]();
    }, 'u', { maxQueueSize: 5, maxAttempts: 5, backoff: 1, log });
    transport.enqueue('e1');
    expect(await transport.flush(2000)).toBe(true);
    expect(sent).toEqual(['e1', 'e1', 'e1']);
  });

  it('drops a 4xx other than 429 without retrying', async () => {
    const sent: string[] = [];
    const transport = new Transport(async (_u, body) => {
      sent.push(body);
      return { status: 400 };
    }, 'u', { maxQueueSize: 5, maxAttempts: 5, backoff: 1, log });
    transport.enqueue('bad');
    transport.enqueue('next');
    await transport.flush(1000);
    expect(sent).toEqual(['bad', 'next']);
  });

  it('sends nothing while a 429 Retry-After lasts', async () => {
    const times: number[] = [];
    const transport = new Transport(async () => {
      times.push(Date.now());
      return times.length === 1 ? { status: 429, retryAfter: '0.3' } : { status: 200 };
    }, 'u', { maxQueueSize: 5, maxAttempts: 5, backoff: 1, log });
    transport.enqueue('e');
    await transport.flush(3000);
    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(290);
    expect(retryAfterMs('120')).toBe(120000);
    expect(retryAfterMs(null)).toBe(60000);
  });

  it('keeps memory bounded: a full queue drops new events and counts them', async () => {
    const transport = new Transport(() => new Promise(() => undefined), 'u',
      { maxQueueSize: 3, maxAttempts: 1, backoff: 1, log });
    for (let i = 0; i < 10; i++) transport.enqueue('e' + i);
    expect(transport.dropped).toBe(7);
    expect(await transport.flush(50)).toBe(false); // the timeout bounds a flush that cannot finish
  });
});

describe('client', () => {
  it('sends schema-valid events with scope, release and mechanism', async () => {
    const { send, bodies, events } = recorder();
    const scope = new Scope();
    scope.user = { id: 42 };
    scope.tags.region = 'eu';
    scope.addBreadcrumb({ category: 'ui.click', message: 'button#buy' });
    const client = new Client({ dsn: DSN, release: 'web@1.0', environment: 'production' }, platform(send, scope));
    const id = client.captureException(new TypeError('x is not a function'));
    client.captureMessage('cache warmed', 'info');
    await client.flush(1000);
    bodies.forEach(expectValidPayload);
    const [error, message] = events();
    expect(error).toMatchObject({ event_id: id, project_id: 7, level: 'error', handled: true, release: 'web@1.0',
      environment: 'production', user: { id: 42 }, tags: { region: 'eu' } });
    expect(error.exception![0]).toMatchObject({ type: 'TypeError', value: 'x is not a function' });
    expect(error.exception![0].stacktrace!.frames.length).toBeGreaterThan(0);
    expect(error.breadcrumbs![0]).toMatchObject({ category: 'ui.click', message: 'button#buy' });
    expect(message).toMatchObject({ message: 'cache warmed', level: 'info' });
    expect(message.exception).toBeUndefined();
  });

  it('reports the same error object once', async () => {
    const { send, events } = recorder();
    const client = new Client({ dsn: DSN }, platform(send));
    const error = new Error('twice');
    expect(client.captureException(error)).toBeDefined();
    expect(client.captureException(error)).toBeUndefined();
    await client.flush(1000);
    expect(events()).toHaveLength(1);
  });

  it('lets beforeSend change or drop an event, and drops the event when beforeSend throws', async () => {
    const { send, events } = recorder();
    let calls = 0;
    const client = new Client({ dsn: DSN, beforeSend: (event) => {
      calls++;
      if (calls === 1) return null;
      if (calls === 2) throw new Error('buggy hook');
      return { ...event, tags: { changed: true } };
    } }, platform(send));
    client.captureMessage('dropped');
    client.captureMessage('hook threw');
    client.captureMessage('changed');
    await client.flush(1000);
    expect(events().map((e) => e.message)).toEqual(['changed']);
    expect(events()[0].tags).toEqual({ changed: true });
  });

  it('samples: sampleRate 0 sends nothing', async () => {
    const { send, bodies } = recorder();
    const client = new Client({ dsn: DSN, sampleRate: 0 }, platform(send));
    expect(client.captureException(new Error('x'))).toBeUndefined();
    await client.flush(100);
    expect(bodies).toHaveLength(0);
  });

  it('decides in_app by include/exclude lists before the platform rule', async () => {
    const { send, events } = recorder();
    const client = new Client({ dsn: DSN, inAppExclude: ['vendor'] }, platform(send));
    const error = new Error('x');
    error.stack = 'Error: x\n    at a (https://a.example/vendor.js:1:1)\n    at b (https://a.example/app.js:1:1)';
    client.captureException(error);
    await client.flush(1000);
    const frames = events()[0].exception![0].stacktrace!.frames;
    expect(frames.map((f) => [f.filename, f.in_app])).toEqual([['https://a.example/app.js', true], ['https://a.example/vendor.js', false]]);
  });

  it('filters secrets in contexts and breadcrumbs before sending', async () => {
    const { send, events } = recorder();
    const scope = new Scope();
    scope.contexts.login = { username: 'ada', password: 'hunter2' };
    scope.addBreadcrumb({ category: 'auth', data: { token: 't0k' } });
    const client = new Client({ dsn: DSN }, platform(send, scope));
    client.captureMessage('m');
    await client.flush(1000);
    expect(JSON.stringify(events()[0])).not.toMatch(/hunter2|t0k/);
  });

  it('filters secrets in the request URL and query string a framework integration passes', async () => {
    const { send, events } = recorder();
    const client = new Client({ dsn: DSN }, platform(send));
    client.captureException(new Error('x'), { request: { method: 'GET', url: 'https://a.example/p?api_key=k1&page=2',
      query_string: 'api_key=k1&page=2' } });
    await client.flush(1000);
    expect(events()[0].request).toMatchObject({ url: 'https://a.example/p?api_key=[Filtered]&page=2',
      query_string: 'api_key=[Filtered]&page=2' });
  });

  it('sends what is queued on close, and captures nothing after it', async () => {
    const { send, events } = recorder();
    const client = new Client({ dsn: DSN }, platform(send));
    client.captureMessage('before close');
    expect(await client.close(1000)).toBe(true);
    expect(client.captureMessage('after close')).toBeUndefined();
    await client.flush(100);
    expect(events().map((e) => e.message)).toEqual(['before close']);
  });

  it('capture never throws into the app, even when the platform fails', () => {
    const broken = { ...platform(async () => ({ status: 200 })), scope: () => { throw new Error('broken'); } };
    const client = new Client({ dsn: DSN }, broken as Platform);
    expect(() => client.captureException(new Error('x'))).not.toThrow();
  });
});

describe('api', () => {
  it('keeps the first configuration when init is called twice, and warns', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const scope = new Scope();
    const api = createApi(() => platform(async () => ({ status: 200 }), scope), () => scope);
    const first = api.init({ dsn: DSN });
    const second = api.init({ dsn: 'https://other@h/9' });
    expect(second).toBe(first);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('init was called again'));
  });

  it('does nothing (and throws nothing) before init or after a bad init', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const scope = new Scope();
    const api = createApi(() => platform(async () => ({ status: 200 }), scope), () => scope);
    expect(api.captureException(new Error('early'))).toBeUndefined();
    expect(api.init({ dsn: 'nonsense' })).toBeUndefined();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('DSN'));
    api.setTag('a', 1);
    expect(scope.tags).toEqual({ a: 1 });
  });

  it('keeps at most 100 breadcrumbs', () => {
    const scope = new Scope(500);
    for (let i = 0; i < 150; i++) scope.addBreadcrumb({ message: String(i) });
    expect(scope.breadcrumbs).toHaveLength(100);
    expect(scope.breadcrumbs[0].message).toBe('50');
  });
});
