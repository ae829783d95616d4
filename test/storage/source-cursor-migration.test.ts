import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { convertLegacyPositions } from '../../src/storage/migrations/0015-source-cursor.js';
import type { Database } from '../../src/storage/database.js';
import { parseImapCursor } from '../../src/transports/imap/imap.source.js';
import { parsePop3Cursor } from '../../src/transports/pop3/pop3.source.js';
import { DIALECTS } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

for (const dialect of DIALECTS) {
  describe(`migration 0015: fetch positions become source cursors (${dialect})`, () => {
    let database: Database;

    withTestStore(dialect, (_store, db) => {
      database = db;
    });

    const row = (accountId: number, mailbox: string, floor: number, done: boolean, at: string) => ({
      account_id: accountId,
      mailbox,
      floor_uid: floor,
      first_run_done: done ? 1 : 0,
      failures: 0,
      updated_at: at,
    });

    test('the latest IMAP generation and a POP3 first run done keep their place; health rows are kept', async () => {
      const db = database.db;
      await db
        .insertInto('fetch_state')
        .values([
          row(1, 'imap:INBOX:111', 40, true, '2026-01-01T00:00:00.000Z'),
          row(1, 'imap:INBOX:222', 7, true, '2026-02-01T00:00:00.000Z'),
          { ...row(1, '*', 0, false, '2026-02-01T00:00:00.000Z'), failures: 3 },
          row(2, 'pop3', 0, true, '2026-02-01T00:00:00.000Z'),
          row(3, 'imap:Soporte:9', 120, false, '2026-02-01T00:00:00.000Z'),
          row(4, 'pop3', 0, false, '2026-02-01T00:00:00.000Z'),
        ])
        .execute();
      await convertLegacyPositions(db as unknown as Kysely<unknown>);
      const cursors = new Map(
        (
          await db
            .selectFrom('fetch_state')
            .select(['account_id', 'cursor', 'failures'])
            .where('mailbox', '=', '*')
            .execute()
        ).map((r) => [r.account_id, r]),
      );
      assert.deepEqual(parseImapCursor(cursors.get(1)?.cursor ?? undefined), {
        mailbox: 'imap:INBOX:222',
        floor: 7,
        firstRunDone: true,
      });
      assert.equal(cursors.get(1)?.failures, 3, 'the health row keeps its counts');
      assert.deepEqual(parsePop3Cursor(cursors.get(2)?.cursor ?? undefined), new Set());
      assert.deepEqual(parseImapCursor(cursors.get(3)?.cursor ?? undefined), {
        mailbox: 'imap:Soporte:9',
        floor: 120,
        firstRunDone: false,
      });
      assert.equal(cursors.get(4), undefined, 'a POP3 first run not done yet starts as a first run');
    });
  });
}
