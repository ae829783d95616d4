import type { Kysely, Migration } from 'kysely';

/**
 * What kind of delivery report a case message is: a failure (a bounce), a delay warning, or another report.
 * Rows stored before have none (NULL): their reader tells a failure by its permanent status. A nullable
 * column without a default: no table is rewritten.
 */
export const bounceKindMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('case_messages').addColumn('bounce_kind', 'text').execute();
  },
};
