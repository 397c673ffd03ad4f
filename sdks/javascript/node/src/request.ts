import type { IncomingMessage } from 'node:http';
import { safeHeaders, type CaptureHint, type RequestInfo, type Scope } from '@flytrap/core';
import { requestOfScope } from './scope';

/** What Express adds to node:http's request; every field optional so a plain IncomingMessage works too. */
export interface HttpRequest extends IncomingMessage {
  originalUrl?: string;
  protocol?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  ip?: string;
}

/** Method, full URL, query string and headers, minus secrets (the core scrubs the URL's secret parameters). */
export function requestInfo(req: HttpRequest, sendDefaultPii: boolean): RequestInfo {
  const path = req.originalUrl || req.url || '/';
  const protocol = req.protocol || ((req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http');
  const query = path.indexOf('?');
  const info: RequestInfo = {
    method: req.method,
    url: protocol + '://' + (req.headers.host || 'localhost') + path,
    headers: safeHeaders(req.headers, sendDefaultPii),
  };
  if (query >= 0) info.query_string = path.slice(query + 1); // secrets filtered by the core, as for every SDK
  return info;
}

const routes = new WeakMap<HttpRequest, string>();

/**
 * Notes the full route pattern ("/api/items/:item") when Express sets req.route: req.baseUrl names the router's
 * mount path only while that router runs; by the time the error reaches app-level middleware it is reset.
 */
export function watchRoute(req: HttpRequest): void {
  let route = req.route;
  try {
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (value) => {
        route = value;
        if (value && value.path !== undefined) routes.set(req, (req.baseUrl || '') + String(value.path));
      },
    });
  } catch {
    // routeOf falls back to req.baseUrl + req.route.path
  }
}

/** The route pattern that matched ("/users/:id"), from Express's public req.route and req.baseUrl. */
export function routeOf(req: HttpRequest): string | undefined {
  const path = req.route && req.route.path;
  return routes.get(req) || (path === undefined ? undefined : (req.baseUrl || '') + String(path));
}

/**
 * When the scope belongs to a request, the hint gets the request and the scope (the request's own) its route
 * tag and, with sendDefaultPii, the client's IP address.
 */
export function withRequest(scope: Scope, hint: CaptureHint, sendDefaultPii: boolean): CaptureHint {
  const req = requestOfScope.get(scope) as HttpRequest | undefined;
  if (!req || hint.request) return hint;
  const route = routeOf(req);
  if (route) scope.tags.route = route;
  const ip = req.ip || (req.socket && req.socket.remoteAddress);
  if (sendDefaultPii && ip) scope.user = { ...scope.user, ip_address: ip };
  return { ...hint, request: requestInfo(req, sendDefaultPii) };
}
