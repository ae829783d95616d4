/**
 * Runs one attack and measures what it cost: the time it took and the peak growth of the process's
 * resident memory. The figures are printed; the bounds asserted are generous (a deadline from the
 * account's timeout, 100 MB of memory), never exact figures.
 */
import assert from 'node:assert/strict';

export interface AttackCost<T> {
  /** What the client's call gave: its value, or the error it threw. */
  readonly outcome:
    { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };
  readonly ms: number;
  readonly rssGrowthMb: number;
}

/** The bound every attack must end within: three times the timeout plus a few seconds. */
export function deadlineFor(timeoutMs: number): number {
  return 3 * timeoutMs + 3000;
}

export const MAX_RSS_GROWTH_MB = 100;

/** Runs `attack`, samples the RSS while it runs, prints and checks the cost, and returns it. */
export async function underAttack<T>(
  label: string,
  timeoutMs: number,
  attack: () => Promise<T>,
): Promise<AttackCost<T>> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const sampler = setInterval(sample, 5);
  const started = performance.now();
  let outcome: AttackCost<T>['outcome'];
  try {
    outcome = { ok: true, value: await attack() };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    clearInterval(sampler);
    sample();
  }
  const ms = Math.round(performance.now() - started);
  const rssGrowthMb = Math.round(((peak - baseline) / 1024 / 1024) * 10) / 10;
  console.log(`${label}: ${ms} ms, peak RSS +${rssGrowthMb} MB`);
  assert.ok(ms < deadlineFor(timeoutMs), `${label}: took ${ms} ms`);
  assert.ok(rssGrowthMb < MAX_RSS_GROWTH_MB, `${label}: RSS grew by ${rssGrowthMb} MB`);
  return { outcome, ms, rssGrowthMb };
}

/** The error an attack ended with; fails when it ended without one. */
export function errorOf(cost: AttackCost<unknown>): unknown {
  assert.equal(cost.outcome.ok, false, 'the attack should have failed the call');
  return cost.outcome.ok ? undefined : cost.outcome.error;
}
