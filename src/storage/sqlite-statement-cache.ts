import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** How many distinct statements stay prepared: the hot paths use a few dozen; the rest come and go. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The SQLite connection as Kysely's dialect sees it, with prepared statements reused by their SQL text.
 * Kysely's driver prepares every query again on every call, and preparing (parsing and planning) costs about
 * as much as running a small statement. A statement is reused only when idle: one still being iterated (a
 * streamed query) is never handed out twice. SQLite re-prepares a cached statement itself when the schema
 * changes (a migration), so a cached statement never runs against an old schema. Bounded: the least
 * recently used statement is dropped first.
 */
export class StatementCachingDatabase implements SqliteDatabase {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly native: BetterSqlite3.Database,
    private readonly capacity = STATEMENT_CACHE_SIZE,
  ) {}

  prepare(source: string): BetterSqlite3.Statement {
    const cached = this.statements.get(source);
    if (cached && !cached.busy) {
      // Moved to the end: the Map's insertion order is the recency order.
      this.statements.delete(source);
      this.statements.set(source, cached);
      return cached;
    }
    const statement = this.native.prepare(source);
    if (cached) return statement;
    this.statements.set(source, statement);
    if (this.statements.size > this.capacity) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    return statement;
  }

  /** How many statements are prepared and kept (for tests). */
  get size(): number {
    return this.statements.size;
  }

  close(): void {
    this.statements.clear();
    this.native.close();
  }
}
