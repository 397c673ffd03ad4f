import type { Breadcrumb, User } from './types';

export const MAX_BREADCRUMBS = 100;

/**
 * What is known about the current user, page or request; copied into each event. (Copying a whole scope is
 * cloneScope in the Node SDK, the only one with one scope per request: a method here would weigh on the script tag.)
 */
export class Scope {
  user?: User;
  tags: Record<string, string | number | boolean> = {};
  contexts: Record<string, Record<string, unknown>> = {};
  breadcrumbs: Breadcrumb[] = [];

  constructor(public maxBreadcrumbs = MAX_BREADCRUMBS) {
    this.maxBreadcrumbs = Math.max(0, Math.min(maxBreadcrumbs, MAX_BREADCRUMBS));
  }

  addBreadcrumb(crumb: Breadcrumb): void {
    this.breadcrumbs.push({ timestamp: Date.now() / 1000, ...crumb });
    if (this.breadcrumbs.length > this.maxBreadcrumbs) {
      this.breadcrumbs.shift();
    }
  }
}
