import type { Kysely, Migration } from 'kysely';

/**
 * Each send round first asks which accounts have rows waiting (to look their rate limits up). With only
 * the due-time index, that read every waiting row itself, bodies and all: 0.1 s per round with 5,000 rows
 * retrying. The state and the account together answer it from the index alone.
 */
export const outboxWaitingAccountsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('outbox_state_account')
      .on('outbox')
      .columns(['state', 'account_id'])
      .execute();
  },
};
