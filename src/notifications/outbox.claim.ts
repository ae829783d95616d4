import { inTransaction, type Database, type Executor, type Tx } from '../storage/database.js';
import { CLAIMED_COLUMNS, contentsOf, type OutboxMail } from './outbox.repository.js';
import { remainingInWindow, windowStartOf } from './rate-limit.js';

export interface ClaimOptions {
  /** This worker's id, written on the rows it holds. */
  readonly owner: string;
  readonly now: Date;
  /** How long a claim lasts; a row still `sending` after it is someone's crash and is claimed again. */
  readonly leaseMs: number;
  readonly limit: number;
  /** Messages per minute each account may send (looked up before the transaction: no I/O inside it). */
  readonly rateLimitOf: (accountId: number) => number;
}

/**
 * Accounts that have rows waiting (due or not), to look their rate limits up before a claim. Answered from
 * the `outbox_state_account` index alone: the waiting rows themselves (bodies and all) are not read.
 */
export function accountsWithWorkQuery(db: Executor) {
  return db
    .selectFrom('outbox')
    .select('account_id')
    .distinct()
    .where('state', 'in', ['queued', 'retrying', 'sending']);
}

export async function accountsWithWork(database: Database): Promise<number[]> {
  const rows = await accountsWithWorkQuery(database.db).execute();
  return rows.map((r) => r.account_id);
}

/**
 * Takes due rows for this worker, in one transaction (a narrow SELECT chooses, one UPDATE … RETURNING
 * claims, the contents are read after): queued or retrying rows whose time has come, and rows whose
 * sender's lease ran out (outcome unknown: they go out again with the same Message-ID). Each
 * account's shared per-minute counter is raised by what is taken, so workers together stay under it.
 * PostgreSQL skips rows other workers hold; SQLite's write lock serializes claims.
 */
export async function claimDue(database: Database, options: ClaimOptions): Promise<OutboxMail[]> {
  const now = options.now.toISOString();
  return inTransaction(
    database,
    async (trx) => {
      const chosen = await chooseDue(trx, database, options, now);
      if (chosen.length === 0) return [];
      const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
      const ids = chosen.map((r) => r.id);
      const claimed = await trx
        .updateTable('outbox')
        .set((eb) => ({
          state: 'sending',
          lease_owner: options.owner,
          lease_until: leaseUntil,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('id', 'in', ids)
        .returning(CLAIMED_COLUMNS)
        .execute();
      // The contents are only read: the claim's update rewrites the small row alone.
      const contents = await contentsOf(trx, ids);
      return claimed.sort((a, b) => a.id - b.id).map((row) => ({ ...row, content: contents.get(row.id) }));
    },
    // Not synced before sending: a claim that a power cut takes back leaves its rows queued, and they go
    // out again with the same Message-ID, as a claim whose lease ran out would. The round's first durable
    // commit of outcomes syncs it with them (one write-ahead log, synced in order).
    'deferred',
  );
}

/** A row that may be claimed: what choosing needs of it. */
interface Candidate {
  readonly id: number;
  readonly account_id: number;
}

/** How many times due rows are looked at for one claim: `limit` rows each time (see `chooseDue`). */
const MAX_LOOKS = 4;

/**
 * The due rows to claim, within each account's rate limit (the claim returns them in id order). Due rows
 * are read `limit` at a time (ids and accounts only; the contents are read once the rows are claimed). When
 * an account's window is full, its rows take no room: the next look skips that account and reads on past
 * the rows already seen, so the other accounts' rows behind them are claimed. Nearly always one look is
 * enough; at most {@link MAX_LOOKS}, so a claim reads at most that many times `limit` candidates.
 */
async function chooseDue(
  trx: Tx,
  database: Database,
  options: ClaimOptions,
  now: string,
): Promise<Candidate[]> {
  const chosen: Candidate[] = [];
  const full: number[] = [];
  let after = 0;
  for (let look = 0; look < MAX_LOOKS && chosen.length < options.limit; look += 1) {
    let query = trx
      .selectFrom('outbox')
      .select(['id', 'account_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('state', 'in', ['queued', 'retrying']), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('state', '=', 'sending'), eb('lease_until', '<=', now)]),
        ]),
      )
      .where('id', '>', after)
      .orderBy('id')
      .limit(options.limit);
    if (full.length > 0) query = query.where('account_id', 'not in', full);
    if (database.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const candidates = await query.execute();
    const taken = await withinRateLimits(trx, database, candidates, options, options.limit - chosen.length);
    chosen.push(...taken.rows);
    full.push(...taken.full);
    const last = candidates.at(-1);
    if (!last || candidates.length < options.limit || taken.full.length === 0) break;
    after = last.id;
  }
  return chosen;
}

/**
 * Of the candidates, the rows each account's rate window has room for, at most `wanted` in all (the
 * accounts in the order of their first row); raises each account's counter by what it takes. `full`:
 * the accounts whose window had no room for all of their candidates.
 */
async function withinRateLimits(
  trx: Tx,
  database: Database,
  candidates: readonly Candidate[],
  options: ClaimOptions,
  wanted: number,
): Promise<{ rows: Candidate[]; full: number[] }> {
  const byAccount = new Map<number, Candidate[]>();
  for (const row of candidates) {
    const rows = byAccount.get(row.account_id);
    if (rows) rows.push(row);
    else byAccount.set(row.account_id, [row]);
  }
  const window = windowStartOf(options.now);
  const chosen: Candidate[] = [];
  const full: number[] = [];
  for (const [accountId, rows] of byAccount) {
    if (chosen.length >= wanted) break;
    await trx
      .insertInto('outbox_rate')
      .values({ account_id: accountId, window_start: window, sent_count: 0 })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
    let rateQuery = trx.selectFrom('outbox_rate').selectAll().where('account_id', '=', accountId);
    if (database.dialect === 'postgres') rateQuery = rateQuery.forUpdate();
    const stored = await rateQuery.executeTakeFirst();
    const rateRoom = remainingInWindow(stored, options.now, options.rateLimitOf(accountId));
    if (rateRoom < rows.length) full.push(accountId);
    const room = Math.min(rateRoom, wanted - chosen.length);
    if (room <= 0) continue;
    const taken = rows.slice(0, room);
    chosen.push(...taken);
    const sameWindow = stored?.window_start === window;
    await trx
      .updateTable('outbox_rate')
      .set({ window_start: window, sent_count: (sameWindow ? stored.sent_count : 0) + taken.length })
      .where('account_id', '=', accountId)
      .execute();
  }
  return { rows: chosen, full };
}
