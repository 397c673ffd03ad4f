// @vitest-environment node
// Issue #20 item 3 in a real browser: the script-tag build (dist/flytrap.min.js) in headless Chromium, posting to a
// loopback server whose ingest URL redirects to /login, a page that answers 200. A browser's fetch followed the
// redirect (a 302 as a GET, a 307/308 re-posting the event) and the sign-in page's 200 passed for a delivery. With
// redirect: 'manual' the browser hands back an opaque redirect (status 0, no Location): the SDK must not count it
// as delivered, must never let the browser reach /login, and must deliver the same event (same event_id) once the
// ingest URL answers 200. jsdom has Node's fetch, whose manual redirects keep their status, so only a real browser
// shows the opaque-redirect case.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeServer, listenOnLoopback } from './receiver';
import { closeChromium, HAS_CHROMIUM, openInChromium, servePage } from './headless-chromium';

const STATUSES = [301, 302, 303, 307, 308];

interface Hit { method: string; path: string; eventId?: string; message?: string; status: number }

const hits: Hit[] = [];
/** Event ids already answered with their redirect: a second attempt of the same event is answered 200. */
const redirected = new Set<string>();
let server: Server;
let port = 0;
let result: (value: any) => void;
const pageResult = new Promise<any>((resolve) => {
  result = resolve;
});

// The page runs at localhost, the ingest URL at 127.0.0.1: a cross-origin send, as from a real site to Flytrap
const page = (apiPort: number) => `<!doctype html><html><body><script src="/flytrap.min.js"></script><script>
  const logs = [];
  console.debug = (line) => logs.push(String(line));
  Flytrap.init({ dsn: 'http://pubkey@127.0.0.1:${apiPort}/5', debug: true, breadcrumbs: false });
  const ids = ${JSON.stringify(STATUSES)}.map((status) => Flytrap.captureMessage('redirect ' + status));
  Flytrap.flush(30000).then((flushed) => fetch('/result', { method: 'POST', body: JSON.stringify({ ids, flushed, logs }) }));
</script></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url || '').split('?')[0];
      const cors = { 'access-control-allow-origin': '*' };
      if (servePage(path, res, page(port))) {
        // the page, the bundle or the favicon
      } else if (path === '/result') {
        res.writeHead(204).end();
        result(JSON.parse(body));
      } else if (path === '/api/errors') {
        let event: any = {};
        try {
          event = JSON.parse(body).data;
        } catch {
          // recorded without an id; the assertions below then fail
        }
        const first = !redirected.has(event.event_id);
        redirected.add(event.event_id);
        const status = first ? Number(String(event.message).split(' ')[1]) : 200;
        hits.push({ method: req.method || '', path, eventId: event.event_id, message: event.message, status });
        // the redirect carries CORS headers too, so a followed one would reach /login rather than fail on CORS
        res.writeHead(status, status === 200 ? cors : { ...cors, location: `http://127.0.0.1:${port}/login` }).end('{}');
      } else {
        hits.push({ method: req.method || '', path, status: 200 });
        res.writeHead(200, { 'content-type': 'text/html', ...cors }).end('<html>Sign in</html>');
      }
    });
  });
  port = await listenOnLoopback(server);
});

afterAll(async () => {
  closeChromium();
  await closeServer(server);
});

it.skipIf(!HAS_CHROMIUM)('headless Chromium: a redirect from the ingest URL is never followed, and the event is retried with its event_id until delivered', async () => {
  openInChromium(`http://localhost:${port}/page.html`);

  const { ids, flushed, logs } = await Promise.race([pageResult,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no result from the page')), 50000))]);

  expect(flushed).toBe(true);
  // Never: the browser at the redirect's target
  expect(hits.filter((hit) => hit.path !== '/api/errors')).toEqual([]);
  // Each event: its redirected attempt, then the retry with the same event_id, delivered by the 200
  expect(hits.map((hit) => [hit.eventId, hit.status])).toEqual(
    STATUSES.flatMap((status, i) => [[ids[i], status], [ids[i], 200]]));
  expect(hits.every((hit) => hit.method === 'POST')).toBe(true);
  // The debug log says why: an opaque redirect (status 0) is not a delivery
  expect(logs.filter((line: string) => line.includes('not delivered: redirect'))).toHaveLength(STATUSES.length);
}, 60000);
