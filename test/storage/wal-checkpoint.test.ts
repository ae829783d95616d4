import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  inTransaction,
  openDatabase,
  SQLITE_WAL_AUTOCHECKPOINT_PAGES,
  SQLITE_WAL_SIZE_LIMIT_BYTES,
  type Database,
} from '../../src/storage/database.js';

const PAGE = 4096;

describe('SQLite checkpoints: the WAL is copied into the database file every 10,000 pages, not 1,000', () => {
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

  /** Commits about `pages` pages of new rows (one row fills a page). */
  const write = (pages: number) =>
    inTransaction(database, async (trx) => {
      await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${pages})
        insert into scratch select randomblob(${PAGE - 200}) from n`.execute(trx);
    });

  it('says so on the connection', async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      database.db,
    );
    assert.equal(rows[0]?.wal_autocheckpoint, SQLITE_WAL_AUTOCHECKPOINT_PAGES);
    assert.equal(SQLITE_WAL_AUTOCHECKPOINT_PAGES, 10_000);
    const limit = await sql<{ journal_size_limit: number }>`pragma journal_size_limit`.execute(database.db);
    assert.equal(limit.rows[0]?.journal_size_limit, SQLITE_WAL_SIZE_LIMIT_BYTES);
  });

  it('keeps 3,000 committed pages in the log (SQLite alone would have checkpointed them)', async () => {
    const before = fs.statSync(file).size;
    await write(3000);
    assert.ok(fs.statSync(`${file}-wal`).size >= 3000 * PAGE, 'the pages are in the log');
    assert.ok(fs.statSync(file).size - before < 100 * PAGE, 'and not yet in the database file');
  });

  it('checkpoints once the log passes 10,000 pages, and the log starts over within its size limit', async () => {
    await write(4000);
    assert.ok(fs.statSync(file).size < 1000 * PAGE, 'still in the log at 7,000 pages');
    await write(4000);
    // Past 10,000 frames: the commit copied the log into the database file.
    assert.ok(fs.statSync(file).size >= 10_000 * PAGE, `database file ${fs.statSync(file).size} bytes`);
    // The next commit writes the log from its start again: it does not keep growing.
    await write(10);
    const wal = fs.statSync(`${file}-wal`).size;
    assert.ok(wal <= SQLITE_WAL_SIZE_LIMIT_BYTES, `log ${wal} bytes`);
    const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(passive)`.execute(database.db);
    assert.ok((rows[0]?.log ?? Infinity) < 100, `frames in the log after it started over: ${rows[0]?.log}`);
  });
});
