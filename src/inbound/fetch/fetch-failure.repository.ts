import type { Executor } from '../../storage/database.js';

/** After this many failed downloads a mail goes to quarantine (visible, retryable) instead of waiting again. */
export const MAX_DOWNLOAD_ATTEMPTS = 4;

/**
 * How long a mail whose download failed waits before it is tried again: after one failure (a network
 * blip) it is tried again by the next run, after the others; then 5 min, then 20 min. Pure.
 */
export function downloadRetryDelayMs(attempts: number): number {
  return attempts <= 1 ? 0 : 5 * 60_000 * 4 ** (attempts - 2);
}

/** A mail that failed to download, waiting to be tried again. */
export interface DeferredMail {
  readonly uid: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
}

/**
 * Mails a server failed to deliver (it cut the connection or stalled on them). Each is retried later, after
 * the mails that download fine, so one bad mail never blocks the next ones on every run.
 */
export class FetchFailureRepository {
  /** Mails of the mailbox that wait for their next attempt, keyed by uid. */
  async pending(ex: Executor, accountId: number, mailbox: string): Promise<Map<string, DeferredMail>> {
    const rows = await ex
      .selectFrom('fetch_failures')
      .select(['uid', 'attempts', 'next_attempt_at'])
      .where('account_id', '=', accountId)
      .where('mailbox', '=', mailbox)
      .execute();
    return new Map(
      rows.map((r) => [r.uid, { uid: r.uid, attempts: r.attempts, nextAttemptAt: r.next_attempt_at }]),
    );
  }

  /** Counts one more failure; returns the attempts so far and when the next may start. */
  async record(
    ex: Executor,
    key: { accountId: number; mailbox: string; uid: string },
    error: string,
    now: Date,
  ): Promise<DeferredMail> {
    const existing = await ex
      .selectFrom('fetch_failures')
      .select('attempts')
      .where('account_id', '=', key.accountId)
      .where('mailbox', '=', key.mailbox)
      .where('uid', '=', key.uid)
      .executeTakeFirst();
    const attempts = (existing?.attempts ?? 0) + 1;
    const nextAttemptAt = new Date(now.getTime() + downloadRetryDelayMs(attempts)).toISOString();
    const values = {
      attempts,
      last_error: error.slice(0, 500),
      next_attempt_at: nextAttemptAt,
      updated_at: now.toISOString(),
    };
    if (existing) {
      await ex
        .updateTable('fetch_failures')
        .set(values)
        .where('account_id', '=', key.accountId)
        .where('mailbox', '=', key.mailbox)
        .where('uid', '=', key.uid)
        .execute();
    } else {
      await ex
        .insertInto('fetch_failures')
        .values({ account_id: key.accountId, mailbox: key.mailbox, uid: key.uid, ...values })
        .execute();
    }
    return { uid: key.uid, attempts, nextAttemptAt };
  }

  async clear(ex: Executor, accountId: number, mailbox: string, uid: string): Promise<void> {
    await ex
      .deleteFrom('fetch_failures')
      .where('account_id', '=', accountId)
      .where('mailbox', '=', mailbox)
      .where('uid', '=', uid)
      .execute();
  }

  /** Forgets the failures of mails now taken in (one statement for a batch). */
  async clearMany(ex: Executor, accountId: number, mailbox: string, uids: readonly string[]): Promise<void> {
    if (uids.length === 0) return;
    await ex
      .deleteFrom('fetch_failures')
      .where('account_id', '=', accountId)
      .where('mailbox', '=', mailbox)
      .where('uid', 'in', [...uids])
      .execute();
  }
}
