import { hostname, release, type } from 'node:os';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlytrapEvent, Frame, Options, Platform } from '@flytrap/core';
import { addCodeContext } from './context';
import { currentScope } from './scope';

export const SDK = { name: 'flytrap.node', version: '1.0.0' }; // keep in step with package.json

/** A slow server must not hold the queue forever. */
const SEND_TIMEOUT = 10000;

/** How Node plugs into the shared client: fetch, per-request scopes, in_app by path, code context from disk. */
export function createPlatform(options: Options): Platform {
  return {
    name: 'node',
    sdk: SDK,
    send,
    scope: currentScope,
    inApp: (frame) => isAppFile(localPath(frame.filename)),
    enrich: (event) => enrich(event, options),
    unrefTimers: true,
  };
}

async function send(url: string, body: string): Promise<{ status: number; retryAfter?: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    // fetch follows redirects by default: a sign-in page's 200 after a 302 passed for a delivered event, and a
    // 307/308 re-posted the event to wherever the Location pointed. The 3xx itself goes back to the transport
    redirect: 'manual',
    signal: AbortSignal.timeout(SEND_TIMEOUT),
  });
  await response.arrayBuffer().catch(() => undefined); // read to the end so the connection can be reused
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

/** A stack's file as a local path: ESM stacks name files as file:// URLs; anything else is returned as is. */
export function localPath(file: string | undefined): string {
  if (file && file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return file;
    }
  }
  return file || '';
}

/** The app's own code: an absolute path outside node_modules (not node:internal/…, <anonymous>, eval code). */
export function isAppFile(path: string): boolean {
  return isAbsolute(path) && !/[\\/]node_modules[\\/]/.test(path);
}

let host: string | undefined;

async function enrich(event: FlytrapEvent, options: Options): Promise<void> {
  try {
    if (host === undefined) host = hostname();
    event.runtime = event.runtime || 'node ' + process.version;
    event.os = event.os || type() + ' ' + release();
    event.server_name = event.server_name || options.serverName || host;
    event.contexts = {
      runtime: { name: 'node', version: process.version },
      os: { name: type(), version: release() },
      ...event.contexts,
    };
    const frames: Frame[] = [];
    for (const exception of event.exception || []) {
      for (const frame of exception.stacktrace ? exception.stacktrace.frames : []) {
        const path = localPath(frame.filename);
        if (path !== frame.filename) frame.abs_path = path;
        if (frame.in_app) frames.push(frame);
      }
    }
    await addCodeContext(frames);
  } catch {
    // an event without code context is still worth sending
  }
}
