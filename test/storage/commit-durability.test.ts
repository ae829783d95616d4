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
import { WalSync } from '../../src/storage/wal-sync.js';

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
      // On SQLite the commit itself does not wait for the disk: the WAL is synced after it (below).
      const seen = await inTransaction(database, (trx) => commitSetting(database, trx));
      assert.equal(seen, dialect === 'sqlite' ? DEFERRED.sqlite : DURABLE.postgres);
      assert.equal(database.syncWal !== undefined, dialect === 'sqlite');
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
      // Outside any transaction (SQLite: the one connection; PostgreSQL: the pool's) a statement commits
      // durably by itself.
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
      assert.equal(await commitSetting(database, database.db), DURABLE[dialect]);
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

describe('a durable transaction on SQLite: committed without waiting, resolved once its WAL is synced', () => {
  let store: TestStore;
  let database: Database;
  withTestStore('sqlite', (opened, db) => {
    store = opened;
    database = db;
  });

  /** What another connection sees: a commit is visible there as soon as it is made. */
  function runsSeenElsewhere(): number {
    const reader = new SqliteDatabase(path.join(store.dataDir, 'drobot.sqlite'), { readonly: true });
    try {
      return (reader.prepare('select count(*) as n from runs').get() as { n: number }).n;
    } finally {
      reader.close();
    }
  }

  /** The database with its WAL syncs recorded and held until `release()`. */
  function heldSyncs(fail?: Error) {
    const events: string[] = [];
    let releases: (() => void)[] = [];
    const wal = new WalSync(path.join(store.dataDir, 'drobot.sqlite'), async (file, kind) => {
      events.push(`sync ${path.basename(file)} ${kind} (${runsSeenElsewhere()} runs committed)`);
      await new Promise<void>((resolve) => releases.push(resolve));
      if (fail) throw fail;
    });
    const release = () => {
      const waiting = releases;
      releases = [];
      for (const r of waiting) r();
    };
    const watched: Database = { ...database, syncWal: () => wal.sync() };
    return { events, release, watched, waiting: () => releases.length };
  }

  const settle = () => new Promise((r) => setTimeout(r, 30));

  test('the commit is made, then the WAL synced (and, the first time, its directory); only then it resolves', async () => {
    const before = runsSeenElsewhere();
    const { events, release, watched, waiting } = heldSyncs();
    let resolved = false;
    const done = inTransaction(watched, addRun).then(() => {
      resolved = true;
    });
    await settle();
    assert.deepEqual(events, [`sync drobot.sqlite-wal file (${before + 1} runs committed)`]);
    assert.equal(resolved, false, 'not resolved while its WAL is not synced');
    release();
    await settle();
    assert.equal(resolved, false, 'nor while the new log name is not durable');
    assert.equal(waiting(), 1);
    release();
    await done;
    assert.deepEqual(events.slice(1), [
      `sync ${path.basename(store.dataDir)} directory (${before + 1} runs committed)`,
    ]);
  });

  test('one sync serves every commit made before it started; later ones wait for the next', async () => {
    const before = runsSeenElsewhere();
    const { events, release, watched } = heldSyncs();
    const first = inTransaction(watched, addRun);
    await settle();
    // Two more commit while the first sync is held: it may have started before them.
    const later = [inTransaction(watched, addRun), inTransaction(watched, addRun)];
    await settle();
    assert.equal(events.length, 1);
    release(); // the WAL sync of the first
    await settle();
    release(); // its directory
    await first;
    await settle();
    assert.equal(events.length, 3, events.join('\n'));
    assert.equal(events[2], `sync drobot.sqlite-wal file (${before + 3} runs committed)`);
    release();
    await Promise.all(later);
    assert.equal(events.length, 3, 'the two later commits shared one sync');
  });

  test('a sync that fails rejects the transaction: its caller must not act on it', async () => {
    const { release, watched } = heldSyncs(new Error('EIO on purpose'));
    const done = inTransaction(watched, addRun);
    await settle();
    release();
    await assert.rejects(done, /EIO on purpose/);
  });

  test('a deferred transaction does not sync', async () => {
    const { events, watched } = heldSyncs();
    await inTransaction(watched, addRun, 'deferred');
    assert.deepEqual(events, []);
  });

  test('with no log yet, the database file itself is synced', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-walsync-'));
    try {
      const synced: string[] = [];
      const wal = new WalSync(path.join(dir, 'none.sqlite'), (file, kind) => {
        synced.push(`${path.basename(file)} ${kind}`);
        if (file.endsWith('-wal'))
          return Promise.reject(Object.assign(new Error('gone'), { code: 'ENOENT' }));
        return Promise.resolve();
      });
      await wal.sync();
      assert.deepEqual(synced, ['none.sqlite-wal file', 'none.sqlite file']);
      // The real sync, on files that exist.
      fs.writeFileSync(path.join(dir, 'real.sqlite-wal'), 'x');
      await new WalSync(path.join(dir, 'real.sqlite')).sync();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
