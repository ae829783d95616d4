import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/database.js';
import { mkdirDurable } from '../../src/storage/durable-dir.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-durability-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('SQLite commits are durable when they return', () => {
  it('runs WAL with synchronous = FULL (2), so the server-side delete after a commit cannot outlive it', async () => {
    const database = await openDatabase({ url: undefined, dataDir: path.join(root, 'sqlite', 'data') });
    try {
      const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
      assert.equal(sync.rows[0]?.synchronous, 2);
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      assert.equal(journal.rows[0]?.journal_mode, 'wal');
    } finally {
      await database.close();
    }
  });

  it('syncs the parent of every directory it creates, deepest first', async () => {
    const base = path.join(root, 'fresh');
    fs.mkdirSync(base);
    const synced = mkdirDurable(path.join(base, 'a', 'b', 'c'), 0o700, () => undefined);
    assert.deepEqual(synced, [path.join(base, 'a', 'b'), path.join(base, 'a'), base]);
    assert.ok(fs.statSync(path.join(base, 'a', 'b', 'c')).isDirectory());
  });
});

describe('mkdirDurable', () => {
  it('syncs only the parents of directories it created, and nothing when all exist', () => {
    const base = path.join(root, 'partial');
    fs.mkdirSync(path.join(base, 'kept'), { recursive: true });
    const calls: string[] = [];
    mkdirDurable(path.join(base, 'kept', 'new'), 0o700, (d) => calls.push(d));
    assert.deepEqual(calls, [path.join(base, 'kept')]);
    calls.length = 0;
    assert.deepEqual(
      mkdirDurable(path.join(base, 'kept', 'new'), 0o700, (d) => calls.push(d)),
      [],
    );
    assert.deepEqual(calls, []);
  });

  it('really syncs by default (a directory can be opened and fsynced here)', () => {
    const target = path.join(root, 'real', 'x');
    assert.deepEqual(mkdirDurable(target), [path.join(root, 'real'), root]);
    assert.equal(fs.statSync(target).mode & 0o777, 0o700);
  });
});
