import type { Kysely, Migration } from 'kysely';

/**
 * Intake and case building as two stages: a mail's row in `inbound_mails` is written as soon as its raw
 * bytes are durable (outcome `queued`, its raw blob and size), and the case builder turns it into its final
 * outcome later. `build_lease_until` and `build_lease_holder` let several processes share the building: a
 * claimed row is left alone by the others until then, or until its holder is known to have ended.
 */
export const intakeQueueMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('inbound_mails').addColumn('raw_hash', 'text').execute();
    await db.schema
      .alterTable('inbound_mails')
      .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('inbound_mails').addColumn('build_lease_until', 'text').execute();
    await db.schema.alterTable('inbound_mails').addColumn('build_lease_holder', 'text').execute();
    await db.schema
      .createIndex('inbound_mails_outcome_idx')
      .on('inbound_mails')
      .columns(['outcome', 'id'])
      .execute();
    // The builder turns a mail's `queued` log line into its final outcome: found by the mail's server id.
    await db.schema
      .createIndex('inbound_log_mail_idx')
      .on('inbound_log')
      .columns(['account_id', 'uid'])
      .execute();
  },
};
