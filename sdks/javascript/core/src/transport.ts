/**
 * The platform's way to POST one body; resolves with the status, rejects on a network failure. It must not follow
 * redirects: the event belongs at the ingest URL only, and a followed redirect's 200 would look like a delivery.
 */
export type Send = (url: string, body: string) => Promise<{ status: number; retryAfter?: string | null }>;

export interface TransportOptions {
  maxQueueSize: number;
  maxAttempts: number;
  /** First retry delay in ms; doubles per attempt, with jitter, up to 30 s. */
  backoff: number;
  log: (message: string) => void;
  /** Node: timers that do not keep the process alive. */
  unref?: boolean;
}

const MAX_BACKOFF = 30000;

/**
 * A bounded queue sent one event at a time in the background. Only a 2xx counts as delivered. Network failures,
 * 5xx and redirects (never followed) are retried with exponential backoff and jitter, up to maxAttempts; a 429
 * pauses all sending until its Retry-After has passed; other 4xx are dropped (logged once). A retry sends the very
 * same body, so the event keeps its event_id and the server can tell a retry from a new event. When full, new events are dropped and counted, so memory stays bounded
 * however long the server is away.
 */
export class Transport {
  dropped = 0;
  private queue: string[] = [];
  private active = false;
  private pausedUntil = 0;
  private idle: Array<() => void> = [];
  private logged4xx = false;

  constructor(private send: Send, readonly url: string, private options: TransportOptions) {}

  enqueue(body: string): void {
    if (this.queue.length >= this.options.maxQueueSize) {
      this.dropped++;
      this.options.log('queue full: dropped');
      return;
    }
    this.queue.push(body);
    if (!this.active) {
      this.active = true;
      this.pump().catch(() => undefined);
    }
  }

  /** Takes the bodies not yet being sent (to send them all at once when a page goes away). */
  drain(): string[] {
    return this.queue.splice(this.active ? 1 : 0);
  }

  /** Resolves true once everything queued was handled, false if the timeout came first. */
  flush(timeout: number): Promise<boolean> {
    if (!this.active) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeout);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async pump(): Promise<void> {
    try {
      while (this.queue.length) {
        await this.deliver(this.queue[0]);
        this.queue.shift();
      }
    } finally {
      this.active = false;
      this.idle.splice(0).forEach((done) => done());
    }
  }

  /**
   * Sends one body until delivered, dropped or given up, under the rules above. The queue calls it one body at a
   * time; a browser leaving its page calls it for every body drained at once (keepalive requests outlive the page).
   */
  async deliver(body: string): Promise<void> {
    for (let attempt = 0; attempt < this.options.maxAttempts; attempt++) {
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) {
        await this.sleep(wait);
      }
      try {
        const response = await this.send(this.url, body);
        const status = response.status;
        // Only a 2xx from the ingest URL itself is a delivery. Senders never follow redirects, so a 3xx arrives
        // here as itself (a browser's manual redirect as status 0): a sign-in page answering 200 after a 302 once
        // passed for a delivered event (issue #20)
        if (status >= 200 && status < 300) {
          return;
        }
        if (status === 429) {
          this.pausedUntil = Date.now() + retryAfterMs(response.retryAfter);
          continue;
        }
        if (status >= 400 && status < 500) {
          if (!this.logged4xx) {
            this.logged4xx = true;
            this.options.log('refused: ' + status);
          }
          return;
        }
        // 5xx, and redirects: a redirect of the ingest URL is a server that is misconfigured for now (its sign-in
        // filter caught the API, a proxy moved it), so the event waits out the backoff like after a 5xx
        // (a browser's manual redirect has status 0 and no Location to show)
        this.options.log('not delivered: ' + (status || 'redirect') + '; retrying');
      } catch (networkFailure) {
        this.options.log('send failed: ' + networkFailure);
      }
      await this.sleep(Math.min(MAX_BACKOFF, this.options.backoff * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
    this.dropped++;
    this.options.log('gave up');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms) as unknown as { unref?: () => void };
      if (this.options.unref && timer.unref) {
        timer.unref();
      }
    });
  }
}

/** Retry-After in seconds or as an HTTP date; 60 s when missing or unreadable. */
export function retryAfterMs(header: string | null | undefined): number {
  if (header) {
    const seconds = Number(header);
    if (seconds >= 0) {
      return seconds * 1000;
    }
    const date = Date.parse(header);
    if (!isNaN(date)) {
      return Math.max(0, date - Date.now());
    }
  }
  return 60000;
}
