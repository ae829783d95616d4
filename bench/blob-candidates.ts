/**
 * How the raw mails of an intake batch are best made durable, measured in this process (issue 14, "blobs
 * written once"): one file per blob (fsync, rename, directory sync), a pack file per batch with an index row
 * per blob, or the blobs as rows of a table — each committed with the rows that name them, on SQLite
 * (synchronous FULL, as DRobot runs it) and PostgreSQL. Mails of 30–40 KB, batches of 100 (the intake default).
 *
 *   node dist/bench/blob-candidates.js --candidate pack --db sqlite --mails 2000
 *
 * Prints one JSON line: milliseconds per mail over the whole run (`none`, the rows alone, is the baseline:
 * a candidate's own cost is its figure minus that one).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { BlobStore } from '../src/cases/blob.store.js';
import { inTransaction, openDatabase, type Database } from '../src/storage/database.js';
import { syncDirectorySync } from '../src/storage/durable-dir.js';

/** `none`: the same rows without any blob, the baseline the others are read against. */
type Candidate = 'none' | 'files' | 'pack' | 'table';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const candidate = arg('candidate', 'pack') as Candidate;
const dbKind = arg('db', 'sqlite');
const mails = Number(arg('mails', '2000'));
const batchSize = 100;
const url = 'postgres://postgres@127.0.0.1:5432/test';

/** Mail-like bytes of 30–40 KB, different each (no dedup helps any candidate). */
function mail(i: number): Buffer {
  const size = 30_000 + ((i * 7919) % 10_000);
  const text = `Subject: caso ${i}\r\n\r\n` + 'Hola, la impresora no imprime. '.repeat(size / 31);
  return Buffer.from(text.slice(0, size));
}

async function open(dataDir: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (dbKind !== 'postgres')
    return { database: await openDatabase({ url: undefined, dataDir }), drop: async () => {} };
  const schema = `bench_blobs_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const database = await openDatabase({ url, dataDir, pgSchema: schema });
  return {
    database,
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-blob-bench-'));
  const { database, drop } = await open(dataDir);
  const blob = dbKind === 'postgres' ? 'bytea' : 'blob';
  await sql
    .raw(`create table bench_rows (hash text primary key, size integer not null)`)
    .execute(database.db);
  await sql
    .raw(`create table bench_blobs (hash text primary key, bytes ${blob} not null)`)
    .execute(database.db);
  const store = new BlobStore(dataDir, database);
  const packDir = path.join(dataDir, 'blobs', 'bench-packs');
  fs.mkdirSync(packDir, { recursive: true });
  syncDirectorySync(path.dirname(packDir));

  const started = performance.now();
  for (let first = 0; first < mails; first += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, mails - first) }, (_, k) => {
      const bytes = mail(first + k);
      return { bytes, hash: crypto.createHash('sha256').update(bytes).digest('hex') };
    });
    const rows = batch.map((b) => ({ hash: b.hash, size: b.bytes.length }));
    // The bench's own tables are not part of DRobot's typed schema: their inserts are cast (`as never`).
    if (candidate === 'files') {
      // Today's intake: each mail is a temp file (the download sink), adopted as one durable step.
      const files = batch.map((b) => {
        const file = store.tempPath('bench');
        fs.writeFileSync(file, b.bytes);
        return { file, ref: { hash: b.hash, size: b.bytes.length } };
      });
      await store.adoptFiles(files);
      await inTransaction(database, (trx) =>
        trx
          .insertInto('bench_rows' as never)
          .values(rows as never)
          .execute(),
      );
    } else if (candidate === 'pack') {
      const staged = store.batch();
      for (const b of batch) staged.putBuffer(b.bytes);
      await staged.durable();
      await inTransaction(database, async (trx) => {
        await staged.record(trx);
        await trx
          .insertInto('bench_rows' as never)
          .values(rows as never)
          .execute();
      });
    } else if (candidate === 'none') {
      await inTransaction(database, (trx) =>
        trx
          .insertInto('bench_rows' as never)
          .values(rows as never)
          .execute(),
      );
    } else {
      await inTransaction(database, async (trx) => {
        await trx
          .insertInto('bench_blobs' as never)
          .values(batch.map((b) => ({ hash: b.hash, bytes: b.bytes })) as never)
          .execute();
        await trx
          .insertInto('bench_rows' as never)
          .values(rows as never)
          .execute();
      });
    }
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ candidate, db: dbKind, mails, msPerMail: +(ms / mails).toFixed(3) }));
  await database.close();
  await drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
