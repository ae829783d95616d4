import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Portable column conventions, so one migration serves SQLite and PostgreSQL:
 * ids are auto-increment integers, times are ISO-8601 UTC text (they sort as text),
 * booleans are 0/1 integers, JSON is text, bytes are blob/bytea.
 */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export function withId<T extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T>,
): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export function bytesType(db: Kysely<unknown>): 'blob' | 'bytea' {
  return isPostgres(db) ? 'bytea' : 'blob';
}

export const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export const nowIso = (): string => new Date().toISOString();

export const falseDefault = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0);

export const trueDefault = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(1);

export { sql };
