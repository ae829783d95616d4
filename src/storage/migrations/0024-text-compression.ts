import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from '../columns.js';

/**
 * The columns that hold a mail's or a notification's text, where PostgreSQL compresses what it stores out of
 * line (TOAST): a case message's bodies and search vector, a notification's bodies.
 */
export const COMPRESSED_TEXT_COLUMNS = Object.freeze({
  case_messages: ['text', 'text_reply', 'html', 'search'],
  outbox_contents: ['text_body', 'html_body'],
} as const);

/** What the server tells of its compression: its version number and the methods it was built with. */
export interface ServerCompression {
  readonly versionNum: number;
  readonly methods: readonly string[];
}

/**
 * LZ4 when the server has it: column compression came with PostgreSQL 14, and LZ4 only in a server built
 * with it (Debian's, the official images and packages are); any other keeps pglz, the default.
 */
export function chooseTextCompression(server: ServerCompression): 'lz4' | undefined {
  return server.versionNum >= 140_000 && server.methods.includes('lz4') ? 'lz4' : undefined;
}

/**
 * Mail texts compressed with LZ4 instead of pglz on PostgreSQL. Storing a batch of cases, pglz was about a
 * twelfth of the server's CPU (a profile of 1,000 mails); LZ4 compresses several times faster and reads
 * back faster too, for a slightly larger result. Only new values use it: each stored value keeps the
 * method it was written with, and PostgreSQL reads both. A catalog change, no table is rewritten. SQLite
 * stores texts as they are: nothing to do there.
 */
export const textCompressionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!isPostgres(db)) return;
    const { rows } = await sql<{ version_num: string; methods: string[] | null }>`
      select current_setting('server_version_num') as version_num,
        (select enumvals from pg_settings where name = 'default_toast_compression') as methods`.execute(db);
    const server = rows[0];
    const method = chooseTextCompression({
      versionNum: Number(server?.version_num ?? 0),
      methods: server?.methods ?? [],
    });
    if (!method) return;
    // One statement a table: its columns change under one lock.
    for (const [table, columns] of Object.entries(COMPRESSED_TEXT_COLUMNS)) {
      const changes = columns.map((c) => sql`alter column ${sql.ref(c)} set compression ${sql.raw(method)}`);
      await sql`alter table ${sql.table(table)} ${sql.join(changes)}`.execute(db);
    }
  },
};
