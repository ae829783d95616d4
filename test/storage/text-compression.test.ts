import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/storage/database.js';
import {
  chooseTextCompression,
  COMPRESSED_TEXT_COLUMNS,
} from '../../src/storage/migrations/0024-text-compression.js';
import { createTestStore, type TestStore } from '../support/databases.js';

describe('migration 0024: mail texts compressed with LZ4 where the server has it', () => {
  it('chooses LZ4 on PostgreSQL 14 and later built with it, and nothing otherwise', () => {
    assert.equal(chooseTextCompression({ versionNum: 150_020, methods: ['pglz', 'lz4'] }), 'lz4');
    assert.equal(chooseTextCompression({ versionNum: 140_000, methods: ['pglz', 'lz4'] }), 'lz4');
    // A server built without LZ4 offers pglz alone; one before 14 has no column compression at all.
    assert.equal(chooseTextCompression({ versionNum: 160_004, methods: ['pglz'] }), undefined);
    assert.equal(chooseTextCompression({ versionNum: 130_016, methods: [] }), undefined);
  });

  describe('on PostgreSQL', () => {
    let store: TestStore;
    let database: Database;
    before(async () => {
      store = await createTestStore('postgres');
      database = await store.open();
    });
    after(async () => {
      await database.close();
      await store.drop();
    });

    it('sets LZ4 on each text column of case messages and notifications', async () => {
      const { rows: server } = await sql<{ methods: string[] }>`
        select enumvals as methods from pg_settings where name = 'default_toast_compression'`.execute(
        database.db,
      );
      // The suite's server (Debian's PostgreSQL) is built with LZ4; without it this test could not tell.
      assert.ok(server[0]?.methods.includes('lz4'), 'the test server offers LZ4');
      const { rows } = await sql<{ table: string; column: string; method: string }>`
        select c.relname as table, a.attname as column, a.attcompression as method
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relnamespace = current_schema()::regnamespace
          and c.relname in ('case_messages', 'outbox_contents') and a.attnum > 0 and not a.attisdropped`.execute(
        database.db,
      );
      const method = (table: string, column: string) =>
        rows.find((r) => r.table === table && r.column === column)?.method;
      for (const [table, columns] of Object.entries(COMPRESSED_TEXT_COLUMNS)) {
        for (const column of columns) assert.equal(method(table, column), 'l', `${table}.${column}`);
      }
      // The small columns keep the server's default.
      assert.equal(method('case_messages', 'subject'), '');
    });

    it('stores a long notification body compressed with LZ4 and reads it back as it was', async () => {
      const body = `${'Estimada Ana, su incidencia sigue abierta. ñ – '.repeat(4_000)}fin`;
      const { rows: outbox } = await sql<{ id: number }>`
        insert into outbox (type, lang, account_id, recipient, subject, message_id, state, attempts,
          max_attempts, created_at, updated_at)
        values ('case-created', 'es', 1, 'ana@example.test', 'Asunto', '<lz4@drobot.test>', 'sent', 1, 5,
          '2026-12-04T00:00:00.000Z', '2026-12-04T00:00:00.000Z')
        returning id`.execute(database.db);
      const id = outbox[0]?.id;
      await sql`insert into outbox_contents (outbox_id, text_body, html_body)
        values (${id}, ${body}, ${`<p>${body}</p>`})`.execute(database.db);
      const { rows } = await sql<{ text: string; method: string; html_method: string }>`
        select text_body as text, pg_column_compression(text_body) as method,
          pg_column_compression(html_body) as html_method
        from outbox_contents where outbox_id = ${id}`.execute(database.db);
      assert.equal(rows[0]?.method, 'lz4');
      assert.equal(rows[0]?.html_method, 'lz4');
      assert.equal(rows[0]?.text, body);
    });
  });
});
