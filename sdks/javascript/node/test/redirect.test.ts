// Issue #20 item 3: an ingest URL that redirects (a sign-in filter answering 302 to /login, a moved host) must not
// count as a delivery. Node's fetch followed the redirect, the /login page answered 200, and the event was
// dropped as delivered. The SDK must never request the redirect's target, must keep and retry the event like a
// 5xx, and deliver it once (with its first event_id) when the ingest URL answers 200 again.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import * as Flytrap from '../src/index';

interface Hit { method: string; path: string; eventId?: string }

/** A real loopback server: POST /api/errors answers from a script (default 200); every other path answers 200. */
const hits: Hit[] = [];
const script: number[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url || '').split('?')[0];
      let eventId: string | undefined;
      try {
        eventId = JSON.parse(Buffer.concat(chunks).toString('utf8')).data.event_id;
      } catch {
        // a GET to /login has no body
      }
      hits.push({ method: req.method || '', path, eventId });
      const status = path === '/api/errors' ? script.shift() ?? 200 : 200;
      // /login answers 200 with the CORS header a browser would need: following the redirect would look like success
      res.writeHead(status, status >= 300 && status < 400
        ? { location: '/login', 'content-type': 'text/html' } : { 'content-type': 'text/html', 'access-control-allow-origin': '*' });
      res.end(status === 200 ? '<html>Sign in</html>' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  Flytrap.init({ dsn: `http://public-key@127.0.0.1:${port}/7`, captureUnhandled: false, debug: true });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits.length = 0;
  script.length = 0;
});

it.each([301, 302, 303, 307, 308])('does not follow a %i from the ingest URL, keeps the event and delivers it once the URL answers 200', async (status) => {
  const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  try {
    script.push(status);
    const id = Flytrap.captureMessage('behind a sign-in redirect ' + status);
    expect(await Flytrap.flush(10000)).toBe(true);
    // Never: a request to the redirect's target (a 302/303 would have become a GET, a 307/308 re-POSTs the event)
    expect(hits.filter((hit) => hit.path !== '/api/errors')).toEqual([]);
    // Not counted delivered after the redirects: the same event was posted again until the 200
    expect(hits).toEqual([
      { method: 'POST', path: '/api/errors', eventId: id },
      { method: 'POST', path: '/api/errors', eventId: id },
    ]);
    expect(Flytrap.getClient()!.transport.dropped).toBe(0);
    expect(debug.mock.calls.map((call) => String(call[0])).join('\n')).toContain(String(status));
  } finally {
    debug.mockRestore();
  }
});

it('keeps an event queued (flush says not delivered) while every answer is a redirect', async () => {
  script.push(302, 302, 302, 302, 302, 302);
  Flytrap.captureMessage('still redirected');
  // Two redirected attempts fit in 1.5 s (the backoff starts at 1 s): the event is still waiting, not delivered
  expect(await Flytrap.flush(1500)).toBe(false);
  expect(hits.length).toBeGreaterThanOrEqual(1);
  expect(hits.every((hit) => hit.path === '/api/errors' && hit.method === 'POST')).toBe(true);
  script.length = 0; // the server recovers: the next attempt is answered 200
  expect(await Flytrap.flush(20000)).toBe(true);
  expect(hits.filter((hit) => hit.path === '/login')).toEqual([]);
}, 30000);
