import type { Kysely, Migration } from 'kysely';

/**
 * What the case view leaves out of a mail: whether its text was cut at the view's limit, and how many parts
 * beyond the per-mail limit were not stored as attachments (the raw mail keeps both).
 */
export const mailContentMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('case_messages')
      .addColumn('text_truncated', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('case_messages')
      .addColumn('omitted_parts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
