import { inspect } from 'node:util';
import { isError, type CaptureHint } from '@flytrap/core';

type Listener = (...args: unknown[]) => void;

export interface ProcessHooks {
  capture: (error: unknown, hint: CaptureHint) => void;
  flush: (timeout: number) => Promise<boolean>;
  /** The most time given to the last events before the process ends. */
  timeout: number;
}

/**
 * Reports uncaught exceptions and unhandled rejections, then does what Node would have done without these
 * listeners: when no other listener exists, print the error and exit with code 1 (after a bounded flush), or
 * follow --unhandled-rejections. With the app's own listeners, the app decides, as it would without the SDK.
 */
export function installProcessHandlers(hooks: ProcessHooks): void {
  const others = (event: string, ours: Listener) =>
    (process.listeners(event as 'uncaughtException') as Listener[]).filter((listener) => listener !== ours);

  const onUncaught: Listener = (error, origin) => {
    // In strict mode Node raises a rejection as an uncaught exception first (origin 'unhandledRejection')
    const type = origin === 'unhandledRejection' ? 'onunhandledrejection' : 'onuncaughtexception';
    hooks.capture(error, { mechanism: { type, handled: false }, level: 'fatal' });
    if (others('uncaughtException', onUncaught).length === 0) {
      die(error, hooks);
    }
  };

  const onRejection: Listener = (reason) => {
    const mode = rejectionMode();
    if (mode === 'strict') return; // already reported through 'uncaughtException'
    const alone = others('unhandledRejection', onRejection).length === 0;
    hooks.capture(reason, {
      mechanism: { type: 'onunhandledrejection', handled: false },
      level: alone && mode === 'throw' ? 'fatal' : 'error',
    });
    if (!alone) return;
    if (mode === 'throw') {
      // Node raises the rejection as an uncaught exception: the app's listeners get it, or the process ends
      const error = isError(reason) ? reason : rejectionError(reason);
      (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtExceptionMonitor', error, 'unhandledRejection');
      const listeners = others('uncaughtException', onUncaught);
      if (listeners.length) listeners.forEach((listener) => listener.call(process, error, 'unhandledRejection'));
      else die(error, hooks);
    } else if (mode === 'warn-with-error-code') {
      process.emitWarning(isError(reason) ? String(reason.stack) : inspect(reason), 'UnhandledPromiseRejectionWarning');
      process.exitCode = 1;
    }
    // 'warn': Node prints its warning even when listeners exist; 'none': nothing to do
  };

  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
}

let dying = false;

/** Print the error as Node does, give the event up to `timeout` ms to go out, then exit with code 1. */
function die(error: unknown, hooks: ProcessHooks): void {
  if (dying) return; // a second error while flushing: it was captured, the process is ending anyway
  dying = true;
  process.exitCode = 1; // should the loop empty before the flush ends, the process still fails
  try {
    process.stderr.write((isError(error) ? inspect(error) : 'Uncaught ' + inspect(error)) + '\n\nNode.js ' + process.version + '\n');
  } catch {
    // stderr closed: exit all the same
  }
  const exit = () => process.exit(1);
  setTimeout(exit, hooks.timeout); // not unref'd: keeps the process alive for the flush, at most this long
  hooks.flush(hooks.timeout).then(exit, exit);
}

/** --unhandled-rejections from the command line or NODE_OPTIONS; 'throw' is Node's default since v15. */
export function rejectionMode(): string {
  const flags = process.execArgv.join(' ') + ' ' + (process.env.NODE_OPTIONS || '');
  const match = /--unhandled-rejections[= ]([\w-]+)/.exec(flags);
  return match ? match[1] : 'throw';
}

/** The error Node raises for a rejection whose reason is not an Error. */
function rejectionError(reason: unknown): Error {
  const error = new Error('This error originated either by throwing inside of an async function without a catch '
    + 'block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "'
    + inspect(reason) + '".');
  error.name = 'UnhandledPromiseRejection';
  (error as Error & { code: string }).code = 'ERR_UNHANDLED_REJECTION';
  return error;
}
