// @vitest-environment node
// Issue #20 item 3 on the browser SDK's page-leave path, in headless Chromium with the script-tag build. When the
// page goes away the SDK sends whatever still waits in its queue at once. navigator.sendBeacon did that: it follows
// a redirect (a 307 re-posts the event to the sign-in page) and hands the page no answer, so a redirected event
// counted as delivered. The page-leave path now uses fetch with keepalive (which outlives the page) and
// redirect: 'manual'.
//
// What can be observed:
// 1. A page-leave flush while the page stays (a pagehide event dispatched by the page itself runs the SDK's own
//    listener, as on a tab switch): the redirect is not followed, the SDK sees the opaque redirect, does not count
//    the event as delivered, and sends it again with its event_id until the ingest URL answers 200.
// 2. A real unload (the page navigates away): the request still leaves, and the redirect is not followed (no
//    request reaches /login). What cannot be observed: the page is gone, so there is no SDK left to see the answer
//    or to retry; that event is lost, as any event is when the server does not take it before the page is closed.
//    Nor can the server see that the request went with keepalive (no header says so; a plain fetch started during
//    pagehide may also get out before the page is torn down): browser.test.ts checks the options the SDK gives fetch.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeServer, listenOnLoopback } from './receiver';
import { closeChromium, HAS_CHROMIUM, openInChromium, servePage } from './headless-chromium';


interface Hit { method: string; path: string; eventId?: string; message?: string; status: number }

const hits: Hit[] = [];
const redirected = new Set<string>();
let server: Server;
let port = 0;
let resolveNext: (value: unknown) => void;
const nextLoaded = new Promise((resolve) => {
  resolveNext = resolve;
});
/** The page's request /delivered waits here until the retried "hidden" event is answered 200 (or was lost to /login). */
let resolveDelivered: () => void;
const delivered = new Promise<void>((resolve) => {
  resolveDelivered = resolve;
});

// The page runs at localhost, the ingest URL at 127.0.0.1: a cross-origin send, as from a real site to Flytrap.
// Each time, a first event ("held ...") is in flight (its answer delayed) so the second one waits in the queue and
// goes out through the page-leave path.
const page = (apiPort: number) => `<!doctype html><html><body><script src="/flytrap.min.js"></script><script>
  Flytrap.init({ dsn: 'http://pubkey@127.0.0.1:${apiPort}/5', debug: true, breadcrumbs: false });
  const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  (async () => {
    Flytrap.captureMessage('held hidden');
    Flytrap.captureMessage('hidden');
    await tick(200);
    dispatchEvent(new Event('pagehide'));
    await fetch('/delivered');
    Flytrap.captureMessage('held unload');
    Flytrap.captureMessage('unload');
    await tick(200);
    location.href = '/next.html';
  })();
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
      } else if (path === '/delivered') {
        delivered.then(() => res.writeHead(204).end());
      } else if (path === '/next.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>next</html>');
        resolveNext(undefined);
      } else if (path === '/api/errors') {
        let event: any = {};
        try {
          event = JSON.parse(body).data;
        } catch {
          // recorded without an id; the assertions below then fail
        }
        const message = String(event.message);
        const first = !redirected.has(event.event_id);
        redirected.add(event.event_id);
        const status = message.startsWith('held') || !first ? 200 : 307;
        hits.push({ method: req.method || '', path, eventId: event.event_id, message, status });
        if (message === 'hidden' && status === 200) resolveDelivered();
        // the "held" events answer late, keeping the next event waiting in the queue until the page leaves
        setTimeout(() => {
          // the redirect carries CORS headers too, so a followed one would reach /login rather than fail on CORS
          res.writeHead(status, status === 200 ? cors : { ...cors, location: `http://127.0.0.1:${port}/login` })
            .end('{}');
        }, message.startsWith('held') ? 1000 : 0);
      } else {
        hits.push({ method: req.method || '', path, message: body, status: 200 });
        resolveDelivered(); // a followed redirect: the event will not come back, let the page go on to the unload
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

it.skipIf(!HAS_CHROMIUM)('headless Chromium: the page-leave flush never follows a redirect, and while the page lives the redirected event is retried with its event_id', async () => {
  openInChromium(`http://localhost:${port}/page.html`);

  await Promise.race([nextLoaded,
    new Promise((_, reject) => setTimeout(() => reject(new Error(
      'the page did not reach /next.html; requests seen: ' + JSON.stringify(hits))), 40000))]);
  // The unload's keepalive request may land after the next page: give it time, and a followed redirect time to show
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !hits.some((hit) => hit.message === 'unload')) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));

  // Never: the browser at the redirect's target, neither while the page lived nor after it was gone
  expect(hits.filter((hit) => hit.path !== '/api/errors')).toEqual([]);
  expect(hits.every((hit) => hit.method === 'POST')).toBe(true);
  const of = (message: string) => hits.filter((hit) => hit.message === message);
  // 1. The page stayed: the redirect was not a delivery; the same event (same event_id) went again and got its 200
  const hidden = of('hidden');
  expect(hidden.map((hit) => hit.status)).toEqual([307, 200]);
  expect(hidden[1].eventId).toBe(hidden[0].eventId);
  // 2. The page was gone: the page-leave request was sent, once, and its redirect was not followed
  expect(of('unload').map((hit) => hit.status)).toEqual([307]);
  expect(of('held hidden')).toHaveLength(1);
  expect(of('held unload')).toHaveLength(1);
}, 60000);
