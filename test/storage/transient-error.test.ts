import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { isTransientDatabaseError } from '../../src/storage/transient-error.js';
import { testPostgresUrl } from '../support/databases.js';

/** What the driver throws for `statement`, or undefined when it does not throw. */
async function pgFailure(statement: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(statement);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.end();
  }
}

const raising = (sqlstate: string) =>
  `do $$ begin raise exception 'raised' using errcode = '${sqlstate}'; end $$`;

describe('database failures of the moment', () => {
  test("PostgreSQL's deadlock, serialization failure, lock timeout and shutdown are; a constraint or bad SQL is not", async () => {
    for (const sqlstate of ['40P01', '40001', '55P03', '57P01', '08006']) {
      assert.equal(isTransientDatabaseError(await pgFailure(raising(sqlstate))), true, sqlstate);
    }
    for (const sqlstate of ['23505', '22001', 'P0001']) {
      assert.equal(isTransientDatabaseError(await pgFailure(raising(sqlstate))), false, sqlstate);
    }
    assert.equal(isTransientDatabaseError(await pgFailure('select * from no_such_table_here')), false);
  });

  test("SQLite's busy lock is; a constraint is not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-transient-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      const one = new Sqlite(file);
      const two = new Sqlite(file, { timeout: 0 });
      one.exec('create table t (id integer primary key)');
      one.exec('begin immediate');
      one.exec('insert into t values (1)');
      assert.throws(
        () => two.exec('insert into t values (2)'),
        (error: unknown) => isTransientDatabaseError(error),
      );
      one.exec('commit');
      assert.throws(
        () => two.exec('insert into t values (1)'),
        (error: unknown) => !isTransientDatabaseError(error),
      );
      one.close();
      two.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a network failure under the connection is; anything without a code is not', () => {
    assert.equal(isTransientDatabaseError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), true);
    assert.equal(isTransientDatabaseError(new Error('deadlock detected')), false);
    assert.equal(isTransientDatabaseError(undefined), false);
    assert.equal(isTransientDatabaseError('40P01'), false);
  });
});
