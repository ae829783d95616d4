/**
 * How long to wait before asking again, or undefined when the answer is final. Throttling (429) and a
 * service that is busy or down (503, 502, 504, and Google's 500 `backendError`) are waited out: by the
 * server's Retry-After (seconds or an HTTP date) when given, else by exponential back-off with jitter;
 * Google's 403 `rateLimitExceeded`/`userRateLimitExceeded` are throttling too. Pure but for the jitter.
 */
export function retryDelayMs(
  status: number,
  retryAfter: string | string[] | undefined,
  attempt: number,
  body: Buffer,
  now: number = Date.now(),
): number | undefined {
  const throttled =
    status === 429 ||
    status === 502 ||
    status === 503 ||
    status === 504 ||
    (status === 500 && /backendError/.test(body.toString('utf8', 0, 4096))) ||
    (status === 403 && /(user)?RateLimitExceeded/i.test(body.toString('utf8', 0, 4096)));
  if (!throttled) return undefined;
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  const stated = parseRetryAfter(header, now);
  if (stated !== undefined) return stated;
  const base = 1000 * 2 ** (attempt - 1);
  return base + Math.floor(Math.random() * base);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Pure. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
