import type { Kysely, Migration } from 'kysely';
import { falseDefault, withId } from '../columns.js';

/** The help desk case store and the inbound pipeline's bookkeeping. */
export const casesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withId(db, db.schema.createTable('requesters'))
      .addColumn('address', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db, db.schema.createTable('cases'))
      .addColumn('number', 'integer', (c) => c.unique())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requester_id', 'integer', (c) => c.notNull().references('requesters.id'))
      .addColumn('source_account_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cases_updated_idx').on('cases').column('updated_at').execute();

    await withId(db, db.schema.createTable('case_messages'))
      .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('classification', 'text', (c) => c.notNull())
      .addColumn('no_reply', 'integer', falseDefault)
      .addColumn('from_address', 'text', (c) => c.notNull())
      .addColumn('from_name', 'text')
      .addColumn('to_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('cc_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('message_id', 'text')
      .addColumn('in_reply_to', 'text')
      .addColumn('references_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('text_reply', 'text', (c) => c.notNull())
      .addColumn('html', 'text')
      .addColumn('raw_hash', 'text')
      .addColumn('bounce_recipient', 'text')
      .addColumn('bounce_status', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('case_messages_case_idx')
      .on('case_messages')
      .columns(['case_id', 'id'])
      .execute();
    await db.schema.createIndex('case_messages_mid_idx').on('case_messages').column('message_id').execute();

    await withId(db, db.schema.createTable('case_attachments'))
      .addColumn('message_id', 'integer', (c) =>
        c.notNull().references('case_messages.id').onDelete('cascade'),
      )
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('content_id', 'text')
      .addColumn('inline', 'integer', falseDefault)
      .execute();
    await db.schema
      .createIndex('case_attachments_msg_idx')
      .on('case_attachments')
      .column('message_id')
      .execute();

    await withId(db, db.schema.createTable('inbound_mails'))
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('uid', 'text', (c) => c.notNull())
      .addColumn('dedup_key', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('case_message_id', 'integer')
      .addColumn('settled', 'integer', falseDefault)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('inbound_mails_uid_uq', ['account_id', 'mailbox', 'uid'])
      .execute();
    await db.schema
      .createIndex('inbound_mails_dedup_idx')
      .on('inbound_mails')
      .columns(['account_id', 'dedup_key'])
      .execute();

    await withId(db, db.schema.createTable('quarantine'))
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('uid', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('raw_hash', 'text')
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('quarantine_uid_uq', ['account_id', 'mailbox', 'uid'])
      .execute();

    await db.schema
      .createTable('sender_counts')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sender_counts_pk', ['address', 'window_start'])
      .execute();

    await db.schema
      .createTable('fetch_leases')
      .addColumn('account_id', 'integer', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('fetch_state')
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('floor_uid', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('first_run_done', 'integer', falseDefault)
      .addColumn('last_run_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fetch_state_pk', ['account_id', 'mailbox'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'fetch_state',
      'fetch_leases',
      'sender_counts',
      'quarantine',
      'inbound_mails',
      'case_attachments',
      'case_messages',
      'cases',
      'requesters',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
