import type { Kysely, Migration } from 'kysely';

/**
 * Fetching that survives hostile servers: per-mail download failures (so one mail a server cannot deliver
 * never blocks the next ones), one identity per request across accounts, and a quarantined mail that a
 * person asked to fetch again, over the size limit.
 */
export const fetchRobustnessMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('fetch_failures')
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('uid', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fetch_failures_pk', ['account_id', 'mailbox', 'uid'])
      .execute();
    // The first mail stored under an identity (Message-ID with sender and date, or the raw bytes): a second
    // copy of the same request, through any account, finds it here. The primary key makes two workers that
    // store two copies at once conflict, so one of them records a duplicate instead of a second case.
    await db.schema
      .createTable('inbound_identities')
      .addColumn('dedup_key', 'text', (c) => c.primaryKey())
      .addColumn('case_message_id', 'integer')
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // A quarantined mail a person asked to fetch again: its download limit for that one attempt.
    await db.schema.alterTable('quarantine').addColumn('refetch_max_bytes', 'bigint').execute();
  },
};
