import type { Kysely, Migration } from 'kysely';
import { withId } from '../columns.js';

/** Pending console consents (state → account, audience, redirect URI); the verifier is in `secrets`. */
export const oauthMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withId(db, db.schema.createTable('oauth_pending'))
      .addColumn('state', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('oauth_pending').execute();
  },
};
