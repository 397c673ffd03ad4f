import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { Scope } from '@flytrap/core';

/**
 * Scopes on a server: one global scope for the process, and one copy of it per request, carried through the
 * request's callbacks and promises by AsyncLocalStorage, so tags, user and breadcrumbs of concurrent requests
 * never mix.
 */
export const requestScopes = new AsyncLocalStorage<Scope>();
export const globalScope = new Scope();

export function currentScope(): Scope {
  return requestScopes.getStore() || globalScope;
}

/** The request a request scope belongs to, and back; weak, so neither outlives its request. */
export const requestOfScope = new WeakMap<Scope, IncomingMessage>();
export const scopeOfRequest = new WeakMap<IncomingMessage, Scope>();

/** A new scope for one request, linked to it. */
export function scopeFor(request: IncomingMessage): Scope {
  let scope = scopeOfRequest.get(request);
  if (!scope) {
    scope = cloneScope(globalScope);
    requestOfScope.set(scope, request);
    scopeOfRequest.set(request, scope);
  }
  return scope;
}

/** An independent copy of a scope, for one request. */
export function cloneScope(scope: Scope): Scope {
  const copy = new Scope(scope.maxBreadcrumbs);
  copy.user = scope.user;
  copy.tags = { ...scope.tags };
  copy.contexts = { ...scope.contexts };
  copy.breadcrumbs = scope.breadcrumbs.slice();
  return copy;
}
