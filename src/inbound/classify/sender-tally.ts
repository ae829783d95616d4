import type { Executor } from '../../storage/database.js';
import { windowStart, type ThrottlePolicy } from './sender.throttle.js';

/** One sender's count in one window: what the database held when the batch read it, and what it added. */
interface Tally {
  readonly address: string;
  readonly window: string;
  readonly stored: number;
  added: number;
}

/** Rows per statement: three parameters each, well under SQLite's and PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 200;

/**
 * The sender counts of one build batch stored without a savepoint per mail: each sender's row is read once,
 * and locked until the batch's transaction ends (PostgreSQL; SQLite's write lock covers it), so builders
 * that share a sender still count one after the other; the batch's mails are counted in memory, and what
 * they added is written back in one statement at the batch's end. The counts and verdicts are the ones a
 * statement per mail gives: without savepoints, a mail that fails undoes the whole transaction (this tally
 * with it), so no count here comes from a mail that was rolled back.
 */
export class SenderTally {
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly policy: ThrottlePolicy) {}

  /**
   * Reads and locks the counts of these senders in the window of `now`, in one statement. A row that does
   * not exist yet is created at 0 (so that it can be locked); the housekeeping prunes it with its window.
   */
  async load(ex: Executor, addresses: Iterable<string>, now: Date): Promise<void> {
    if (this.policy.limit <= 0) return;
    const window = windowStart(now, this.policy.windowSeconds);
    const wanted = [...new Set([...addresses].map((a) => a.toLowerCase()))]
      .filter((address) => !this.tallies.has(keyOf(address, window)))
      // One order for every builder: two batches that share senders wait for each other, never in a cycle.
      .sort();
    for (let i = 0; i < wanted.length; i += ROWS_PER_STATEMENT) {
      const rows = wanted
        .slice(i, i + ROWS_PER_STATEMENT)
        .map((address) => ({ address, window_start: window, count: 0 }));
      const stored = await ex
        .insertInto('sender_counts')
        .values(rows)
        // Rewrites the row as it is: what locks it, and returns it, whether it was there or not.
        .onConflict((oc) =>
          oc
            .columns(['address', 'window_start'])
            .doUpdateSet((eb) => ({ count: eb.ref('sender_counts.count') })),
        )
        .returning(['address', 'window_start', 'count'])
        .execute();
      for (const row of stored) {
        this.tallies.set(keyOf(row.address, row.window_start), {
          address: row.address,
          window: row.window_start,
          stored: Number(row.count),
          added: 0,
        });
      }
    }
  }

  /** Counts one mail from `address`; the same answer as `countAndCheck` at this point of the batch. */
  async count(
    ex: Executor,
    address: string,
    now: Date,
  ): Promise<{ readonly count: number; readonly throttled: boolean }> {
    if (this.policy.limit <= 0) return { count: 0, throttled: false };
    const key = keyOf(address.toLowerCase(), windowStart(now, this.policy.windowSeconds));
    // A sender the batch did not read first (its window began during the batch): read now.
    if (!this.tallies.has(key)) await this.load(ex, [address], now);
    const tally = this.tallies.get(key);
    if (!tally) throw new Error('sender count not read');
    tally.added += 1;
    const count = tally.stored + tally.added;
    return { count, throttled: count > this.policy.limit };
  }

  /**
   * A sender's count in the window starting at `window`, as the batch has it so far; undefined when the
   * batch has not read it (then the database's row is the count: the batch has not changed it).
   */
  current(address: string, window: string): number | undefined {
    const tally = this.tallies.get(keyOf(address.toLowerCase(), window));
    return tally ? tally.stored + tally.added : undefined;
  }

  /** Writes what the batch's mails added, in the caller's transaction: one statement (per 200 senders). */
  async write(ex: Executor): Promise<void> {
    const added = [...this.tallies.values()].filter((t) => t.added > 0);
    for (let i = 0; i < added.length; i += ROWS_PER_STATEMENT) {
      const rows = added
        .slice(i, i + ROWS_PER_STATEMENT)
        .map((t) => ({ address: t.address, window_start: t.window, count: t.added }));
      await ex
        .insertInto('sender_counts')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['address', 'window_start'])
            .doUpdateSet((eb) => ({ count: eb('sender_counts.count', '+', eb.ref('excluded.count')) })),
        )
        .execute();
    }
  }
}

function keyOf(address: string, window: string): string {
  return `${window} ${address}`;
}
