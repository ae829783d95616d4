import type { Kysely, Migration } from 'kysely';

/**
 * A case's history keeps every status change (kind `status-changed`): the status the case had before it and
 * who made it, beside the status it set (its `status`). Rows stored before have neither (NULL). Nullable
 * columns without a default: no table is rewritten.
 */
export const statusChangesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('case_events').addColumn('previous_status', 'text').execute();
    await db.schema.alterTable('case_events').addColumn('author', 'text').execute();
  },
};
