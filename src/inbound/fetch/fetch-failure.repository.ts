import type { Lang, Text } from '../../i18n/lang.js';
import { storedTextIn, storeText } from '../../i18n/stored-text.js';
import type { Executor } from '../../storage/database.js';

/** How much of each language of a failure's words is kept. */
const ERROR_MAX_CHARS = 500;

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

/** A mail waiting to be downloaded again, as an administrator reads it: its last failure in one language. */
export interface WaitingDownload extends DeferredMail {
  readonly mailbox: string;
  readonly lastError: string | null;
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

  /**
   * Every mail of the account waiting for its next attempt, the next due first; its last failure in `lang` (stored
   * in both languages; older rows hold English words, given as they are).
   */
  async waiting(ex: Executor, accountId: number, lang: Lang): Promise<WaitingDownload[]> {
    const rows = await ex
      .selectFrom('fetch_failures')
      .select(['mailbox', 'uid', 'attempts', 'next_attempt_at', 'last_error'])
      .where('account_id', '=', accountId)
      .orderBy('next_attempt_at')
      .orderBy('mailbox')
      .orderBy('uid')
      .execute();
    return rows.map((r) => ({
      mailbox: r.mailbox,
      uid: r.uid,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error === null ? null : storedTextIn(r.last_error, lang),
    }));
  }

  /**
   * Counts one more failure; returns the attempts so far and when the next may start. The failure's words
   * are kept in both languages, each reader's to be shown.
   */
  async record(
    ex: Executor,
    key: { accountId: number; mailbox: string; uid: string },
    error: Text,
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
      last_error: storeText({
        es: error.es.slice(0, ERROR_MAX_CHARS),
        en: error.en.slice(0, ERROR_MAX_CHARS),
      }),
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
