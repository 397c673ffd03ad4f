import { resolveTarget, type Target } from './dsn';
import { exceptionChain, isError } from './exception';
import { scrub, scrubUrl } from './privacy';
import { Scope } from './scope';
import { Transport, type Send } from './transport';
import type { Breadcrumb, CaptureHint, FlytrapEvent, Frame, Level, Options } from './types';

/** What a platform (browser, Node) plugs into the shared client. */
export interface Platform {
  name: string;
  sdk: { name: string; version: string };
  send: Send;
  /** The current scope: one global scope in browsers, one per request on servers. */
  scope: () => Scope;
  /** The platform's rule for frames not named by inAppInclude/inAppExclude. */
  inApp: (frame: Frame) => boolean;
  /** Adds what only the platform knows (browser and OS, code context); may be async. */
  enrich?: (event: FlytrapEvent) => void | Promise<void>;
  unrefTimers?: boolean;
}

/**
 * Captures errors and messages into events and hands them to the transport. The calling thread only takes a
 * snapshot (scope, time, id); building the event (stack parsing, code context, beforeSend, JSON) happens in the
 * background, so capturing stays cheap. Nothing here ever throws into the host app.
 */
export class Client {
  readonly transport: Transport;
  private readonly target: Target;
  private readonly reported = new WeakSet<object>();
  private building = 0;
  private closed = false;
  private builtWaiters: Array<() => void> = [];

  constructor(readonly options: Options, private readonly platform: Platform) {
    this.target = resolveTarget(options);
    this.transport = new Transport(platform.send, this.target.url, {
      maxQueueSize: options.maxQueueSize || 30,
      maxAttempts: 5,
      backoff: 1000,
      log: (message) => this.log(message),
      unref: platform.unrefTimers,
    });
  }

  /** Sends what is queued, then captures nothing more. */
  async close(timeout = 2000): Promise<boolean> {
    const flushed = await this.flush(timeout);
    this.closed = true;
    return flushed;
  }

  captureException(error: unknown, hint: CaptureHint = {}): string | undefined {
    if (isError(error)) {
      // The same error object reported twice (caught, logged, rethrown, caught again) is one event
      if (this.reported.has(error)) {
        return undefined;
      }
      this.reported.add(error);
    }
    return this.capture(hint.level || 'error', hint, error, undefined);
  }

  captureMessage(message: string, level: Level = 'info'): string | undefined {
    return this.capture(level, {}, undefined, String(message));
  }

  addBreadcrumb(crumb: Breadcrumb): void {
    this.platform.scope().addBreadcrumb(crumb);
  }

  /** Waits until captured events are built and sent, at most timeout ms; true if everything went out. */
  async flush(timeout = 2000): Promise<boolean> {
    const deadline = Date.now() + timeout;
    if (this.building) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeout);
        this.builtWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.transport.flush(Math.max(0, deadline - Date.now()));
  }

  log(message: string): void {
    if (this.options.debug) {
      console.debug('[flytrap] ' + message);
    }
  }

  private capture(level: Level, hint: CaptureHint, error: unknown, message: string | undefined): string | undefined {
    try {
      const rate = this.options.sampleRate;
      if (this.closed) {
        return undefined;
      }
      if (rate !== undefined && rate < 1 && Math.random() >= rate) {
        return undefined;
      }
      const scope = this.platform.scope();
      const eventId = uuid();
      const event: FlytrapEvent = {
        project_id: this.target.projectId,
        event_id: eventId,
        timestamp: new Date().toISOString(),
        level,
        handled: hint.mechanism ? hint.mechanism.handled : true,
        platform: this.platform.name,
        sdk: this.platform.sdk,
        breadcrumbs: scope.breadcrumbs.slice(),
        tags: { ...scope.tags },
        contexts: { ...scope.contexts, ...hint.contexts },
      };
      if (scope.user) {
        event.user = { ...scope.user };
      }
      this.building++;
      // Off the calling thread: the stack is formatted and parsed, the event enriched, filtered and sent later
      setTimeout(() => {
        this.build(event, hint, error, message)
          .catch((e) => this.log('not sent: ' + e))
          .then(() => {
            if (--this.building === 0) {
              this.builtWaiters.splice(0).forEach((done) => done());
            }
          });
      }, 0);
      return eventId;
    } catch (e) {
      this.log('capture: ' + e);
      return undefined;
    }
  }

  private async build(event: FlytrapEvent, hint: CaptureHint, error: unknown, message: string | undefined) {
    const options = this.options;
    if (message !== undefined) {
      event.message = message;
    } else {
      event.exception = exceptionChain(error, hint.mechanism || { type: 'generic', handled: true });
      for (const exception of event.exception) {
        for (const frame of exception.stacktrace ? exception.stacktrace.frames : []) {
          frame.in_app = this.inApp(frame);
        }
      }
    }
    if (options.release) event.release = options.release;
    if (options.environment) event.environment = options.environment;
    if (options.serverName) event.server_name = options.serverName;
    if (hint.fingerprint) event.fingerprint = hint.fingerprint;
    if (hint.request) {
      event.request = hint.request;
      if (hint.request.url) hint.request.url = scrubUrl(hint.request.url);
      if (hint.request.query_string) hint.request.query_string = scrubUrl('?' + hint.request.query_string).slice(1);
    }
    if (this.platform.enrich) {
      await this.platform.enrich(event);
    }
    event.contexts = scrub(event.contexts);
    event.breadcrumbs = event.breadcrumbs && event.breadcrumbs.map((crumb) => scrub(crumb));
    let final: FlytrapEvent | null = event;
    if (options.beforeSend) {
      try {
        final = options.beforeSend(event, { originalException: error });
      } catch (e) {
        // the hook may be what keeps personal data out: without its verdict nothing is sent
        final = null;
        this.log('beforeSend threw, dropped: ' + e);
      }
    }
    if (final) {
      this.transport.enqueue(JSON.stringify({ data: final }));
    }
  }

  private inApp(frame: Frame): boolean {
    const file = frame.filename || '';
    const matches = (list?: string[]) => !!list && list.some((part) => file.indexOf(part) >= 0);
    if (matches(this.options.inAppInclude)) return true;
    if (matches(this.options.inAppExclude)) return false;
    return this.platform.inApp(frame);
  }
}

/** A random UUID (v4); crypto.randomUUID where available. */
export function uuid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c && c.randomUUID) {
    return c.randomUUID();
  }
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0;
    return (ch === 'x' ? r : (r & 3) | 8).toString(16);
  });
}
