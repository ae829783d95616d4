import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import type { Database } from '../../src/storage/database.js';
import { runCli } from '../support/cli.js';
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

    test('is refused, naming the newer change, not opened as up to date', async () => {
      await assert.rejects(store.open(), (error: unknown) => {
        assert.ok(isDrobotError(error), String(error));
        assert.equal(error.code, 'database_from_newer_version');
        assert.match(
          error.message,
          /newer version of DRobot upgraded this database \(9999_from_a_newer_version\)/,
        );
        return true;
      });
    });

    test("the command says so in the reader's language, with what to do, instead of an internal error", async () => {
      const es = await runCli(['accounts', 'list'], { env: { ...store.env, DROBOT_LANG: 'es' } });
      assert.notEqual(es.code, 0);
      assert.match(
        es.stderr,
        /Una versión más reciente de DRobot actualizó esta base de datos \(9999_from_a_newer_version\)/,
      );
      assert.match(es.stderr, /restaure la copia de la base de datos/);
      assert.doesNotMatch(es.stderr, /interno/);
      const en = await runCli(['accounts', 'list', '--json'], { env: { ...store.env, DROBOT_LANG: 'en' } });
      assert.equal(
        (JSON.parse(en.stderr) as { error: { code: string } }).error.code,
        'database_from_newer_version',
      );
    });
  });
}
