/** Shapes of Flytrap's native protocol v1 (docs/protocol/event-v1.schema.json). */

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface Frame {
  filename?: string;
  abs_path?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  pre_context?: string[];
  context_line?: string;
  post_context?: string[];
}

export interface Mechanism {
  type: string;
  handled: boolean;
}

export interface ExceptionValue {
  type: string;
  value: string;
  mechanism?: Mechanism;
  stacktrace?: { frames: Frame[] };
}

export interface Breadcrumb {
  /** Seconds since the epoch, as Sentry sends them. */
  timestamp?: number;
  type?: string;
  category?: string;
  message?: string;
  level?: Level;
  data?: Record<string, unknown>;
}

export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string;
}

export interface RequestInfo {
  method?: string;
  url?: string;
  query_string?: string;
  headers?: Record<string, string>;
}

export interface FlytrapEvent {
  project_id: number;
  event_id: string;
  timestamp: string;
  level: Level;
  handled: boolean;
  platform: string;
  message?: string;
  exception?: ExceptionValue[];
  release?: string;
  environment?: string;
  server_name?: string;
  /** Short descriptions the dashboard shows beside the event ("Chrome 131", "Windows 10", "node v20.1.0"). */
  browser?: string;
  os?: string;
  runtime?: string;
  breadcrumbs?: Breadcrumb[];
  user?: User;
  tags?: Record<string, string | number | boolean>;
  contexts?: Record<string, Record<string, unknown>>;
  request?: RequestInfo;
  fingerprint?: string[];
  sdk: { name: string; version: string };
}

/** What a capture call knows beyond the error itself. */
export interface CaptureHint {
  mechanism?: Mechanism;
  level?: Level;
  /** Request data for server SDKs' framework integrations. */
  request?: RequestInfo;
  fingerprint?: string[];
  /** Named contexts for this event only (e.g. React's component stack). */
  contexts?: Record<string, Record<string, unknown>>;
}

export interface Options {
  /** `https://<key>@host[/path]/<project id>`, as shown on the project's settings page. */
  dsn?: string;
  /** Instead of a DSN: the server's base URL, the project id and its API key. */
  endpoint?: string;
  projectId?: number | string;
  apiKey?: string;
  release?: string;
  environment?: string;
  serverName?: string;
  /** 0..1, the share of error events sent; 1 by default. */
  sampleRate?: number;
  /** At most 100 (the default). */
  maxBreadcrumbs?: number;
  /** Change an event or drop it (return null) before it is sent. */
  beforeSend?: (event: FlytrapEvent, hint: { originalException: unknown }) => FlytrapEvent | null;
  /** Frames whose file contains one of these are the app's own (overrides the default rule). */
  inAppInclude?: string[];
  /** Frames whose file contains one of these are not the app's own. */
  inAppExclude?: string[];
  /** Send cookies, Authorization headers and IP addresses too. Off by default. */
  sendDefaultPii?: boolean;
  /** Events waiting to be sent; beyond this the newest are dropped (and counted). 30 by default. */
  maxQueueSize?: number;
  /** Log what the SDK does (to console.debug). */
  debug?: boolean;
}
