/** Flytrap for Node.js: the shared API, per-request scopes, process-level handlers and Express middleware. */
export {
  init, captureException, captureMessage, addBreadcrumb, setUser, setTag, setTags, setContext, flush, close, getClient,
  type NodeOptions,
} from './sdk';
export { expressRequestHandler, expressErrorHandler, type ErrorHandlerOptions } from './express';
export type {
  Breadcrumb, CaptureHint, ExceptionValue, FlytrapEvent, Frame, Level, Mechanism, Options, RequestInfo, User,
} from '@flytrap/core';
