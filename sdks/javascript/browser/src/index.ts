// The npm package's entry: the browser API with the automatic breadcrumbs, and each of its functions by name. The
// script-tag build (global.ts) imports ./sdk instead: a bundler cannot drop this destructuring even when nothing uses
// it, and it cost the script tag 77 bytes min+gzip.
import { recordBreadcrumbs } from './breadcrumbs';
import { browserApi } from './sdk';

export * from './sdk';
export { recordBreadcrumbs, type BreadcrumbRecorder } from './breadcrumbs';
export const api = browserApi(() => recordBreadcrumbs);
export const { init, captureException, captureMessage, addBreadcrumb, setUser, setTag, setTags, setContext, flush, close,
  getClient } = api;
