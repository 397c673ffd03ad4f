export { Client, uuid, type Platform } from "./client";
export { createApi, type Api } from "./api";
export { resolveTarget, type Target } from './dsn';
export { exceptionChain, describe, isError } from './exception';
export { safeHeaders, scrub, scrubUrl, FILTERED } from './privacy';
export { Scope, MAX_BREADCRUMBS } from './scope';
export { parseStack } from './stack';
export { Transport, retryAfterMs, type Send } from './transport';
export type * from './types';
