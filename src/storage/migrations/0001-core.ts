import type { Kysely, Migration } from 'kysely';
import { falseDefault, trueDefault, withId } from '../columns.js';

/** Accounts and their encrypted secrets. */
export const coreMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withId(db, db.schema.createTable('accounts'))
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('protocol', 'text', (c) => c.notNull())
      .addColumn('preset', 'text', (c) => c.notNull())
      .addColumn('connection', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('timeout_ms', 'integer', (c) => c.notNull())
      .addColumn('security', 'text', (c) => c.notNull())
      .addColumn('sasl', 'text', (c) => c.notNull())
      .addColumn('auth', 'text', (c) => c.notNull())
      .addColumn('smtp_auth', 'integer', trueDefault)
      .addColumn('leave_copy', 'integer', falseDefault)
      .addColumn('folder', 'text', (c) => c.notNull())
      .addColumn('proxy_type', 'text', (c) => c.notNull())
      .addColumn('proxy_host', 'text')
      .addColumn('proxy_port', 'integer')
      .addColumn('proxy_username', 'text')
      .addColumn('tls_ca_pem', 'text')
      .addColumn('tls_pin_sha256', 'text')
      .addColumn('tls_insecure', 'integer', falseDefault)
      .addColumn('oauth_client_id', 'text')
      .addColumn('oauth_tenant_id', 'text')
      .addColumn('oauth_loopback', 'integer', falseDefault)
      .addColumn('oauth_browser', 'integer', falseDefault)
      .addColumn('oauth_authority', 'text')
      .addColumn('settings_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('state_detail', 'text')
      .addColumn('enabled', 'integer', trueDefault)
      .addColumn('last_test_json', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('secrets')
      .addColumn('owner_kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('secrets_pk', ['owner_kind', 'owner_id', 'name'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('secrets').execute();
    await db.schema.dropTable('accounts').execute();
  },
};
