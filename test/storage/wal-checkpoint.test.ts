import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import {
  inTransaction,
  openDatabase,
  SQLITE_PAGE_SIZE,
  SQLITE_WAL_AUTOCHECKPOINT_BYTES,
  SQLITE_WAL_SIZE_LIMIT_BYTES,
  walPagesOf,
  type Database,
} from '../../src/storage/database.js';
import { SQLITE_DEFAULT_PAGE_SIZE, WalCheckpointer } from '../../src/storage/wal-checkpointer.js';

/** The pages of a database DRobot creates; `writePages` fills one per row. */
const PAGE = SQLITE_PAGE_SIZE;
/** SQLite's default page size: the plain databases below have it. */
const PLAIN_PAGE = SQLITE_DEFAULT_PAGE_SIZE;
/** The log's thresholds in DRobot's pages: the thread's (2,500) and the commit's own (5,000). */
const { thread: THREAD_PAGES, autocheckpoint: COMMIT_PAGES } = walPagesOf(PAGE);
const here = path.dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');
const WRITER = path.join(here, `../support/wal-writer-child.${fromSource ? 'ts' : 'js'}`);

/** Waits until `done` holds, up to a deadline. */
async function until(done: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Commits about `pages` pages of new rows (one row fills a page). */
function writePages(database: Database, pages: number): Promise<void> {
  return inTransaction(database, async (trx) => {
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${pages})
      insert into scratch select randomblob(${PAGE - 200}) from n`.execute(trx);
  });
}

/** A database of its own in WAL mode, written by a plain connection (no DRobot checkpoint thread). */
function plainWalDatabase(name: string, autocheckpointPages?: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `drobot-wal-${name}-`));
  const file = path.join(dir, `${name}.sqlite`);
  const writer = new SqliteDatabase(file);
  writer.pragma('journal_mode = WAL');
  if (autocheckpointPages !== undefined) writer.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
  writer.exec('create table t (b blob)');
  return {
    dir,
    file,
    /** Commits about `pages` pages of new rows in one statement. */
    fill: (pages: number) =>
      writer
        .prepare(
          'with recursive n(i) as (select 1 union all select i + 1 from n where i < ?) insert into t select randomblob(3900) from n',
        )
        .run(pages),
    dispose: () => {
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('SQLite checkpoints: the log is copied on a thread of its own, the commit keeps a backstop', () => {
  let root: string;
  let database: Database;
  let file: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-wal-checkpoint-'));
    database = await openDatabase({ url: undefined, dataDir: root });
    file = path.join(root, 'drobot.sqlite');
    await sql`create table scratch (b blob)`.execute(database.db);
  });
  after(async () => {
    await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('says so on the connection, in pages of the size a new database gets', async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      database.db,
    );
    const size = await sql<{ page_size: number }>`pragma page_size`.execute(database.db);
    assert.equal(size.rows[0]?.page_size, 8192);
    assert.equal(rows[0]?.wal_autocheckpoint, COMMIT_PAGES);
    assert.deepEqual({ thread: THREAD_PAGES, commit: COMMIT_PAGES }, { thread: 2500, commit: 5000 });
    assert.equal(COMMIT_PAGES * PAGE, SQLITE_WAL_AUTOCHECKPOINT_BYTES);
    const limit = await sql<{ journal_size_limit: number }>`pragma journal_size_limit`.execute(database.db);
    assert.equal(limit.rows[0]?.journal_size_limit, SQLITE_WAL_SIZE_LIMIT_BYTES);
  });

  it('leaves fewer pages than the threshold in the log, and copies none on the thread', async () => {
    const before = fs.statSync(file).size;
    await writePages(database, 1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(fs.statSync(`${file}-wal`).size >= 1000 * PAGE, 'the pages are in the log');
    assert.ok(fs.statSync(file).size - before < 100 * PAGE, 'and not in the database file');
    assert.equal(database.walCheckpoints?.().checkpoints, 0);
  });

  it('copies the log on the thread once 2,500 pages (20 MB) wait, and the log then starts over', async () => {
    await writePages(database, 2000);
    // 3,000 pages wait: below the commit's own checkpoint at 5,000, the thread copies them.
    await until(() => fs.statSync(file).size >= 3000 * PAGE, 'the database file to hold the pages');
    await until(() => (database.walCheckpoints?.().checkpoints ?? 0) >= 1, 'the thread to answer');
    const stats = database.walCheckpoints?.();
    assert.equal(stats?.lost, undefined);
    assert.ok((stats?.lastCopied ?? 0) >= 3000, `copied ${stats?.lastCopied} of ${stats?.lastLog}`);
    // Copied whole, the log starts over at the next commit instead of growing.
    await writePages(database, 10);
    const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(passive)`.execute(database.db);
    assert.ok((rows[0]?.log ?? Infinity) < 100, `frames in the log after it started over: ${rows[0]?.log}`);
  });

  it('copies while the writer goes on committing: only what the writer added meanwhile is left', async () => {
    // A second reader of the log's index (it starts no thread of its own).
    const index = new WalCheckpointer(file);
    const before = database.walCheckpoints?.().checkpoints ?? 0;
    try {
      assert.ok(index.framesWaiting() < 100, `frames waiting at the start: ${index.framesWaiting()}`);
      // 2,700 pages wake the thread; the writer goes on with 500 more, however the two interleave.
      await writePages(database, THREAD_PAGES + 200);
      for (let i = 0; i < 5; i++) await writePages(database, 100);
      await until(
        () => (database.walCheckpoints?.().checkpoints ?? 0) > before,
        'the thread to finish its checkpoint',
      );
      // Its first round copied at least the frames committed before it was asked; whatever it copied of
      // the 500 pages after is a bonus. The commit's own checkpoint (5,000 pages) never came into it.
      const left = index.framesWaiting();
      assert.ok(left <= 600, `${left} frames not copied`);
      assert.ok(
        fs.statSync(file).size >= (THREAD_PAGES + 200) * PAGE,
        'the database file holds the first commit',
      );
    } finally {
      await index.close();
    }
  });

  it('ends a thread left idle, and starts another for the next checkpoint', async () => {
    const plain = plainWalDatabase('idle');
    const checkpointer = new WalCheckpointer(plain.file, { pendingFrames: 100, idleMs: 150 });
    try {
      plain.fill(200);
      checkpointer.committed();
      await checkpointer.settled();
      assert.equal(checkpointer.stats.checkpoints, 1);
      assert.equal(checkpointer.stats.threadUp, true);
      await until(() => !checkpointer.stats.threadUp, 'the idle thread to end');
      plain.fill(200);
      checkpointer.committed();
      await checkpointer.settled();
      assert.deepEqual(
        { checkpoints: checkpointer.stats.checkpoints, lost: checkpointer.stats.lost },
        { checkpoints: 2, lost: undefined },
      );
      assert.equal(checkpointer.framesWaiting(), 0);
    } finally {
      await checkpointer.close();
      plain.dispose();
    }
  });

  it('gives the thread up when it cannot start, and the commit checkpoints as before', async () => {
    const plain = plainWalDatabase('lost', 3000);
    const broken = path.join(plain.dir, 'broken.worker.mjs');
    fs.writeFileSync(broken, "throw new Error('no thread today');\n");
    const checkpointer = new WalCheckpointer(plain.file, {
      pendingFrames: 100,
      workerUrl: new URL(`file://${broken}`),
    });
    try {
      plain.fill(200);
      checkpointer.committed();
      await until(() => checkpointer.stats.lost !== undefined, 'the thread to be given up');
      assert.match(checkpointer.stats.lost ?? '', /no thread today/);
      checkpointer.committed(); // no new thread, no throw
      // The commit's own checkpoint still copies the log.
      plain.fill(3000);
      assert.ok(fs.statSync(plain.file).size >= 3000 * PLAIN_PAGE);
    } finally {
      await checkpointer.close();
      plain.dispose();
    }
  });
});

describe('SQLite page size: a new database gets 8 KB pages, one made before keeps its 4 KB', () => {
  it('keeps the older page size, its rows, and the same log sizes in bytes', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-page-size-'));
    try {
      const file = path.join(root, 'drobot.sqlite');
      // A database as DRobot made it before: SQLite's default page size, in WAL mode, with a row.
      const older = new SqliteDatabase(file);
      older.pragma('journal_mode = WAL');
      older.exec("create table kept (t text); insert into kept values ('older')");
      older.close();
      const database = await openDatabase({ url: undefined, dataDir: root });
      try {
        const size = await sql<{ page_size: number }>`pragma page_size`.execute(database.db);
        assert.equal(size.rows[0]?.page_size, PLAIN_PAGE);
        const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
          database.db,
        );
        assert.equal(rows[0]?.wal_autocheckpoint, 10_000);
        assert.deepEqual(walPagesOf(PLAIN_PAGE), { autocheckpoint: 10_000, thread: 5_000 });
        const kept = await sql<{ t: string }>`select t from kept`.execute(database.db);
        assert.deepEqual(kept.rows, [{ t: 'older' }]);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('SQLite checkpoints on the thread: a process killed while writing loses no durable commit', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-wal-kill-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Runs the writer until it has made `commits` commits durable after a checkpoint of the thread, then kills it. */
  async function writeAndKill(
    dataDir: string,
    commits: number,
  ): Promise<{ last: number; checkpoints: number }> {
    const child = spawn(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), WRITER, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let last = 0;
    let checkpoints = 0;
    let seen = 0;
    for await (const line of readline.createInterface({ input: child.stdout })) {
      ({ n: last, checkpoints } = JSON.parse(line) as { n: number; checkpoints: number });
      if (checkpoints > 0) seen += 1;
      if (seen >= commits) {
        child.kill('SIGKILL');
        break;
      }
    }
    await exited;
    assert.ok(seen >= commits, `the writer stopped by itself: ${seen} durable commits after a checkpoint`);
    return { last, checkpoints };
  }

  it('every commit it said was durable is there after each kill, and the database is whole', async () => {
    const dataDir = path.join(root, 'data');
    let checkpoints = 0;
    for (const commits of [1, 3, 7, 2, 5]) {
      const killed = await writeAndKill(dataDir, commits);
      checkpoints += killed.checkpoints;
      const reader = new SqliteDatabase(path.join(dataDir, 'drobot.sqlite'), { readonly: true });
      try {
        const found = reader
          .prepare('select count(*) as c from written where n between 1 and ?')
          .get(killed.last) as { c: number };
        assert.equal(found.c, killed.last, `commits 1..${killed.last} after the kill`);
        assert.deepEqual(reader.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
      } finally {
        reader.close();
      }
    }
    assert.ok(checkpoints >= 5, `checkpoints on the thread before the kills: ${checkpoints}`);
  });
});
