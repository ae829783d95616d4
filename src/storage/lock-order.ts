import { sql, type Kysely } from 'kysely';
import { isPostgres } from './columns.js';
import type { Executor } from './database.js';
import type { Schema } from './schema.js';

/**
 * Code-unit order, the one order in which every writer takes shared rows (requesters by address, blobs by
 * hash): two transactions that take overlapping rows in one order wait for each other, never deadlock.
 * For ASCII keys it is also the order `ORDER BY` gives.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * On PostgreSQL, locks the rows of `table` whose `column` is one of `values`, in that column's order, in the
 * caller's transaction, before a statement that updates them by that list: such an update alone locks its
 * rows in the order its plan reads the table, which another writer taking them in order could deadlock
 * with. SQLite's single writer needs nothing.
 */
export async function lockInOrder<T extends keyof Schema & string>(
  ex: Executor,
  table: T,
  column: keyof Schema[T] & string,
  values: ReadonlyArray<string | number>,
): Promise<void> {
  if (values.length === 0 || !isPostgres(ex as unknown as Kysely<unknown>)) return;
  const key = sql.ref(column);
  await sql`select ${key} from ${sql.table(table)} where ${key} in (${sql.join(values)}) order by ${key} for update`.execute(
    ex,
  );
}
