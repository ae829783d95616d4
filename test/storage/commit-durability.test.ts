import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { inTransaction, syncCommitted, type Database, type Executor } from '../../src/storage/database.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

/** How the connection running a statement commits: SQLite's `synchronous`, PostgreSQL's `synchronous_commit`. */
async function commitSetting(database: Database, ex: Executor): Promise<string> {
  if (database.dialect === 'postgres') {
    const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(ex);
    return rows[0]?.synchronous_commit ?? '';
  }
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(ex);
  return String(rows[0]?.synchronous);
}

const DURABLE = { sqlite: '2', postgres: 'on' } as const;
// On PostgreSQL every commit stays durable (waiting for it holds no thread).
const DEFERRED = { sqlite: '1', postgres: 'on' } as const;

async function runCount(database: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from runs`.execute(database.db);
  return Number(rows[0]?.n ?? 0);
}

async function addRun(ex: Executor): Promise<void> {
  await ex
    .insertInto('runs')
    .values({ kind: 'fetch', account_id: null, started_at: 'a', ended_at: 'b', counts: '{}', error: null })
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`commit durability (${dialect})`, () => {
    let database: Database;
    withTestStore(dialect, (_store, opened) => {
      database = opened;
    });

    test('a transaction commits durably unless told otherwise', async () => {
      const seen = await inTransaction(database, (trx) => commitSetting(database, trx));
      assert.equal(seen, DURABLE[dialect]);
    });

    test('a deferred transaction commits its work (unsynced on SQLite), and the next one is durable again', async () => {
      const before = await runCount(database);
      const seen = await inTransaction(
        database,
        async (trx) => {
          await addRun(trx);
          return commitSetting(database, trx);
        },
        'deferred',
      );
      assert.equal(seen, DEFERRED[dialect]);
      assert.equal(await runCount(database), before + 1);
      assert.equal(await inTransaction(database, (trx) => commitSetting(database, trx)), DURABLE[dialect]);
      // Outside any transaction too (SQLite: the one connection; PostgreSQL: the pool's).
      assert.equal(await commitSetting(database, database.db), DURABLE[dialect]);
    });

    test('a deferred transaction that fails is undone, and the next one is durable again', async () => {
      const before = await runCount(database);
      await assert.rejects(
        inTransaction(
          database,
          async (trx) => {
            await addRun(trx);
            throw new Error('fails on purpose');
          },
          'deferred',
        ),
        /fails on purpose/,
      );
      assert.equal(await runCount(database), before);
      assert.equal(await inTransaction(database, (trx) => commitSetting(database, trx)), DURABLE[dialect]);
    });
  });
}

describe('syncCommitted on SQLite', () => {
  let store: TestStore;
  let database: Database;
  withTestStore('sqlite', (opened, db) => {
    store = opened;
    database = db;
  });

  /** The runs the database file alone holds, without its WAL: what is there once checkpointed. */
  function runsInMainFile(): number {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-ckpt-')), 'copy.sqlite');
    fs.copyFileSync(path.join(store.dataDir, 'drobot.sqlite'), copy);
    const native = new SqliteDatabase(copy, { readonly: true });
    try {
      return (native.prepare('select count(*) as n from runs').get() as { n: number }).n;
    } finally {
      native.close();
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  }

  test('copies every commit, deferred ones too, into the synced database file', async () => {
    await syncCommitted(database);
    const before = runsInMainFile();
    await inTransaction(database, addRun, 'deferred');
    await inTransaction(database, addRun, 'deferred');
    // Still only in the WAL (no automatic checkpoint for two small commits).
    assert.equal(runsInMainFile(), before);
    await syncCommitted(database);
    assert.equal(runsInMainFile(), before + 2);
  });

  test('fails when a reader keeps it from finishing, so nothing acts on commits that may be undone', async () => {
    await inTransaction(database, addRun, 'deferred');
    // Another connection reading an older snapshot: the checkpoint cannot copy past it.
    const reader = new SqliteDatabase(path.join(store.dataDir, 'drobot.sqlite'), { readonly: true });
    try {
      reader.exec('begin');
      reader.prepare('select count(*) from runs').get();
      await inTransaction(database, addRun, 'deferred');
      reader.pragma('busy_timeout = 0');
      await sql`pragma busy_timeout = 50`.execute(database.db);
      await assert.rejects(syncCommitted(database), /could not be synced/);
    } finally {
      reader.exec('commit');
      reader.close();
      await sql`pragma busy_timeout = 10000`.execute(database.db);
    }
    await syncCommitted(database);
  });
});
