import { Client, type Platform } from './client';
import type { Breadcrumb, CaptureHint, Level, Options, User } from './types';
import type { Scope } from './scope';

/** The functions every Flytrap SDK exports; one client per page or process. */
export interface Api<O extends Options = Options> {
  init(options: O): Client | undefined;
  captureException(error: unknown, hint?: CaptureHint): string | undefined;
  captureMessage(message: string, level?: Level): string | undefined;
  addBreadcrumb(crumb: Breadcrumb): void;
  setUser(user: User | null): void;
  setTag(key: string, value: string | number | boolean): void;
  setTags(tags: Record<string, string | number | boolean>): void;
  setContext(name: string, context: Record<string, unknown> | null): void;
  flush(timeout?: number): Promise<boolean>;
  close(timeout?: number): Promise<boolean>;
  getClient(): Client | undefined;
}

/**
 * Builds the public functions around one client. `setup` makes the platform and installs its global handlers;
 * it runs once: a second init warns and keeps the first configuration (the original SDK threw). Every function
 * swallows its own failures: an SDK error never reaches the app.
 */
export function createApi<O extends Options>(setup: (options: O, api: Api<O>) => Platform, scope: () => Scope): Api<O> {
  let client: Client | undefined;
  // every function that may fail answers undefined then
  const guard = <T>(run: () => T): T | undefined => {
    try {
      return run();
    } catch (e) {
      if (client) client.log('SDK error: ' + e);
      return undefined;
    }
  };
  const api: Api<O> = {
    init(options) {
      if (client) {
        console.warn('[flytrap] init was called again; keeping the first configuration');
        return client;
      }
      try {
        client = new Client(options, setup(options, api));
        return client;
      } catch (e) {
        console.error(String(e instanceof Error ? e.message : e));
        return undefined;
      }
    },
    captureException: (error, hint) => guard(() => client && client.captureException(error, hint)),
    captureMessage: (message, level) => guard(() => client && client.captureMessage(message, level)),
    addBreadcrumb: (crumb) => guard(() => scope().addBreadcrumb(crumb)),
    setUser: (user) => guard(() => {
      scope().user = user || undefined;
    }),
    setTag: (key, value) => guard(() => {
      scope().tags[key] = value;
    }),
    setTags: (tags) => guard(() => {
      Object.assign(scope().tags, tags);
    }),
    setContext: (name, context) => guard(() => {
      if (context) scope().contexts[name] = context;
      else delete scope().contexts[name];
    }),
    flush: (timeout) => (client ? client.flush(timeout).catch(() => false) : Promise.resolve(true)),
    close: (timeout) => (client ? client.close(timeout).catch(() => false) : Promise.resolve(true)),
    getClient: () => client,
  };
  return api;
}
