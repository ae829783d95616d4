import type { Kysely, Migration } from 'kysely';
import { withId } from '../columns.js';

/** A history of fetch runs and outbox rounds, newest first, kept for a while (see activity/runs.ts). */
export const runsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withId(db, db.schema.createTable('runs'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('account_id', 'integer')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .execute();
    // Listing pages newest first by id, of one kind and optionally one account.
    await db.schema.createIndex('runs_kind_idx').on('runs').columns(['kind', 'account_id', 'id']).execute();
    await db.schema.createIndex('runs_ended_idx').on('runs').column('ended_at').execute();
  },
};
