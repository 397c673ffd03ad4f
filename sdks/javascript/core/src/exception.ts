import { parseStack } from './stack';
import type { ExceptionValue, Mechanism } from './types';

const MAX_CAUSES = 5;

/**
 * The exception and its causes (`error.cause`), oldest cause first and the caught error last, as the protocol
 * orders them. Anything thrown that is not an Error (a string, an object, undefined) becomes one entry without
 * frames whose value describes it.
 */
export function exceptionChain(thrown: unknown, mechanism: Mechanism): ExceptionValue[] {
  const chain: ExceptionValue[] = [];
  const seen: unknown[] = [];
  let current: unknown = thrown;
  while (chain.length <= MAX_CAUSES && seen.indexOf(current) < 0) {
    seen.push(current);
    chain.unshift(toException(current));
    const cause = isError(current) ? (current as { cause?: unknown }).cause : undefined;
    if (cause === undefined) {
      break;
    }
    current = cause;
  }
  const last = chain[chain.length - 1];
  last.mechanism = mechanism;
  if (!isError(thrown) && mechanism.type === 'onunhandledrejection') {
    last.type = 'UnhandledRejection'; // named as the server names a rejection with a non-Error reason
  }
  return chain;
}

export function isError(value: unknown): value is Error {
  return value instanceof Error || (typeof value === 'object' && value !== null
    && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');
}

function toException(value: unknown): ExceptionValue {
  if (isError(value)) {
    const frames = parseStack(value.stack);
    return {
      type: value.name || 'Error',
      value: String(value.message),
      ...(frames.length ? { stacktrace: { frames } } : {}),
    };
  }
  return { type: 'Error', value: describe(value) };
}

/** A readable, bounded text for a non-Error value (a rejection reason, a thrown string). */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    return value.slice(0, 8192);
  }
  try {
    const text = JSON.stringify(value);
    return (text === undefined ? String(value) : text).slice(0, 8192);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
