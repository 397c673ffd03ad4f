import type { ServerResponse } from 'node:http';
import { scrubUrl } from '@flytrap/core';
import { watchRoute, type HttpRequest } from './request';
import { requestScopes, scopeFor } from './scope';
import { captureException } from './sdk';

type Next = (error?: unknown) => void;

export interface ErrorHandlerOptions {
  /**
   * Which errors to report. By default those without an HTTP status below 500 (so a 404 from http-errors or
   * a 401 from an auth middleware is not an error report).
   */
  shouldReport?: (error: unknown) => boolean;
}

/**
 * Express middleware to add first: the rest of the request runs with its own scope (tags, user, breadcrumbs set
 * during the request stay in it), and errors reported while it runs carry the request.
 */
export function expressRequestHandler() {
  return function flytrapRequestHandler(req: HttpRequest, _res: ServerResponse, next: Next): void {
    let scope;
    try {
      scope = scopeFor(req);
      watchRoute(req);
      scope.addBreadcrumb({ type: 'http', category: 'request', message: req.method + ' ' + scrubUrl(req.originalUrl || req.url || '/') });
    } catch {
      return next();
    }
    requestScopes.run(scope, next);
  };
}

/**
 * Express error middleware to add after the routes, before the app's own error handlers: reports the error with
 * the request, then passes it on unchanged (next(error)), so the response stays the app's.
 */
export function expressErrorHandler(options: ErrorHandlerOptions = {}) {
  const shouldReport = options.shouldReport || isServerError;
  return function flytrapErrorHandler(error: unknown, req: HttpRequest, _res: ServerResponse, next: Next): void {
    try {
      if (shouldReport(error)) {
        requestScopes.run(scopeFor(req), () => captureException(error, { mechanism: { type: 'express', handled: false } }));
      }
    } catch {
      // the app's error handling goes on regardless
    }
    next(error);
  };
}

function isServerError(error: unknown): boolean {
  const status = error && typeof error === 'object'
    ? (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode
    : undefined;
  return typeof status !== 'number' || status >= 500;
}
