import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/storage/database.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';

const CONTENT_COLUMNS = ['text_body', 'html_body', 'headers_json', 'attachments_json'];

async function columnsOf(database: Database, table: string): Promise<string[]> {
  if (database.dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(database.db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(
    database.db,
  );
  return rows.map((r) => r.name);
}

for (const dialect of DIALECTS) {
  describe(`migration 0022: a notification's contents move out of its outbox row (${dialect})`, () => {
    let store: TestStore;

    before(async () => {
      store = await createTestStore(dialect);
      // The schema as the version before left it: the contents in the outbox row, 0022 not applied.
      const database = await store.open();
      try {
        await sql`drop table outbox_contents`.execute(database.db);
        for (const column of CONTENT_COLUMNS) {
          const fallback = column === 'attachments_json' ? '[]' : column === 'headers_json' ? '{}' : '';
          await sql`alter table outbox add column ${sql.ref(column)} text not null default ${sql.lit(fallback)}`.execute(
            database.db,
          );
        }
        await sql`delete from kysely_migration where name = ${'0022-outbox-contents'}`.execute(database.db);
        const row = (id: string, state: string, attachments: string) =>
          sql`insert into outbox (type, lang, account_id, recipient, subject, text_body, html_body, headers_json,
              message_id, state, attempts, max_attempts, created_at, updated_at, attachments_json)
            values ('case-created', 'es', 1, 'ana@example.test', ${`Asunto ${id}`}, ${`Texto ${id} – ñ`},
              ${`<p>HTML ${id}</p>`}, ${JSON.stringify({ 'Auto-Submitted': 'auto-generated', id })},
              ${`<${id}@drobot.test>`}, ${state}, 0, 5, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z',
              ${attachments})`.execute(database.db);
        await row('uno', 'queued', '[]');
        await row('dos', 'sent', JSON.stringify([{ hash: 'a'.repeat(64), filename: 'informe.pdf' }]));
      } finally {
        await database.close();
      }
    });
    after(async () => {
      await store?.drop();
    });

    test('each row keeps its contents, in their own table; the outbox row keeps no copy', async () => {
      const database = await store.open();
      try {
        const left = (await columnsOf(database, 'outbox')).filter((c) => CONTENT_COLUMNS.includes(c));
        assert.deepEqual(left, []);
        const moved = await database.db
          .selectFrom('outbox')
          .innerJoin('outbox_contents', 'outbox_contents.outbox_id', 'outbox.id')
          .select(['outbox.message_id', 'text_body', 'html_body', 'headers_json', 'attachments_json'])
          .orderBy('outbox.id')
          .execute();
        assert.deepEqual(moved, [
          {
            message_id: '<uno@drobot.test>',
            text_body: 'Texto uno – ñ',
            html_body: '<p>HTML uno</p>',
            headers_json: JSON.stringify({ 'Auto-Submitted': 'auto-generated', id: 'uno' }),
            attachments_json: '[]',
          },
          {
            message_id: '<dos@drobot.test>',
            text_body: 'Texto dos – ñ',
            html_body: '<p>HTML dos</p>',
            headers_json: JSON.stringify({ 'Auto-Submitted': 'auto-generated', id: 'dos' }),
            attachments_json: JSON.stringify([{ hash: 'a'.repeat(64), filename: 'informe.pdf' }]),
          },
        ]);
        // A notification removed takes its contents with it.
        await database.db.deleteFrom('outbox').where('message_id', '=', '<dos@drobot.test>').execute();
        const contents = await database.db.selectFrom('outbox_contents').select('text_body').execute();
        assert.deepEqual(contents, [{ text_body: 'Texto uno – ñ' }]);
      } finally {
        await database.close();
      }
    });
  });
}
