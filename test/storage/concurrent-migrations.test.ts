import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrations } from '../../src/storage/migrations/index.js';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

describe('first start on PostgreSQL', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore('postgres');
  });
  after(async () => {
    await store.drop();
  });

  it('applies the schema once when several processes start at the same time', async () => {
    const starts = await Promise.all(
      Array.from({ length: 4 }, () =>
        runCli(['accounts', 'list', '--json'], {
          env: { ...store.env, DROBOT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') },
        }),
      ),
    );
    for (const s of starts) assert.equal(s.code, 0, s.stderr);
    const database = await store.open();
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
        database.db,
      );
      assert.deepEqual(
        applied.rows.map((r) => r.name),
        Object.keys(migrations).sort(),
      );
      const tables = await sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'accounts'`.execute(
        database.db,
      );
      assert.equal(tables.rows[0]?.n, 1);
    } finally {
      await database.close();
    }
  });
});
