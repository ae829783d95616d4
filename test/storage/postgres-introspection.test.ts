import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PostgresIntrospector, sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, type TestStore } from '../support/databases.js';

/**
 * DRobot shares its PostgreSQL database with other schemas (other installations, other programs, parallel
 * tests). A schema dropped by someone else while DRobot starts must not stop it: the migrator's look at
 * which tables exist covers DRobot's own schema only.
 */
describe('PostgreSQL introspection while another schema is dropped', () => {
  let ours: TestStore;
  let theirs: TestStore;
  let database: Database;
  before(async () => {
    ours = await createTestStore('postgres');
    theirs = await createTestStore('postgres');
    database = await ours.open();
    // The other schema holds DRobot's tables too, with serial columns, as a parallel installation would.
    await (await theirs.open()).close();
  });
  after(async () => {
    await database.close();
    await ours.drop();
  });

  /** Runs `look` in a transaction whose snapshot was taken before the other schema was dropped. */
  async function afterTheirDrop<T>(look: (conn: Kysely<unknown>) => Promise<T>): Promise<T> {
    return database.db.connection().execute(async (conn) => {
      await sql`begin isolation level repeatable read`.execute(conn);
      try {
        await sql`select 1`.execute(conn);
        await theirs.drop();
        return await look(conn as unknown as Kysely<unknown>);
      } finally {
        await sql`rollback`.execute(conn);
      }
    });
  }

  it('lists only its own tables, and the dropped schema does not make it fail', async () => {
    const tables = await afterTheirDrop((conn) =>
      conn.introspection.getTables({ withInternalKyselyTables: true }),
    );
    const schema = await sql<{ s: string }>`select current_schema() as s`.execute(database.db);
    assert.ok(tables.some((t) => t.name === 'kysely_migration'));
    assert.ok(
      tables.some(
        (t) => t.name === 'accounts' && t.columns.some((c) => c.name === 'id' && c.isAutoIncrementing),
      ),
    );
    assert.deepEqual([...new Set(tables.map((t) => t.schema))], [schema.rows[0]?.s]);
    const withoutKysely = await database.db.introspection.getTables();
    assert.ok(!withoutKysely.some((t) => t.name.startsWith('kysely_')));
  });

  it("Kysely's own introspector, which looks every schema up by name, fails in the same place", async () => {
    theirs = await createTestStore('postgres');
    await (await theirs.open()).close();
    await assert.rejects(
      afterTheirDrop((conn) => new PostgresIntrospector(conn).getTables({ withInternalKyselyTables: true })),
      /schema "t_[0-9a-f]+" does not exist/,
    );
  });
});
