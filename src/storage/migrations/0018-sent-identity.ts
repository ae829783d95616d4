import type { Kysely, Migration } from 'kysely';

/**
 * What a provider made of a mail it sent: the Message-ID it went out with (Exchange replaces ours when a
 * draft is created) on the outbox row; the provider's conversation of a case per mailbox (a Gmail threadId
 * only means something in the mailbox that holds it), so the next answer joins it; and the conversation a
 * listing named for each fetched mail, so the first answer to a mail joins the requester's.
 */
export const sentIdentityMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('outbox').addColumn('sent_message_id', 'text').execute();
    await db.schema.createIndex('outbox_sent_message_id').on('outbox').column('sent_message_id').execute();
    await db.schema
      .createTable('case_provider_threads')
      .addColumn('case_id', 'integer', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('thread_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_provider_threads_pk', ['case_id', 'mailbox'])
      .execute();
    await db.schema
      .createTable('source_conversations')
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('conversation', 'text', (c) => c.notNull())
      .addColumn('listed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('source_conversations_pk', ['mailbox', 'item_id'])
      .execute();
  },
};
