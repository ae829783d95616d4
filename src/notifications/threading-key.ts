import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { SecretStore } from '../secrets/secret.store.js';
import { inTransaction, type Database } from '../storage/database.js';

/** The system-wide secret that signs case Message-IDs, stored encrypted like every other secret. */
export const THREADING_KEY_OWNER = { kind: 'system', id: 0 } as const;
export const THREADING_KEY_NAME = 'threading_key';

/**
 * Loads the threading key, generating it at first start. Several processes starting together agree on
 * one key: SQLite serializes the transaction, PostgreSQL takes an advisory lock for it.
 */
export async function loadThreadingKey(database: Database, secrets: SecretStore): Promise<Buffer> {
  const stored = await inTransaction(database, async (trx) => {
    if (database.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext('drobot.threading_key'))`.execute(trx);
    }
    const existing = await secrets.get(trx, THREADING_KEY_OWNER, THREADING_KEY_NAME);
    if (existing !== undefined) return existing;
    const fresh = crypto.randomBytes(32).toString('base64');
    await secrets.put(trx, THREADING_KEY_OWNER, THREADING_KEY_NAME, fresh);
    return fresh;
  });
  return Buffer.from(stored, 'base64');
}
