import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { readInboundLog } from '../../src/inbound/log/inbound-log.js';
import { keyRingInboundLogMigration } from '../../src/storage/migrations/0011-key-ring-inbound-log.js';
import type { Database } from '../../src/storage/database.js';
import { DIALECTS } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

for (const dialect of DIALECTS) {
  describe(`upgrading to the inbound log (${dialect})`, () => {
    let database: Database;
    withTestStore(dialect, (_store, opened) => {
      database = opened;
    });

    it('puts the mail recorded before the log existed into it, oldest first, with its case', async () => {
      const db = database.db;
      const t = (s: number) => `2026-01-0${s}T10:00:00.000Z`;
      const requester = await db
        .insertInto('requesters')
        .values({ address: 'ana@example.test', display_name: null, created_at: t(1) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const opened = await db
        .insertInto('cases')
        .values({
          number: 7,
          subject: 'Impresora',
          status: 'new',
          requester_id: requester.id,
          source_account_id: 1,
          created_at: t(1),
          updated_at: t(1),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const message = await db
        .insertInto('case_messages')
        .values({
          case_id: opened.id,
          direction: 'in',
          classification: 'normal',
          no_reply: 0,
          from_address: 'ana@example.test',
          from_name: null,
          to_json: '[]',
          cc_json: '[]',
          subject: 'Impresora',
          sent_at: null,
          message_id: null,
          in_reply_to: null,
          references_json: '[]',
          text: 'x',
          text_reply: 'x',
          html: null,
          raw_hash: null,
          bounce_recipient: null,
          bounce_status: null,
          created_at: t(1),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('inbound_mails')
        .values([
          {
            account_id: 1,
            mailbox: 'pop3',
            uid: 'a',
            dedup_key: 'k1',
            outcome: 'new_case',
            case_message_id: message.id,
            settled: 1,
            created_at: t(1),
          },
          {
            account_id: 1,
            mailbox: 'pop3',
            uid: 'c',
            dedup_key: 'k2',
            outcome: 'dropped',
            case_message_id: null,
            settled: 1,
            created_at: t(3),
          },
        ])
        .execute();
      await db
        .insertInto('quarantine')
        .values({
          account_id: 1,
          mailbox: 'pop3',
          uid: 'b',
          reason: 'throttled',
          detail: null,
          raw_hash: null,
          size: 10,
          status: 'held',
          attempts: 1,
          created_at: t(2),
          updated_at: t(2),
        })
        .execute();
      // As before migration 0011: its tables do not exist yet.
      await db.schema.dropTable('inbound_log').execute();
      await db.schema.dropTable('key_ring').execute();
      await keyRingInboundLogMigration.up(db as unknown as Kysely<unknown>);

      const page = await readInboundLog(db, {});
      assert.deepEqual(
        page.items.map((e) => [e.uid, e.outcome, e.from, e.caseNumber, e.quarantineId !== null]),
        [
          ['c', 'dropped', null, null, false],
          ['b', 'throttled', null, null, true],
          ['a', 'new_case', 'ana@example.test', 7, false],
        ],
      );
    });
  });
}
