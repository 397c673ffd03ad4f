import { createApi, resolveTarget, Scope, scrubUrl, type Api, type FlytrapEvent, type Frame, type Options, type Send } from '@flytrap/core';
import type { BreadcrumbRecorder } from './breadcrumbs';
import { describeUserAgent } from './useragent';

export type { Breadcrumb, CaptureHint, FlytrapEvent, Level, Options, User } from '@flytrap/core';

export interface BrowserOptions extends Options {
  /** Report uncaught errors and unhandled promise rejections (default true). */
  captureUnhandled?: boolean;
  /**
   * Breadcrumbs recorded automatically (default: all). In the script-tag build they come with the opt-in
   * flytrap.breadcrumbs.min.js; the npm package always has them.
   */
  breadcrumbs?: boolean | { clicks?: boolean; navigation?: boolean; http?: boolean; console?: boolean };
}

export const SDK_VERSION = '1.0.0';
const scope = new Scope();
// fetch keepalive bodies may total at most 64 KB in flight; larger events go as ordinary requests
const KEEPALIVE_LIMIT = 60000;

/**
 * Sends text/plain with the key in the URL: a "simple" CORS request, so no preflight round trip (the same
 * request a sendBeacon fallback makes when the page is going away).
 */
function sender(): Send {
  const fetch = window.fetch.bind(window); // the original: our own sends must not become breadcrumbs
  const post = (url: string, body: string, keepalive: boolean) => fetch(url, {
    // redirect 'manual': a redirect is not followed and arrives as an opaque response with status 0, which the
    // transport retries; followed, a sign-in page's 200 passed for a delivered event (issue #20)
    method: 'POST', body, keepalive, credentials: 'omit', redirect: 'manual',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
  }).then((response) => ({ status: response.status, retryAfter: response.headers.get('retry-after') }));
  // Browsers refuse keepalive requests beyond a quota (Chromium fails bursts of them with "Failed to fetch"):
  // such a refusal is retried at once as an ordinary request rather than waiting for the backoff
  return (url, body) => post(url, body, body.length < KEEPALIVE_LIMIT).catch(() => post(url, body, false));
}

function inApp(frame: Frame): boolean {
  const file = frame.filename || '';
  // Extensions and the browser's own code are not the app; scripts from the page's origin and CDNs are
  return !/^(chrome|moz|safari(-web)?)-extension:|^webkit-masked-url:|\/node_modules\//.test(file) && file !== '<anonymous>';
}

function enrich(event: FlytrapEvent): void {
  // only what was recognised: describeUserAgent leaves out a browser or OS it does not know
  Object.assign(event, describeUserAgent(navigator.userAgent));
  if (!event.request) {
    event.request = { url: scrubUrl(location.href), headers: { 'User-Agent': navigator.userAgent } };
  }
}

/**
 * The browser API. `recorder` gives the automatic breadcrumbs when init runs: the npm package passes them in; the
 * script-tag build looks for the opt-in breadcrumbs script, which keeps them out of the main script's size.
 */
export function browserApi(recorder: () => BreadcrumbRecorder | undefined): Api<BrowserOptions> {
  return createApi<BrowserOptions>((options, self) => {
    const send = sender();
    const record = recorder();
    if (record) record(options, self.addBreadcrumb, resolveTarget(options).url.split('?')[0]);

    if (options.captureUnhandled !== false) {
      addEventListener('error', (event: ErrorEvent) => {
        // Cross-origin scripts without CORS give only "Script error." and no error object: keep where it happened
        const error = event.error || { name: 'Error', message: event.message || 'Script error',
          stack: '    at ' + (event.filename || '<anonymous>') + ':' + (event.lineno || 0) + ':' + (event.colno || 0) };
        self.captureException(error, { mechanism: { type: 'onerror', handled: false } });
      });
      addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
        self.captureException(event.reason, { mechanism: { type: 'onunhandledrejection', handled: false } });
      });
    }
    // When the page goes away, whatever still waits in the queue is sent at once: a queue dies with the page, a
    // keepalive request outlives it. fetch with keepalive rather than sendBeacon: a beacon follows redirects and
    // shows no answer, so a redirected event passed for delivered (issue #20); here redirect 'manual' is kept and the
    // transport's rules apply (a redirect is retried with the same event_id for as long as the page lives, e.g. after
    // a tab switch). sendBeacon only where fetch has no keepalive (a browser ignoring it would cancel the request
    // with the page) or for a body over the keepalive limit (64 KB in flight, per the Fetch spec).
    const leave = () => {
      const client = self.getClient();
      if (client) {
        const transport = client.transport;
        for (const body of transport.drain()) {
          // (caught as in pump(): nothing of the SDK's may reach the page's unhandledrejection)
          if ('keepalive' in Request.prototype && body.length < KEEPALIVE_LIMIT) transport.deliver(body).catch(() => 0);
          // refused (a beacon's size limit too): it stays queued for fetch, should the page come back
          else if (!(navigator.sendBeacon && navigator.sendBeacon(transport.url, body))) transport.enqueue(body);
        }
      }
    };
    addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && leave());

    return { name: 'javascript', sdk: { name: 'flytrap.javascript', version: SDK_VERSION }, send, scope: () => scope,
      inApp, enrich };
  }, () => scope);
}
