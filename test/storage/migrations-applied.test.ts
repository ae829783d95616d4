import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';

async function tableExists(database: Database, table: string): Promise<boolean> {
  const query =
    database.dialect === 'postgres'
      ? sql<{ n: number }>`select count(*)::int as n from information_schema.tables
          where table_schema = current_schema() and table_name = ${table}`
      : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`;
  return ((await query.execute(database.db)).rows[0]?.n ?? 0) > 0;
}

for (const dialect of DIALECTS) {
  describe(`opening a database whose migrations are applied (${dialect})`, () => {
    let store: TestStore;
    before(async () => {
      store = await createTestStore(dialect);
      await (await store.open()).close();
    });
    after(async () => {
      await store.drop();
    });

    test('with every migration recorded, the migrator is not run (its lock table, dropped, is not made again)', async () => {
      const first = await store.open();
      try {
        await sql`drop table kysely_migration_lock`.execute(first.db);
      } finally {
        await first.close();
      }
      const again = await store.open();
      try {
        assert.equal(await tableExists(again, 'kysely_migration_lock'), false);
        assert.equal(await tableExists(again, 'accounts'), true);
      } finally {
        await again.close();
      }
    });
  });

  describe(`opening a database a newer version migrated (${dialect})`, () => {
    let store: TestStore;
    before(async () => {
      store = await createTestStore(dialect);
      const database = await store.open();
      try {
        await sql`insert into kysely_migration (name, timestamp) values (${'9999_from_a_newer_version'}, ${new Date().toISOString()})`.execute(
          database.db,
        );
      } finally {
        await database.close();
      }
    });
    after(async () => {
      await store.drop();
    });

    test('is refused by the migrator, as before, not opened as up to date', async () => {
      await assert.rejects(store.open(), /9999_from_a_newer_version/);
    });
  });
}
