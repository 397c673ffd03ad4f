// The npm package's entry: the API of ./sdk, and each of its functions by name. The script-tag build (global.ts)
// imports ./sdk instead: a bundler cannot drop this destructuring even when nothing uses it, and it cost the script
// tag 77 bytes min+gzip of its 5 KB budget.
import { api } from './sdk';

export * from './sdk';
export const { init, captureException, captureMessage, addBreadcrumb, setUser, setTag, setTags, setContext, flush, close,
  getClient } = api;
