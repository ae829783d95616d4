import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { historyEventsOf, insertHistoryEvents } from '../../src/helpdesk/case-history.repository.js';
import { statusChangedEvent } from '../../src/helpdesk/case-history.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';

const AT = '2026-12-01T10:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`migration 0027: a case's history keeps status changes (${dialect})`, () => {
    let store: TestStore;
    let caseId = 0;

    before(async () => {
      store = await createTestStore(dialect);
      // The schema as the version before left it, 0027 not applied, with a change it kept: one the
      // requester was not told of.
      const database = await store.open();
      try {
        for (const column of ['previous_status', 'author']) {
          await sql`alter table case_events drop column ${sql.ref(column)}`.execute(database.db);
        }
        await sql`delete from kysely_migration where name = ${'0027-status-changes'}`.execute(database.db);
        const requester = await database.db
          .insertInto('requesters')
          .values({ address: 'ana@example.test', display_name: null, created_at: AT })
          .returning('id')
          .executeTakeFirstOrThrow();
        const opened = await database.db
          .insertInto('cases')
          .values({
            subject: 'Antes',
            status: 'resolved',
            requester_id: requester.id,
            source_account_id: null,
            lang: null,
            created_at: AT,
            updated_at: AT,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        caseId = opened.id;
        await sql`insert into case_events (case_id, case_message_id, kind, address, reason, status, created_at)
          values (${caseId}, null, 'not-notified', 'ana@example.test', 'suppressed', 'resolved', ${AT})`.execute(
          database.db,
        );
      } finally {
        await database.close();
      }
    });
    after(async () => {
      await store?.drop();
    });

    test('a change kept before reads as it was, with no status it left nor author; a new one keeps both', async () => {
      const database = await store.open();
      try {
        await insertHistoryEvents(
          database.db,
          caseId,
          [statusChangedEvent('resolved', 'open', 'agent', 'Ana')],
          '2026-12-02T10:00:00.000Z',
        );
        const events = await historyEventsOf(database.db, caseId);
        assert.deepEqual(
          events.map((e) => [e.kind, e.reason, e.previousStatus, e.status, e.author]),
          [
            ['not-notified', 'suppressed', null, 'resolved', null],
            ['status-changed', 'agent', 'resolved', 'open', 'Ana'],
          ],
        );
      } finally {
        await database.close();
      }
    });
  });
}
