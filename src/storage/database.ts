import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Transaction } from 'kysely';
import { DrobotError } from '../errors/drobot-error.js';
import { mkdirDurable } from './durable-dir.js';
import { migrations } from './migrations/index.js';
import { namingPool } from './named-statements.js';
import { CurrentSchemaPostgresDialect } from './postgres-introspector.js';
import type { Schema } from './schema.js';
import { StatementCachingDatabase } from './sqlite-statement-cache.js';
import {
  SQLITE_DEFAULT_PAGE_SIZE,
  WAL_CHECKPOINT_DEFAULTS,
  WalCheckpointer,
  type CheckpointCounts,
} from './wal-checkpointer.js';
import { WalSync } from './wal-sync.js';
import { storageErrors } from './storage.errors.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the typed query builder plus which SQL dialect it speaks. */
export interface Database {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  /**
   * SQLite: makes every commit so far durable by syncing the write-ahead log off the thread (see
   * wal-sync.ts); durable transactions commit without the sync and wait for this instead. Without it (a
   * database object made elsewhere) they sync in the commit, as the connection's setting says.
   */
  readonly syncWal?: () => Promise<void>;
  /** SQLite: told after each transaction's commit (the log's checkpoints run on a thread, see wal-checkpointer.ts). */
  readonly committed?: () => void;
  /** SQLite: what the checkpoint thread has done (diagnostics, tests). */
  readonly walCheckpoints?: () => CheckpointCounts;
  close(): Promise<void>;
}

export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<Schema> | Transaction<Schema>;

export interface OpenDatabaseOptions {
  /** `postgres://…`, or undefined for SQLite in `dataDir`. */
  readonly url: string | undefined;
  readonly dataDir: string;
  /** PostgreSQL schema to work in (tests use one each); default `public`. */
  readonly pgSchema?: string;
}

/** Opens the database and applies pending migrations (once, even when several processes start together). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const database = options.url
    ? await openPostgres(options.url, options.pgSchema)
    : openSqlite(options.dataDir);
  try {
    await migrate(database.db, database.dialect);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * `synchronous = FULL` in WAL mode: every commit syncs the WAL before it returns, so a committed
 * transaction survives a power loss. With NORMAL the WAL is synced only at checkpoints, and the last commits
 * can roll back on power loss. The fetch runner deletes or moves a mail on the server (POP3 DELE and QUIT,
 * IMAP EXPUNGE or MOVE, Graph/Gmail calls) right after the commit that records it; if that commit could still
 * roll back, a power loss at that moment would lose a mail the server no longer has. So every statement
 * outside {@link inTransaction} commits durably when it returns, and nothing after it has to remember to make
 * it so; a transaction run by `inTransaction` commits with NORMAL and resolves only once the WAL is synced
 * (off the thread, see wal-sync.ts): the same guarantee when its promise resolves, without holding the
 * thread for the disk. What it costs per mail is shown by `npm run bench` (one WAL sync per transaction).
 */
export const SQLITE_SYNCHRONOUS = 'FULL';

/**
 * The page size of a database DRobot creates (SQLite's default is 4 KB; a database keeps the size it was
 * created with). A mail's texts fill fewer pages, and the indexes' updates per batch write fewer of them to
 * the log: a 1,000-mail intake over POP3S took 6 % less time, end to end 2–4 % less, 10,000 mails and sending
 * as long (bench/README.md).
 */
export const SQLITE_PAGE_SIZE = 8192;

/**
 * What the WAL may hold before a commit copies it into the database file (SQLite's default: 1,000 pages).
 * That checkpoint runs inside the commit, on the thread that commits, and syncs the database file. The
 * checkpoint thread (wal-checkpointer.ts) copies the log long before it holds this much; this is what
 * SQLite does when that thread falls behind or cannot run: at 40 MB of pages a page changed by many batches
 * is copied once, and the log stays a bounded file (see the size limit below). Durability does not depend on
 * either: a commit is durable once its WAL frames are synced (see wal-sync.ts), wherever the checkpoint is.
 * Written as the 10,000 pages of 4 KB it was before new databases had pages of 8 KB: a database made then
 * keeps exactly its threshold, and a new one gets the same in bytes (`walPagesOf`).
 */
export const SQLITE_WAL_AUTOCHECKPOINT_BYTES = 10_000 * SQLITE_DEFAULT_PAGE_SIZE;

/** The log's sizes in pages of `pageSize` bytes: the commit's checkpoint and the thread's. */
export function walPagesOf(pageSize: number): { readonly autocheckpoint: number; readonly thread: number } {
  return {
    autocheckpoint: Math.round(SQLITE_WAL_AUTOCHECKPOINT_BYTES / pageSize),
    thread: Math.round(WAL_CHECKPOINT_DEFAULTS.pendingBytes / pageSize),
  };
}

/** The size the WAL file is cut back to when it starts over after a checkpoint (a peak does not stay). */
export const SQLITE_WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

function openSqlite(dataDir: string): Database {
  // A new data directory must itself survive a power loss, or the synced database inside is lost with it.
  mkdirDurable(dataDir);
  const file = path.join(dataDir, 'drobot.sqlite');
  // Created owner-only before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
  const native = new SqliteDatabase(file);
  // Temporary tables, indices and sorts stay in memory: never a file in the system's temp directory,
  // where other users could see what a query spilled.
  native.pragma('temp_store = MEMORY');
  // Before anything is written: a new database takes it, one that exists keeps its own.
  native.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  native.pragma('journal_mode = WAL');
  const pages = walPagesOf(native.pragma('page_size', { simple: true }) as number);
  native.pragma('busy_timeout = 10000');
  native.pragma('foreign_keys = ON');
  native.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
  native.pragma(`wal_autocheckpoint = ${pages.autocheckpoint}`);
  native.pragma(`journal_size_limit = ${SQLITE_WAL_SIZE_LIMIT_BYTES}`);
  for (const extra of ['-wal', '-shm']) {
    if (fs.existsSync(file + extra)) fs.chmodSync(file + extra, 0o600);
  }
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: new StatementCachingDatabase(native) }),
  });
  const wal = new WalSync(file);
  const checkpointer = new WalCheckpointer(file, { pendingFrames: pages.thread });
  return {
    db,
    dialect: 'sqlite',
    syncWal: () => wal.sync(),
    committed: () => checkpointer.committed(),
    walCheckpoints: () => checkpointer.stats,
    // The checkpoint thread's connection first: the last one to close copies what is left of the log.
    close: () => checkpointer.close().then(() => db.destroy()),
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Database> {
  // Loaded only for a PostgreSQL URL: an installation on SQLite never pays for the driver's modules.
  const { default: pg } = await import('pg');
  // PostgreSQL returns BIGINT as text by default; our counters and sizes fit in a JS number.
  pg.types.setTypeParser(20, (value) => Number(value));
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema.replace(/[^\w]/g, '')}` } : {}),
  });
  const db = new Kysely<Schema>({ dialect: new CurrentSchemaPostgresDialect({ pool: namingPool(pool) }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

async function migrate(db: Kysely<Schema>, dialect: DialectName): Promise<void> {
  // Without an explicit schema Kysely looks for its migration tables in every schema of the database, so
  // another schema's tables (a parallel test, another installation) would make it skip creating its own.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const applied = await appliedMigrations(db, schema);
  // A name this version does not know is a newer version's migration: opening the database could damage it.
  const unknown = [...(applied ?? [])].filter((name) => !Object.hasOwn(migrations, name)).sort();
  if (unknown.length > 0)
    throw new DrobotError(storageErrors.newerSchema, { params: { names: unknown.join(', ') } });
  if (applied && Object.keys(migrations).every((name) => applied.has(name))) return;
  // Kysely's migrator takes a lock (a row lock on PostgreSQL) so concurrent starts apply each migration once.
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: () => Promise.resolve(migrations) },
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/**
 * The migrations recorded as applied, read in one query (undefined before the first): when they are every
 * migration of this version, the migrator has nothing to do, and its checks (the tables' introspection, its
 * lock row, a transaction; on PostgreSQL several round trips) are not paid by every command. The migrator
 * records a migration in the transaction that applies it, so a name seen here is a migration whose changes
 * are committed.
 */
async function appliedMigrations(
  db: Kysely<Schema>,
  schema: string | undefined,
): Promise<Set<string> | undefined> {
  const table = sql.table(schema ? `${schema}.kysely_migration` : 'kysely_migration');
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
    return new Set(rows.map((row) => row.name));
  } catch {
    return undefined;
  }
}

/**
 * How a transaction's commit is kept.
 *
 * - `durable` (the default): on disk when the transaction's promise resolves (SQLite: its WAL synced after
 *   the commit, off the thread, see wal-sync.ts; PostgreSQL waits for its WAL flush). What follows it may
 *   act on it outside the database.
 * - `deferred`, on SQLite: the commit returns once written to the WAL, before it is synced (`synchronous =
 *   NORMAL` for that commit), so the thread does not wait for the disk. A power loss can undo it, but only
 *   together with every later commit: SQLite recovers a prefix of the commits (the WAL's frames carry
 *   cumulative checksums, and recovery stops at the first that does not match), so a deferred commit is
 *   durable as soon as a later commit is, or {@link syncCommitted} has run. It suits work that is redone from
 *   durable state when lost, and that nothing outside the database acts on before a durable commit
 *   follows (case building: its input, the queued raw mail, is durable). On PostgreSQL every commit stays
 *   durable: waiting for its flush holds no thread, only that transaction.
 */
export type CommitDurability = 'durable' | 'deferred';

/**
 * Runs work in a transaction; on SQLite it takes the write lock at once, so read-then-write is safe. A
 * durable transaction resolves once its commit is on disk; on SQLite the commit itself does not wait for the
 * disk: the WAL is synced after it, off the thread and after the connection is free for the next
 * transaction, and the promise resolves when that sync has.
 */
export async function inTransaction<T>(
  database: Database,
  work: (trx: Tx) => Promise<T>,
  durability: CommitDurability = 'durable',
): Promise<T> {
  if (database.dialect === 'postgres') return database.db.transaction().execute(work);
  const syncAfter = durability === 'durable' ? database.syncWal : undefined;
  const result = await commitSqlite(database, work, durability === 'deferred' || syncAfter !== undefined);
  database.committed?.();
  if (syncAfter) await syncAfter();
  return result;
}

/** A SQLite transaction, its commit unsynced when `unsynced` (`synchronous = NORMAL` for that commit). */
function commitSqlite<T>(database: Database, work: (trx: Tx) => Promise<T>, unsynced: boolean): Promise<T> {
  // One connection, held to the end: nothing else runs on it between the pragmas and the transaction.
  return database.db.connection().execute(async (conn) => {
    if (unsynced) await sql.raw('pragma synchronous = NORMAL').execute(conn);
    try {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn as unknown as Tx);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    } finally {
      if (unsynced) await sql.raw(`pragma synchronous = ${SQLITE_SYNCHRONOUS}`).execute(conn);
    }
  });
}

/**
 * Makes every commit so far durable, deferred ones included: before something outside the database acts on
 * what they wrote (the orphan sweep removing the files they stopped referring to). On SQLite a full
 * checkpoint, which syncs the WAL and copies it into the database file (synced too); it fails when a reader
 * or a writer kept it from finishing. A checkpoint the checkpoint thread is running meanwhile makes it busy
 * for a moment (SQLite runs one at a time and does not wait for it): it is tried again then. On PostgreSQL
 * there is nothing to do (no commit is deferred there).
 */
export async function syncCommitted(database: Database): Promise<void> {
  if (database.dialect === 'postgres') return;
  for (let attempt = 1; ; attempt++) {
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(FULL)`.execute(database.db);
    if (rows[0]?.busy === 0) return;
    if (attempt >= SYNC_COMMITTED_ATTEMPTS) {
      throw new Error('the database is busy: its latest commits could not be synced');
    }
    await new Promise((resolve) => setTimeout(resolve, SYNC_COMMITTED_PAUSE_MS));
  }
}

/** A checkpoint of the thread takes tens of milliseconds: a second of attempts outlasts several. */
const SYNC_COMMITTED_ATTEMPTS = 20;
const SYNC_COMMITTED_PAUSE_MS = 50;
