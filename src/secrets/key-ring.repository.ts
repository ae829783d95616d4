import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../storage/database.js';
import type { MasterKey } from './cipher.js';

/** Whether an executor speaks PostgreSQL (row locks exist there; SQLite locks the whole database). */
export function onPostgres(ex: Executor): boolean {
  return ex.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

/** A digest of the key itself (its id is one too, under another label): shown by `keys status`. */
export function fingerprintOf(key: MasterKey): string {
  return crypto.createHash('sha256').update('drobot-key-fingerprint').update(key.key).digest('hex');
}

/**
 * How a transaction holds the current key's row: `share` while it encrypts (a rotation waits for it to
 * commit), `update` while it rotates (writers wait for the rotation). On SQLite every write transaction
 * already holds the database's single write lock, so no row lock is needed there.
 */
export type KeyLock = 'none' | 'share' | 'update';

export interface KeyRingRow {
  readonly keyId: string;
  readonly state: 'current' | 'retired';
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly retiredAt: string | null;
}

/** The database's record of the master keys: which one encrypts, which are retired. */
export const keyRingRepository = {
  /** The current key's id (locked as asked), or undefined before the first key is recorded. */
  async currentId(ex: Executor, lock: KeyLock): Promise<string | undefined> {
    const q = ex.selectFrom('key_ring').select('key_id').where('state', '=', 'current');
    const locked = lock === 'none' || !onPostgres(ex) ? q : lock === 'share' ? q.forShare() : q.forUpdate();
    return (await locked.executeTakeFirst())?.key_id;
  },

  /** Records `key` as the current key if none is yet; whoever comes first wins. */
  async seed(ex: Executor, key: MasterKey, now: string): Promise<void> {
    await ex
      .insertInto('key_ring')
      .values({
        key_id: key.id,
        state: 'current',
        fingerprint: fingerprintOf(key),
        created_at: now,
        retired_at: null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  },

  /** Retires the current key and records `next` as current (inside the rotation's transaction). */
  async makeCurrent(ex: Executor, next: MasterKey, now: string): Promise<void> {
    await ex
      .updateTable('key_ring')
      .set({ state: 'retired', retired_at: now })
      .where('state', '=', 'current')
      .execute();
    await ex
      .insertInto('key_ring')
      .values({
        key_id: next.id,
        state: 'current',
        fingerprint: fingerprintOf(next),
        created_at: now,
        retired_at: null,
      })
      .onConflict((oc) =>
        oc
          .column('key_id')
          .doUpdateSet({ state: 'current', retired_at: null, fingerprint: fingerprintOf(next) }),
      )
      .execute();
  },

  async all(ex: Executor): Promise<KeyRingRow[]> {
    const rows = await ex.selectFrom('key_ring').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({
      keyId: r.key_id,
      state: r.state,
      fingerprint: r.fingerprint,
      createdAt: r.created_at,
      retiredAt: r.retired_at,
    }));
  },

  /** How many secrets each key id protects. */
  async usage(ex: Executor): Promise<Map<string, number>> {
    const rows = await ex
      .selectFrom('secrets')
      .select(['key_id', sql<number>`count(*)`.as('count')])
      .groupBy('key_id')
      .execute();
    return new Map(rows.map((r) => [r.key_id, Number(r.count)]));
  },
};
