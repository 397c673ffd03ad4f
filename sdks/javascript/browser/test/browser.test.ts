import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Flytrap from '../src/index';
import type { FlytrapEvent } from '../src/index';
import { describeUserAgent } from '../src/useragent';
import { expectValidPayload } from '../../core/test/schema';
import { startReceiver, type Receiver } from './receiver';

// jsdom has no sendBeacon; this stand-in records what the SDK hands it when the page goes away (only where fetch
// keepalive cannot take the event).
const beacons: Array<[string, string]> = [];
let beaconAccepts = true;
Object.defineProperty(navigator, 'sendBeacon', { configurable: true,
  value: (url: string, body: string) => beaconAccepts && beacons.push([url, body]) > 0 });

// What the SDK asks of fetch for its own sends: the SDK keeps the fetch it finds at init, this recorder
const sends: Array<{ body: string; keepalive?: boolean; redirect?: string }> = [];
const realFetch = window.fetch;
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  if (String(input).includes('/api/errors')) sends.push({ body: String(init!.body), keepalive: init!.keepalive, redirect: init!.redirect });
  return realFetch(input, init);
};

let receiver: Receiver;
const events = () => receiver.bodies.map((body) => JSON.parse(body).data as FlytrapEvent);
const last = () => events()[events().length - 1];

beforeAll(async () => {
  receiver = await startReceiver();
  Flytrap.init({ dsn: `http://pubkey@127.0.0.1:${receiver.port}/5`, release: 'shop@2.0.0', environment: 'test' });
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.bodies.length = 0;
  receiver.answer = () => ({ status: 200 });
});

async function captured(count = 1): Promise<FlytrapEvent> {
  await Flytrap.flush(3000);
  await receiver.waitFor(count);
  receiver.bodies.forEach(expectValidPayload);
  return last();
}

describe('browser SDK', () => {
  it('sends a manual capture as text/plain with the key in the URL (no CORS preflight)', async () => {
    const id = Flytrap.captureException(new RangeError('bad quantity'));
    const event = await captured();
    expect(receiver.urls[0]).toBe('/api/errors?api_key=pubkey');
    expect(event).toMatchObject({ event_id: id, project_id: 5, platform: 'javascript', release: 'shop@2.0.0',
      environment: 'test', handled: true, sdk: { name: 'flytrap.javascript' } });
    expect(event.exception![0]).toMatchObject({ type: 'RangeError', value: 'bad quantity' });
    expect(event.request!.url).toBe(location.href);
  });

  it('reports uncaught errors as unhandled', async () => {
    const error = new TypeError('cart is undefined');
    window.dispatchEvent(new ErrorEvent('error', { error, message: error.message }));
    const event = await captured();
    expect(event.handled).toBe(false);
    expect(event.exception![0]).toMatchObject({ type: 'TypeError', mechanism: { type: 'onerror', handled: false } });
  });

  it('keeps the location of a cross-origin "Script error." that has no error object', async () => {
    window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.', filename: 'https://cdn.example/w.js', lineno: 1, colno: 77 }));
    const event = await captured();
    expect(event.exception![0].stacktrace!.frames[0]).toMatchObject({ filename: 'https://cdn.example/w.js', lineno: 1, colno: 77 });
  });

  it('reports unhandled rejections with Error and non-Error reasons', async () => {
    const rejection = (reason: unknown) => Object.assign(new Event('unhandledrejection'), { reason });
    window.dispatchEvent(rejection(new Error('fetch failed')));
    window.dispatchEvent(rejection({ code: 'E_TIMEOUT' }));
    await captured(2);
    const [withError, withObject] = events();
    expect(withError.exception![0]).toMatchObject({ type: 'Error', value: 'fetch failed',
      mechanism: { type: 'onunhandledrejection', handled: false } });
    expect(withObject.exception![0]).toMatchObject({ type: 'UnhandledRejection', value: '{"code":"E_TIMEOUT"}' });
  });

  it('does not report the same error object twice', async () => {
    const error = new Error('seen twice');
    Flytrap.captureException(error);
    window.dispatchEvent(new ErrorEvent('error', { error }));
    await captured(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.bodies).toHaveLength(1);
  });

  it('records clicks, navigation, fetch and console breadcrumbs, but not its own sends or request bodies', async () => {
    document.body.innerHTML = '<button id="buy" class="primary large">Buy for Ada Lovelace</button>';
    (document.getElementById('buy') as HTMLButtonElement).click();
    history.pushState({}, '', '/checkout?token=s3cret');
    const response = await fetch(`http://127.0.0.1:${receiver.port}/prices?session=abc`, { method: 'post', body: 'secret body' });
    expect(response.status).toBe(200);
    console.warn('stock low', { sku: 7, password: 'hunter2' });
    Flytrap.captureMessage('checkout opened');
    const event = await captured();
    const crumbs = event.breadcrumbs!;
    expect(crumbs).toContainEqual(expect.objectContaining({ category: 'ui.click', message: 'button#buy.primary.large' }));
    expect(crumbs).toContainEqual(expect.objectContaining({ category: 'navigation',
      data: expect.objectContaining({ to: expect.stringContaining('/checkout?token=[Filtered]') }) }));
    expect(crumbs).toContainEqual(expect.objectContaining({ type: 'http', data: { method: 'POST',
      url: `http://127.0.0.1:${receiver.port}/prices?session=[Filtered]`, status_code: 200 } }));
    expect(crumbs).toContainEqual(expect.objectContaining({ category: 'console', level: 'warning', message: 'stock low {"sku":7,"password":"[Filtered]"}' }));
    const text = JSON.stringify(crumbs);
    expect(text).not.toContain('Ada Lovelace');
    expect(text).not.toContain('secret body');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('/api/errors');
  });

  // When the page goes away, the events still waiting go out at once by fetch with keepalive (which outlives the
  // page) and redirect 'manual', so the transport sees each answer; sendBeacon followed redirects and showed none.
  // That the browser really sends keepalive/manual requests after an unload is shown in headless Chromium
  // (chromium-leave.test.ts); here jsdom runs Node's fetch, which has keepalive.
  it('sends waiting events at once by fetch, not by sendBeacon, when the page is hidden', async () => {
    receiver.answer = () => ({ status: 200, delay: 300 });
    Flytrap.captureMessage('first, in flight');
    Flytrap.captureMessage('second, waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
    beacons.length = 0;
    window.dispatchEvent(new Event('pagehide'));
    // both arrive before the first one's answer (300 ms): the waiting one did not wait for its turn in the queue
    await receiver.waitFor(2, 200);
    expect(beacons).toEqual([]);
    expect(receiver.bodies.map((b) => JSON.parse(b).data.message)).toEqual(['first, in flight', 'second, waiting']);
    expect(sends.filter((send) => JSON.parse(send.body).data.message === 'second, waiting'))
      .toEqual([expect.objectContaining({ keepalive: true, redirect: 'manual' })]);
    await Flytrap.flush(2000);
  });

  it('retries an event sent when the page is hidden that is answered with a redirect, with its event_id', async () => {
    const paths: string[] = [];
    // the first request (in flight) is answered late, the second (sent on page leave) with a redirect, then 200s
    receiver.answer = (request) => {
      paths.push(request.url!.split('?')[0]);
      return paths.length === 1 ? { status: 200, delay: 300 } : paths.length > 2 ? { status: 200 }
        : { status: 307, headers: { location: `http://127.0.0.1:${receiver.port}/login` } };
    };
    Flytrap.captureMessage('in flight');
    const id = Flytrap.captureMessage('redirected on page leave');
    await new Promise((resolve) => setTimeout(resolve, 50));
    beacons.length = 0;
    window.dispatchEvent(new Event('pagehide'));
    await receiver.waitFor(3, 3000);
    expect(beacons).toEqual([]);
    expect(paths).toEqual(['/api/errors', '/api/errors', '/api/errors']); // never /login
    expect(receiver.bodies.map((b) => JSON.parse(b).data.event_id)).toEqual([expect.any(String), id, id]);
    await Flytrap.flush(2000);
  });

  it('hands a waiting event over the keepalive limit (64 KB in flight) to sendBeacon when the page is hidden', async () => {
    receiver.answer = () => ({ status: 200, delay: 300 });
    Flytrap.captureMessage('in flight');
    Flytrap.captureMessage('x'.repeat(70000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    beacons.length = 0;
    window.dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(1);
    expect(beacons[0][0]).toContain('/api/errors?api_key=pubkey');
    expect(JSON.parse(beacons[0][1]).data.message).toBe('x'.repeat(70000));
    await Flytrap.flush(2000);
    expect(receiver.bodies.map((b) => JSON.parse(b).data.message)).toEqual(['in flight']);
  });

  it('hands waiting events to sendBeacon when the page is hidden in a browser whose fetch has no keepalive', async () => {
    // such a browser ignores keepalive, and would cancel the request with the page
    const keepalive = Object.getOwnPropertyDescriptor(Request.prototype, 'keepalive')!;
    receiver.answer = () => ({ status: 200, delay: 300 });
    Flytrap.captureMessage('in flight');
    Flytrap.captureMessage('waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
    beacons.length = 0;
    delete (Request.prototype as { keepalive?: boolean }).keepalive;
    try {
      window.dispatchEvent(new Event('pagehide'));
    } finally {
      Object.defineProperty(Request.prototype, 'keepalive', keepalive);
    }
    expect(beacons.map(([, body]) => JSON.parse(body).data.message)).toEqual(['waiting']);
    await Flytrap.flush(2000);
    expect(receiver.bodies.map((b) => JSON.parse(b).data.message)).toEqual(['in flight']);
  });

  it('filters secrets in the page URL it reports', async () => {
    history.replaceState({}, '', '/reset?token=abc123#access_token=xyz');
    Flytrap.captureMessage('on the reset page');
    const event = await captured();
    expect(event.request!.url).toContain('token=[Filtered]').toContain('access_token=[Filtered]');
    expect(JSON.stringify(event)).not.toMatch(/abc123|xyz/);
    history.replaceState({}, '', '/');
  });

  it('keeps an event the beacon refuses, to send it when the page comes back', async () => {
    receiver.answer = () => ({ status: 200, delay: 300 });
    Flytrap.captureMessage('in flight');
    Flytrap.captureMessage('too large for a beacon ' + 'x'.repeat(70000)); // and for keepalive: it goes to the beacon
    await new Promise((resolve) => setTimeout(resolve, 50));
    beaconAccepts = false;
    window.dispatchEvent(new Event('pagehide'));
    beaconAccepts = true;
    await Flytrap.flush(3000);
    expect(receiver.bodies.map((b) => JSON.parse(b).data.message.slice(0, 22)))
      .toEqual(['in flight', 'too large for a beacon']);
  });

  it('keeps init idempotent: a second init keeps the first DSN', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const first = Flytrap.getClient();
    expect(Flytrap.init({ dsn: 'http://other@127.0.0.1:1/9' })).toBe(first);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('user agents', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome 131', 'Windows 10'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
      'Edge 131', 'Windows 10'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133', 'macOS 10.15'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      'Safari 18', 'iOS 18.1'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
      'Chrome 131', 'Android 14'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0',
      'Opera 115', 'Linux'],
  ])('%s', (ua, browser, os) => {
    expect(describeUserAgent(ua)).toEqual({ browser, os });
  });
});
