import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from '../columns.js';

/**
 * SQLite: a new case message's full-text entry is written by the code that stores it
 * (src/cases/message-search-index.ts), no longer by a trigger. FTS5 writes what it holds in memory to a new
 * segment whenever a later statement of the transaction opens a statement savepoint (an upsert, an update
 * with RETURNING, an insert that fires a trigger), so with the trigger every mail of a build batch wrote a
 * segment of its own and made the batch's next statements 5–30 times slower; a batch now indexes its mails
 * in one statement at its end. The delete trigger stays. PostgreSQL's index is a generated column: unchanged.
 */
export const searchIndexByWriterMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (isPostgres(db)) return;
    await sql`drop trigger if exists case_messages_fts_insert`.execute(db);
  },
};
