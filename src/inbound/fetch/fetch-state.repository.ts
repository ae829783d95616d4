import { storedTextIn } from '../../i18n/stored-text.js';
import type { Selectable } from 'kysely';
import type { Text } from '../../i18n/lang.js';
import type { Executor } from '../../storage/database.js';
import type { FetchStateTable } from '../inbound.table.js';

export type FetchStateRow = Selectable<FetchStateTable>;

/** The account-wide row: health and the source's cursor. */
export const HEALTH = '*';

/** Each account's fetch health and source cursor. */
export class FetchStateRepository {
  async get(ex: Executor, accountId: number, mailbox: string): Promise<FetchStateRow | undefined> {
    return ex
      .selectFrom('fetch_state')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('mailbox', '=', mailbox)
      .executeTakeFirst();
  }

  /** Creates the row if missing (with `floor`), and returns the stored one. */
  async ensure(
    ex: Executor,
    accountId: number,
    mailbox: string,
    floor: number,
    now: string,
  ): Promise<FetchStateRow> {
    await ex
      .insertInto('fetch_state')
      .values({
        account_id: accountId,
        mailbox,
        floor_uid: floor,
        first_run_done: 0,
        failures: 0,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['account_id', 'mailbox']).doNothing())
      .execute();
    const row = await this.get(ex, accountId, mailbox);
    if (!row) throw new Error('fetch state row missing after insert');
    return row;
  }

  /** Where the account's source's last fully handled listing ended; undefined before the first one. */
  async cursor(ex: Executor, accountId: number): Promise<string | undefined> {
    return (await this.get(ex, accountId, HEALTH))?.cursor ?? undefined;
  }

  async setCursor(ex: Executor, accountId: number, cursor: string | undefined, now: string): Promise<void> {
    await this.ensure(ex, accountId, HEALTH, 0, now);
    await ex
      .updateTable('fetch_state')
      .set({ cursor: cursor ?? null, updated_at: now })
      .where('account_id', '=', accountId)
      .where('mailbox', '=', HEALTH)
      .execute();
  }

  async recordSuccess(ex: Executor, accountId: number, now: string): Promise<void> {
    await this.ensure(ex, accountId, HEALTH, 0, now);
    await ex
      .updateTable('fetch_state')
      .set({ last_run_at: now, last_error: null, failures: 0, next_attempt_at: null, updated_at: now })
      .where('account_id', '=', accountId)
      .where('mailbox', '=', HEALTH)
      .execute();
  }

  /** Counts a failed run and sets when the next attempt may start; returns the failure count. */
  async recordFailure(
    ex: Executor,
    accountId: number,
    error: Text,
    now: Date,
    backoff: (failures: number) => number,
  ): Promise<number> {
    const row = await this.ensure(ex, accountId, HEALTH, 0, now.toISOString());
    const failures = row.failures + 1;
    await ex
      .updateTable('fetch_state')
      .set({
        last_run_at: now.toISOString(),
        last_error: JSON.stringify({ es: error.es.slice(0, 500), en: error.en.slice(0, 500) }),
        failures,
        next_attempt_at: new Date(now.getTime() + backoff(failures)).toISOString(),
        updated_at: now.toISOString(),
      })
      .where('account_id', '=', accountId)
      .where('mailbox', '=', HEALTH)
      .execute();
    return failures;
  }

  health(ex: Executor, accountId: number): Promise<FetchStateRow | undefined> {
    return this.get(ex, accountId, HEALTH);
  }
}

/** Exponential back-off after failed runs: 30 s, 1 min, 2 min … capped at 30 min. Pure. */
export function failureBackoffMs(failures: number, baseMs = 30_000, capMs = 30 * 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/** The stored last error in one language (stored as both languages in JSON). */
export function lastErrorIn(stored: string | null, lang: 'es' | 'en'): string | null {
  return stored === null ? null : storedTextIn(stored, lang);
}
