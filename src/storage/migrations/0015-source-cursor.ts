import type { Kysely, Migration } from 'kysely';

interface Row {
  account_id: number;
  mailbox: string;
  floor_uid: number | string;
  first_run_done: number;
  updated_at: string;
}

/**
 * Inbound positions as opaque source cursors (an IMAP folder and UID, a Graph deltaLink, a Gmail
 * historyId), one per account on its health row (`mailbox = '*'`). The IMAP and POP3 positions kept so
 * far (a floor UID per folder generation, a first-run flag) become the cursor their source reads.
 */
export const sourceCursorMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('fetch_state').addColumn('cursor', 'text').execute();
    await convertLegacyPositions(db);
  },
};

/** Sets each account's cursor from its latest IMAP or POP3 position (exported for its test). */
export async function convertLegacyPositions(db: Kysely<unknown>): Promise<void> {
  const q = db as unknown as Kysely<{ fetch_state: Row & { cursor: string | null } }>;
  const rows = await q
    .selectFrom('fetch_state')
    .select(['account_id', 'mailbox', 'floor_uid', 'first_run_done', 'updated_at'])
    .where('mailbox', '!=', '*')
    .execute();
  const latest = new Map<number, Row>();
  for (const row of rows) {
    const seen = latest.get(row.account_id);
    if (!seen || row.updated_at > seen.updated_at) latest.set(row.account_id, row);
  }
  for (const row of latest.values()) {
    const cursor = legacyCursor(row);
    if (cursor === undefined) continue;
    await q
      .insertInto('fetch_state')
      .values({
        account_id: row.account_id,
        mailbox: '*',
        floor_uid: 0,
        first_run_done: 0,
        updated_at: row.updated_at,
        cursor,
      } as never)
      .onConflict((oc) => oc.columns(['account_id', 'mailbox']).doUpdateSet({ cursor }))
      .execute();
  }
}

/** The cursor format of `src/inbound/source/imap.source.ts` and `pop3.source.ts`, frozen as of this migration. */
function legacyCursor(row: Row): string | undefined {
  if (row.mailbox === 'pop3') return row.first_run_done === 1 ? 'pop3:[]' : undefined;
  if (!row.mailbox.startsWith('imap:')) return undefined;
  return `imap1|${Number(row.floor_uid)}|${row.first_run_done === 1 ? 'done' : 'first'}|${row.mailbox}`;
}
