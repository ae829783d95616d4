import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import type { Database } from '../../src/storage/database.js';
import { sql } from 'kysely';
import { statementName } from '../../src/storage/named-statements.js';
import { PreparedQuery } from '../../src/storage/prepared-query.js';
import { StatementCachingDatabase } from '../../src/storage/sqlite-statement-cache.js';
import { DIALECTS } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

describe('SQLite statement cache', () => {
  it('hands out the same statement for the same SQL, the least recently used dropped past its bound', () => {
    const cache = new StatementCachingDatabase(new SqliteDatabase(':memory:'), 2);
    const one = cache.prepare('select 1 as n');
    assert.equal(cache.prepare('select 1 as n'), one);
    cache.prepare('select 2 as n');
    // `select 1` used last: `select 2` is the one dropped when a third comes.
    assert.equal(cache.prepare('select 1 as n'), one);
    const three = cache.prepare('select 3 as n');
    assert.equal(cache.size, 2);
    assert.equal(cache.prepare('select 1 as n'), one);
    assert.equal(cache.prepare('select 3 as n'), three);
    assert.notEqual(cache.prepare('select 2 as n'), undefined);
    cache.close();
  });

  it('never hands out a statement that is still being iterated', () => {
    const cache = new StatementCachingDatabase(new SqliteDatabase(':memory:'));
    const sql = 'select value from json_each(?)';
    const streaming = cache.prepare(sql);
    const rows = streaming.iterate(['[1,2,3]']);
    assert.deepEqual(rows.next().value, { value: 1 });
    const meanwhile = cache.prepare(sql);
    assert.notEqual(meanwhile, streaming);
    assert.deepEqual(meanwhile.all(['[7]']), [{ value: 7 }]);
    assert.deepEqual([...rows], [{ value: 2 }, { value: 3 }]);
    cache.close();
  });
});

for (const dialect of DIALECTS) {
  describe(`prepared queries (${dialect})`, () => {
    let database: Database;
    withTestStore(dialect, (_store, opened) => {
      database = opened;
    });

    it('compiles once and runs with each call’s values, in and out of a transaction', async () => {
      const insert = new PreparedQuery<{ address: string; name: string | null; at: string }, { id: number }>(
        ['address', 'name', 'at'],
        (ex, v) =>
          ex
            .insertInto('requesters')
            .values({ address: v.address, display_name: v.name, created_at: v.at })
            .returning('id'),
      );
      const first = await insert.executeTakeFirstOrThrow(database.db, {
        address: 'a@example.test',
        name: 'Ana',
        at: '2026-01-01T00:00:00.000Z',
      });
      const second = await database.db
        .transaction()
        .execute((trx) =>
          insert.executeTakeFirstOrThrow(trx, { address: 'b@example.test', name: null, at: 'x' }),
        );
      assert.notEqual(first.id, second.id);
      const rows = await database.db
        .selectFrom('requesters')
        .select(['address', 'display_name', 'created_at'])
        .orderBy('id')
        .execute();
      assert.deepEqual(rows, [
        { address: 'a@example.test', display_name: 'Ana', created_at: '2026-01-01T00:00:00.000Z' },
        { address: 'b@example.test', display_name: null, created_at: 'x' },
      ]);
    });

    it('refuses a query whose parameters are not all stand-ins for the values', async () => {
      const frozen = new PreparedQuery<{ id: number }, unknown>(['id'], (ex) =>
        ex.selectFrom('requesters').select('id').where('id', '=', 1),
      );
      await assert.rejects(
        () => frozen.execute(database.db, { id: 2 }),
        /parameter 1 is not a value stand-in/,
      );
    });

    if (dialect === 'postgres') {
      it('runs on PostgreSQL as a named statement of the connection, prepared once and reused', async () => {
        const lookup = new PreparedQuery<{ address: string }, { id: number }>(['address'], (ex, v) =>
          ex.selectFrom('requesters').select('id').where('address', '=', v.address),
        );
        // One transaction holds one connection: what it prepared is visible in pg_prepared_statements.
        const seen = await database.db.transaction().execute(async (trx) => {
          await lookup.execute(trx, { address: 'a@example.test' });
          await lookup.execute(trx, { address: 'b@example.test' });
          const prepared = await sql<{ name: string; statement: string }>`
            select name, statement from pg_prepared_statements where name like 'drobot_%'`.execute(trx);
          return prepared.rows;
        });
        const named = seen.filter(
          (row) => /from "requesters"/.test(row.statement) && /"address" = \$1/.test(row.statement),
        );
        assert.equal(named.length, 1, JSON.stringify(seen));
        assert.equal(named[0]?.name, statementName(named[0]?.statement ?? ''));
      });
    }
  });
}
