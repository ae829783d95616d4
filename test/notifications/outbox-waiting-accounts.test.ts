import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { accountsWithWork, accountsWithWorkQuery } from '../../src/notifications/outbox.claim.js';
import type { Database } from '../../src/storage/database.js';
import { DIALECTS } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';
import { makeService, queueAlarms } from './outbox.fixture.js';

const key = crypto.randomBytes(32);

for (const dialect of DIALECTS) {
  describe(`accounts with waiting notifications (${dialect})`, () => {
    let database: Database;
    withTestStore(dialect, (_store, opened) => {
      database = opened;
    });

    test('names each account with rows queued, retrying or being sent, and no other', async () => {
      assert.deepEqual(await accountsWithWork(database), []);
      const seven = makeService(database, key, { routing: { defaultAccountId: 7 } });
      const eight = makeService(database, key, { routing: { defaultAccountId: 8 } });
      const nine = makeService(database, key, { routing: { defaultAccountId: 9 } });
      const [queued] = await queueAlarms(seven, 2, 'siete');
      const [retrying] = await queueAlarms(eight, 1, 'ocho');
      const [sent] = await queueAlarms(nine, 1, 'nueve');
      await database.db
        .updateTable('outbox')
        .set({ state: 'retrying' })
        .where('id', '=', retrying!)
        .execute();
      await database.db.updateTable('outbox').set({ state: 'sent' }).where('id', '=', sent!).execute();
      assert.deepEqual((await accountsWithWork(database)).sort(), [7, 8]);
      await database.db.updateTable('outbox').set({ state: 'sending' }).where('id', '=', sent!).execute();
      await database.db.updateTable('outbox').set({ state: 'failed' }).where('account_id', '=', 7).execute();
      assert.ok(queued !== undefined);
      assert.deepEqual((await accountsWithWork(database)).sort(), [8, 9]);
    });

    if (dialect === 'sqlite') {
      test('is answered from an index alone, without reading the rows and their bodies', async () => {
        const query = accountsWithWorkQuery(database.db).compile();
        const plan = await database.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
        );
        const details = plan.rows.map((r) => r.detail).join('\n');
        assert.match(details, /USING COVERING INDEX outbox_state_account/, details);
      });
    }
  });
}
