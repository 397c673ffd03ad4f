import { scrub, scrubUrl, type Breadcrumb } from '@flytrap/core';
import type { BrowserOptions } from './sdk';

type Add = (crumb: Breadcrumb) => void;

/** Installs the automatic breadcrumbs the options ask for (all by default); ownUrl: the SDK's own sends, not recorded. */
export type BreadcrumbRecorder = (options: BrowserOptions, add: Add, ownUrl: string) => void;

export const recordBreadcrumbs: BreadcrumbRecorder = (options, add, ownUrl) => {
  const crumbs = options.breadcrumbs === false ? {} : options.breadcrumbs === true || !options.breadcrumbs
    ? { clicks: true, navigation: true, http: true, console: true } : options.breadcrumbs;
  if (crumbs.clicks) recordClicks(add);
  if (crumbs.navigation) recordNavigation(add);
  if (crumbs.http) recordHttp(add, ownUrl);
  if (crumbs.console) recordConsole(add);
};

/** A short CSS-like name for a clicked element: tag, id and classes, never its text (which may be personal). */
export function describeElement(target: EventTarget | null): string {
  const el = target as Element | null;
  if (!el || !el.tagName) {
    return '?';
  }
  let name = el.tagName.toLowerCase();
  if (el.id) name += '#' + el.id;
  const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 3) : [];
  for (const cls of classes) {
    if (cls) name += '.' + cls;
  }
  const label = el.getAttribute('aria-label') || el.getAttribute('name');
  return label ? name + '[' + label.slice(0, 40) + ']' : name;
}

export function recordClicks(add: Add): void {
  document.addEventListener('click', (event) => add({ category: 'ui.click', message: describeElement(event.target) }), true);
}

export function recordNavigation(add: Add): void {
  let from = location.href;
  const moved = () => {
    const to = location.href;
    if (to !== from) {
      add({ category: 'navigation', data: { from: scrubUrl(from), to: scrubUrl(to) } });
      from = to;
    }
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      moved();
      return result;
    };
  }
  addEventListener('popstate', moved);
  addEventListener('hashchange', moved);
}

/** fetch and XMLHttpRequest: method, URL (secrets in the query filtered) and status; never bodies. */
export function recordHttp(add: Add, ownUrl: string): void {
  const http = (method: string, url: string, status?: number) => {
    if (url.indexOf(ownUrl) !== 0) {
      add({ type: 'http', category: 'fetch', data: { method, url: scrubUrl(url), status_code: status } });
    }
  };
  const originalFetch = window.fetch;
  if (originalFetch) {
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      const request = input as Request;
      const method = ((init && init.method) || (request && request.method) || 'GET').toUpperCase();
      const url = String(request && request.url ? request.url : input);
      return originalFetch.call(this, input, init).then((response) => {
        http(method, url, response.status);
        return response;
      }, (error) => {
        http(method, url);
        throw error;
      });
    };
  }
  const proto = XMLHttpRequest.prototype;
  const open = proto.open;
  const send = proto.send;
  proto.open = function (this: XMLHttpRequest & { __ft?: [string, string] }, method: string, url: string | URL) {
    this.__ft = [String(method).toUpperCase(), String(url)];
    return open.apply(this, arguments as unknown as Parameters<typeof open>);
  } as typeof open;
  proto.send = function (this: XMLHttpRequest & { __ft?: [string, string] }) {
    const info = this.__ft;
    if (info) {
      this.addEventListener('loadend', () => http(info[0], info[1], this.status || undefined));
    }
    return send.apply(this, arguments as unknown as Parameters<typeof send>);
  };
}

export function recordConsole(add: Add): void {
  for (const level of ['error', 'warn'] as const) {
    const original = console[level];
    console[level] = function (...args: unknown[]) {
      add({ category: 'console', level: level === 'warn' ? 'warning' : 'error',
        message: args.map((arg) => (typeof arg === 'string' ? arg : safeString(arg))).join(' ').slice(0, 500) });
      return original.apply(console, args);
    };
  }
}

function safeString(value: unknown): string {
  try {
    // secret-looking keys filtered before the object becomes text (after that no key is left to recognise)
    return value instanceof Error ? value.name + ': ' + value.message : JSON.stringify(scrub(value)) || String(value);
  } catch {
    return String(value);
  }
}
