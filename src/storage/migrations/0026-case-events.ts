import { sql, type Kysely, type Migration } from 'kysely';
import { withId } from '../columns.js';

/**
 * What a case's history keeps beside its messages: who got no mail about the case and why (an answer's
 * copy not sent, a status change the requester was not told of). And the inbound log's lines of new cases
 * that got no acknowledgment, found by their case: a partial index holds those lines only, so the log's
 * other lines cost it nothing. The reader's predicate must be this one, word for word
 * (helpdesk/case-history.repository.ts), for SQLite and PostgreSQL to use the index.
 */
export const caseEventsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withId(db, db.schema.createTable('case_events'))
      .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('case_message_id', 'integer', (c) => c.references('case_messages.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('case_events_case_idx')
      .on('case_events')
      .columns(['case_id', 'id'])
      .execute();
    await sql`create index inbound_log_not_acknowledged_idx on inbound_log (case_id)
      where substr(detail, 1, 17) = 'not_acknowledged:'`.execute(db);
  },
};
