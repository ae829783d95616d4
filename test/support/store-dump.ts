import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { TestStore } from './databases.js';

/**
 * Everything the store holds, as text: for SQLite the raw bytes of the database files, for PostgreSQL
 * every row of every table of the test's schema. Used to prove a secret never lands in clear.
 */
export async function dumpStore(store: TestStore): Promise<string> {
  if (store.dialect === 'sqlite') {
    return fs
      .readdirSync(store.dataDir)
      .filter((f) => f.startsWith('drobot.sqlite'))
      .map((f) => fs.readFileSync(path.join(store.dataDir, f)).toString('latin1'))
      .join('\n');
  }
  const database = await store.open();
  try {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema()`.execute(
      database.db,
    );
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await sql`select * from ${sql.table(table_name)}`.execute(database.db);
      parts.push(JSON.stringify(rows.rows));
    }
    return parts.join('\n');
  } finally {
    await database.close();
  }
}

/** The forms a secret could leak in: as is, base64, base64url and hex. */
export function leakForms(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [secret, b.toString('base64'), b.toString('base64url'), b.toString('hex')];
}

export function assertNoLeak(haystack: string, secret: string, where: string): void {
  for (const form of leakForms(secret)) {
    if (haystack.includes(form))
      throw new Error(`the secret leaked into ${where} (as "${form.slice(0, 4)}…")`);
  }
}

/** The OAuth access and refresh tokens the store holds now, decrypted with the data folder's key file. */
export async function storedOAuthTokens(store: TestStore): Promise<string[]> {
  const database = await store.open();
  try {
    const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
    const rows = await database.db
      .selectFrom('secrets')
      .select(['owner_id', 'name'])
      .where('name', 'like', 'oauth_token:%')
      .execute();
    const values: string[] = [];
    for (const row of rows) {
      const text = await secrets.get(database.db, { kind: 'account', id: row.owner_id }, row.name);
      const set = JSON.parse(text ?? '{}') as { accessToken?: string; refreshToken?: string };
      if (set.accessToken) values.push(set.accessToken);
      if (set.refreshToken) values.push(set.refreshToken);
    }
    return values;
  } finally {
    await database.close();
  }
}
