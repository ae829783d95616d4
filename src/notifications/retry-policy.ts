/**
 * When to try a notification again: exponential backoff with jitter, bounded by a maximum delay and a
 * maximum number of attempts. Pure: the clock and the random source come from the caller.
 */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** Delay after the first failed attempt, before jitter. */
  readonly baseDelayMs: number;
  /** Upper bound of any delay. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
});

/**
 * Delay before the next attempt after `attempts` failed ones: base·2^(attempts−1), capped, then "equal
 * jitter" (half fixed, half random) so workers that failed together do not retry together.
 */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

export type FailureDecision =
  | { readonly state: 'retrying'; readonly nextAttemptAt: Date }
  | { readonly state: 'failed'; readonly exhausted: boolean };

/** What a failed attempt leads to: another try later, or the end. */
export function decideAfterFailure(
  attempts: number,
  retryable: boolean,
  policy: RetryPolicy,
  now: Date,
  random: () => number,
): FailureDecision {
  if (!retryable) return { state: 'failed', exhausted: false };
  if (attempts >= policy.maxAttempts) return { state: 'failed', exhausted: true };
  return {
    state: 'retrying',
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy, random)),
  };
}
