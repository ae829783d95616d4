import type { Kysely, Migration } from 'kysely';
import { withId } from '../columns.js';

/** The notification outbox, the shared per-account send counters and the suppression list. */
export const outboxMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withId(db, db.schema.createTable('outbox'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text_body', 'text', (c) => c.notNull())
      .addColumn('html_body', 'text', (c) => c.notNull())
      .addColumn('headers_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('message_id', 'text', (c) => c.notNull().unique())
      .addColumn('case_id', 'integer')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_error_code', 'text')
      .addColumn('last_error', 'text')
      .addColumn('server_reply', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();
    await db.schema.createIndex('outbox_case').on('outbox').column('case_id').execute();

    await db.schema
      .createTable('outbox_rate')
      .addColumn('account_id', 'integer', (c) => c.primaryKey())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('sent_count', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('notification_suppressions')
      .addColumn('address', 'text', (c) => c.primaryKey())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('notification_suppressions').execute();
    await db.schema.dropTable('outbox_rate').execute();
    await db.schema.dropTable('outbox').execute();
  },
};
