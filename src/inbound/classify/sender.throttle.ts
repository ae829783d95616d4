import type { Executor } from '../../storage/database.js';
import { PreparedQuery } from '../../storage/prepared-query.js';

/** At most `limit` mails per sender in each window of `windowSeconds`; `limit` 0 turns the check off. */
export interface ThrottlePolicy {
  readonly limit: number;
  readonly windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { limit: 30, windowSeconds: 3600 };

/** The start of the fixed window `now` falls in (ISO-8601). Pure. */
export function windowStart(now: Date, windowSeconds: number): string {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString();
}

/** One statement per stored mail: compiled once. */
const COUNT = new PreparedQuery<{ address: string; window_start: string; count: number }, { count: number }>(
  ['address', 'window_start', 'count'],
  (ex, row) =>
    ex
      .insertInto('sender_counts')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['address', 'window_start'])
          .doUpdateSet((eb) => ({ count: eb('sender_counts.count', '+', eb.ref('excluded.count')) })),
      )
      .returning('count'),
);

/**
 * Counts one mail from `address` and tells whether it is over the limit. The count lives in the database,
 * inside the caller's transaction, so several workers agree and a rolled-back mail does not count.
 */
export async function countAndCheck(
  ex: Executor,
  address: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<{ readonly count: number; readonly throttled: boolean }> {
  if (policy.limit <= 0) return { count: 0, throttled: false };
  const row = await COUNT.executeTakeFirstOrThrow(ex, {
    address: address.toLowerCase(),
    window_start: windowStart(now, policy.windowSeconds),
    count: 1,
  });
  return { count: row.count, throttled: row.count > policy.limit };
}

/** Forgets windows that ended before `before` (housekeeping). */
export async function pruneSenderCounts(ex: Executor, before: Date): Promise<void> {
  await ex.deleteFrom('sender_counts').where('window_start', '<', before.toISOString()).execute();
}
