/** Keys whose values are secrets wherever they appear (headers, request data, contexts). */
const SECRET_KEY = /pass|secret|token|auth|cookie|session|api[-_]?key|credential|private|credit|card/i;
/** Cookies, credentials and every header a proxy or CDN uses to pass on the client's address. */
const PII_HEADER = /^(cookie|set-cookie|authorization|proxy-authorization|forwarded|x-forwarded-for|x-real-ip|true-client-ip|cf-connecting-ip|x-client-ip|fastly-client-ip)$/i;

export const FILTERED = '[Filtered]';

/**
 * Headers safe to send: the PII headers (cookies, Authorization, forwarding) only when the app opted in to PII,
 * other secret-looking ones (X-Api-Key, X-Auth-Token…) always masked: the option is about personal data, not
 * about handing the app's credentials to the error monitor.
 */
export function safeHeaders(headers: Record<string, unknown>, sendDefaultPii: boolean): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    const piiHeader = PII_HEADER.test(name);
    if (value === undefined || (piiHeader && !sendDefaultPii)) {
      continue;
    }
    safe[name] = !piiHeader && SECRET_KEY.test(name) ? FILTERED : String(value);
  }
  return safe;
}

/**
 * A copy of a plain JSON-ish value with everything under a secret-looking key replaced (a list of tokens is as
 * secret as one token); past 8 levels an object is replaced too, never passed on unfiltered.
 */
export function scrub<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (depth > 8) {
    return '[Too deep]' as unknown as T;
  }
  if (Array.isArray(value)) {
    return value.map((item) => scrub(item, depth + 1)) as unknown as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    const item = (value as Record<string, unknown>)[key];
    copy[key] = SECRET_KEY.test(key) && item != null ? FILTERED : scrub(item, depth + 1);
  }
  return copy as T;
}

/** A URL with secret-looking query or fragment parameters filtered (`?token=…`, `#access_token=…`). */
export function scrubUrl(url: string): string {
  return url.replace(/([?&#])([^=&#]+)=([^&#]*)/g, (whole, sep: string, key: string) =>
    SECRET_KEY.test(key) ? sep + key + '=' + FILTERED : whole);
}
