import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A notification's contents (bodies, headers, files) move to a table of their own, written once when it is
 * queued. The outbox row keeps what changes as it is sent (state, lease, attempts, outcome): on SQLite an
 * update rewrites the whole row, so claiming and recording 5,000 notifications rewrote their bodies twice
 * (about 3 KB a row) for a few changed fields.
 */
export const outboxContentsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outbox_contents')
      .addColumn('outbox_id', 'integer', (c) => c.primaryKey().references('outbox.id').onDelete('cascade'))
      .addColumn('text_body', 'text', (c) => c.notNull())
      .addColumn('html_body', 'text', (c) => c.notNull())
      .addColumn('headers_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('attachments_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await sql`insert into outbox_contents (outbox_id, text_body, html_body, headers_json, attachments_json)
      select id, text_body, html_body, headers_json, attachments_json from outbox`.execute(db);
    for (const column of ['text_body', 'html_body', 'headers_json', 'attachments_json']) {
      await db.schema.alterTable('outbox').dropColumn(column).execute();
    }
  },
};
