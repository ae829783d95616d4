import { sql } from 'kysely';
import type { Executor } from '../storage/database.js';

/**
 * The full-text entries of case messages on SQLite (the `case_message_fts` FTS5 table; PostgreSQL's is a
 * generated column and needs nothing). Every message stored gets its entry in the same transaction: at
 * once, or, in a transaction that asked for it (a build batch), all together at its end.
 *
 * Why at the end: FTS5 keeps new entries in memory and writes them out as a new segment whenever a later
 * statement opens a statement savepoint (an upsert, an update with RETURNING, an insert firing a trigger).
 * Indexed one by one, each mail of a batch wrote a segment of its own and paid for merging them; indexed at
 * the end, the batch writes one.
 */

/** Messages stored in a deferring transaction whose entries are not written yet, by transaction. */
const deferred = new WeakMap<object, Set<number>>();

/** The most ids in one statement (SQLite's bound on variables is far above it). */
const IDS_PER_STATEMENT = 500;

/** Writes the entry of a message just inserted, or leaves it for the end of a deferring transaction. */
export async function indexMessage(ex: Executor, messageId: number, postgres: boolean): Promise<void> {
  if (postgres) return;
  const waiting = deferred.get(ex);
  if (waiting) waiting.add(messageId);
  else await writeEntries(ex, [messageId]);
}

/**
 * Runs `work` in the transaction `trx` with the entries of the messages it stores written at its end, in
 * one statement per 500. A message whose savepoint was rolled back has no row and gets no entry; an id
 * reused after such a rollback is written once.
 */
export async function withSearchIndexDeferred<T>(
  trx: Executor,
  postgres: boolean,
  work: () => Promise<T>,
): Promise<T> {
  if (postgres) return work();
  const waiting = new Set<number>();
  deferred.set(trx, waiting);
  try {
    const result = await work();
    deferred.delete(trx);
    await writeEntries(trx, [...waiting]);
    return result;
  } finally {
    deferred.delete(trx);
  }
}

async function writeEntries(ex: Executor, ids: readonly number[]): Promise<void> {
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    const chunk = ids.slice(start, start + IDS_PER_STATEMENT);
    await sql`insert into case_message_fts (rowid, subject, body)
      select id, subject, text_reply from case_messages where id in (${sql.join(chunk)})`.execute(ex);
  }
}
