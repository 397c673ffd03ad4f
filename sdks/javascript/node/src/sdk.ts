import { createApi, resolveTarget, Scope, type Api, type CaptureHint, type Options, type Platform } from '@flytrap/core';
import { createPlatform } from './platform';
import { installProcessHandlers } from './process';
import { withRequest } from './request';
import { currentScope, globalScope } from './scope';

export interface NodeOptions extends Options {
  /**
   * Report uncaught exceptions and unhandled promise rejections, then do what Node does without listeners
   * (print the error and exit with code 1, or follow --unhandled-rejections). true by default.
   */
  captureUnhandled?: boolean;
  /** Milliseconds the last events get to go out when the process is ending. 2000 by default. */
  shutdownTimeout?: number;
}

let shutdownTimeout = 2000;

function setup(options: NodeOptions, api: Api<NodeOptions>): Platform {
  resolveTarget(options); // a bad DSN throws here, before any handler is installed
  globalScope.maxBreadcrumbs = new Scope(options.maxBreadcrumbs === undefined ? 100 : options.maxBreadcrumbs).maxBreadcrumbs;
  if (options.shutdownTimeout !== undefined && options.shutdownTimeout >= 0) {
    shutdownTimeout = options.shutdownTimeout;
  }
  if (options.captureUnhandled !== false) {
    installProcessHandlers({ capture: captureException, flush: api.flush, timeout: shutdownTimeout });
  }
  // Send what is queued when the process has nothing else to do. With nothing queued, flush starts no timer, so
  // the process ends; after a flush that timed out there is no second try, so a server that stays away cannot
  // keep the process alive through repeated flushes.
  let gaveUp = false;
  process.on('beforeExit', () => {
    if (!gaveUp) {
      api.flush(shutdownTimeout).then((done) => {
        gaveUp = !done;
      });
    }
  });
  return createPlatform(options);
}

const api = createApi<NodeOptions>(setup, currentScope);

/** Starts the SDK: `init({ dsn: 'https://<key>@flytrap.example.com/<project id>' })`. Once per process. */
export function init(options: NodeOptions) {
  return api.init(options);
}

/** Reports an error; inside a request (see expressRequestHandler) the event carries the request too. */
export function captureException(error: unknown, hint?: CaptureHint): string | undefined {
  let full = hint || {};
  try {
    const client = api.getClient();
    full = withRequest(currentScope(), full, !!(client && client.options.sendDefaultPii));
  } catch {
    // report without the request rather than not at all
  }
  return api.captureException(error, full);
}

export const { captureMessage, addBreadcrumb, setUser, setTag, setTags, setContext, flush, close, getClient } = api;
