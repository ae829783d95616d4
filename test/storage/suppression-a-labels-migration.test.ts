import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { findSuppression, listSuppressions } from '../../src/notifications/suppression.repository.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';

for (const dialect of DIALECTS) {
  describe(`migration 0028: suppressed addresses with a Unicode domain match again (${dialect})`, () => {
    let store: TestStore;

    before(async () => {
      store = await createTestStore(dialect);
      // Entries as an earlier version kept them, 0028 not applied: a domain typed in Unicode, and one
      // address listed in both forms (the Unicode one older).
      const database = await store.open();
      try {
        await sql`delete from kysely_migration where name = ${'0028-suppression-a-labels'}`.execute(
          database.db,
        );
        const rows: Array<[string, string, string]> = [
          ['ana@añoranza.es', 'manual', '2026-01-01T10:00:00.000Z'],
          ['josé@münchen.de', 'manual', '2026-01-02T10:00:00.000Z'],
          ['josé@xn--mnchen-3ya.de', 'bounce', '2026-01-03T10:00:00.000Z'],
          ['luis@ñandú.example', 'bounce', '2026-01-05T10:00:00.000Z'],
          ['luis@xn--and-6ma2c.example', 'manual', '2026-01-04T10:00:00.000Z'],
          ['eva@example.test', 'bounce', '2026-01-06T10:00:00.000Z'],
        ];
        for (const [address, reason, at] of rows) {
          await database.db
            .insertInto('notification_suppressions')
            .values({ address, reason, detail: null, created_at: at })
            .execute();
        }
      } finally {
        await database.close();
      }
    });
    after(async () => {
      await store?.drop();
    });

    test('each address is kept in A-labels, once, with its oldest entry', async () => {
      const database = await store.open();
      try {
        const listed = await listSuppressions(database.db);
        assert.deepEqual(
          listed.map((s) => [s.address, s.reason]),
          [
            ['ana@xn--aoranza-4za.es', 'manual'],
            ['eva@example.test', 'bounce'],
            ['josé@xn--mnchen-3ya.de', 'manual'],
            ['luis@xn--and-6ma2c.example', 'manual'],
          ],
        );
        // Found whichever way the domain is written, as a notification to it is.
        assert.equal((await findSuppression(database.db, 'Ana@Añoranza.es'))?.reason, 'manual');
        assert.equal((await findSuppression(database.db, 'ana@xn--aoranza-4za.es'))?.reason, 'manual');
      } finally {
        await database.close();
      }
    });
  });
}
