// @vitest-environment node
// Issue #24 item 5: the script tag's automatic breadcrumbs moved to the opt-in flytrap.breadcrumbs.min.js, so that
// flytrap.min.js fits 4 KB min+gzip. In headless Chromium, three pages post to a loopback receiver: with the opt-in
// script loaded before init, and after init, a click, a console.error and a fetch become breadcrumbs of the next
// event (the SDK's own send does not); without it, only a breadcrumb added by hand is there, and errors are still
// captured. What must not happen: the opt-in script recording nothing, or the main script recording on its own.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeServer, listenOnLoopback } from './receiver';
import { closeChromium, HAS_CHROMIUM, openInChromium, servePage } from './headless-chromium';

const events: Record<string, any> = {};
let server: Server;
let port = 0;
let done: () => void;
const allReceived = new Promise<void>((resolve) => {
  done = resolve;
});

// a click, a console.error, a fetch, a breadcrumb by hand, then the event that carries them
const actions = `
  const acted = (async () => {
    document.getElementById('buy').click();
    console.error('basket empty');
    await fetch('/ping');
    Flytrap.addBreadcrumb({ category: 'manual', message: 'by hand' });
    Flytrap.captureMessage(PAGE);
  })();`;

// one page loads the next, so one browser runs all three in turn
const pages: Record<string, (api: number) => string> = {
  '/page.html': (api) => `<!doctype html><html><body><button id="buy" class="primary">Buy</button>
    <script src="/flytrap.min.js"></script><script src="/flytrap.breadcrumbs.min.js"></script><script>
    const PAGE = 'opt-in before init';
    Flytrap.init({ dsn: 'http://pubkey@127.0.0.1:${api}/5' });${actions}
    acted.then(() => Flytrap.flush(10000)).then(() => { location.href = '/after-init.html'; });
  </script></body></html>`,
  '/after-init.html': (api) => `<!doctype html><html><body><button id="buy" class="primary">Buy</button>
    <script src="/flytrap.min.js"></script><script>
    const PAGE = 'opt-in after init';
    Flytrap.init({ dsn: 'http://pubkey@127.0.0.1:${api}/5' });
    const s = document.createElement('script');
    s.src = '/flytrap.breadcrumbs.min.js';
    s.onload = () => { ${actions}
      acted.then(() => Flytrap.flush(10000)).then(() => { location.href = '/without.html'; }); };
    document.body.appendChild(s);
  </script></body></html>`,
  '/without.html': (api) => `<!doctype html><html><body><button id="buy" class="primary">Buy</button>
    <script src="/flytrap.min.js"></script><script>
    const PAGE = 'without opt-in';
    Flytrap.init({ dsn: 'http://pubkey@127.0.0.1:${api}/5' });${actions}
    setTimeout(() => { throw new Error('uncaught without opt-in'); }, 0);
  </script></body></html>`,
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url || '').split('?')[0];
      if (pages[path]) {
        res.writeHead(200, { 'content-type': 'text/html' }).end(pages[path](port));
      } else if (servePage(path, res, '')) {
        // the bundles or the favicon
      } else if (path === '/api/errors') {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')).data;
        events[event.message || event.exception[0].value] = event;
        res.writeHead(200, { 'access-control-allow-origin': '*' }).end('{}');
        if (Object.keys(events).length === 4) done();
      } else {
        res.writeHead(200).end('pong');
      }
    });
  });
  port = await listenOnLoopback(server);
});

afterAll(async () => {
  closeChromium();
  await closeServer(server);
});

const crumbs = (page: string) => (events[page].breadcrumbs as any[]).map((crumb) => crumb.category + ' '
  + (crumb.message || (crumb.data && crumb.data.method + ' ' + crumb.data.url)));

it.skipIf(!HAS_CHROMIUM)('headless Chromium: the opt-in script records breadcrumbs before or after init; without it only manual ones', async () => {
  openInChromium(`http://localhost:${port}/page.html`);
  await Promise.race([allReceived,
    new Promise((_, reject) => setTimeout(() => reject(new Error('events missing: ' + Object.keys(events))), 50000))]);

  for (const page of ['opt-in before init', 'opt-in after init']) {
    expect(crumbs(page), page).toEqual(['ui.click button#buy.primary', 'console basket empty',
      'fetch GET /ping', 'manual by hand']);
  }
  expect(crumbs('without opt-in')).toEqual(['manual by hand']);
  expect(events['uncaught without opt-in'].exception[0].mechanism).toEqual({ type: 'onerror', handled: false });
}, 60000);
