import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CaseBuilder } from '../../src/inbound/ingest/case-builder.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { createPipeline, queueForBuilding } from '../support/mail-pipeline.js';
import { withTestStore } from '../support/store-hooks.js';

/**
 * A builder left to its defaults stores 100 mails a batch on PostgreSQL, where each batch costs round trips
 * and the planning of its statement whatever its size, and 50 on SQLite (src/inbound/ingest/case-builder.ts).
 */
const BATCH = { postgres: 100, sqlite: 50 } as const;

for (const dialect of DIALECTS) {
  describe(`build batches by default (${dialect})`, () => {
    let store: TestStore;
    let database: Database;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
    });

    test(`take ${BATCH[dialect]} queued mails at most, each built once`, async () => {
      const p = createPipeline(database, store.dataDir);
      const accountId = 900;
      const queued = 130;
      await queueForBuilding(
        p,
        accountId,
        Array.from({ length: queued }, (_, i) =>
          corpus.plainMail(
            { from: `persona${i}@lotes.test`, subject: `Pedido ${i}` },
            `Texto del pedido ${i}.\n`,
          ),
        ),
      );
      const builder = new CaseBuilder({ database, ingestor: p.ingestor, logger: silentLogger });
      const sizes: number[] = [];
      for (let built = await builder.buildBatch(accountId); built.length > 0;) {
        sizes.push(built.length);
        built = await builder.buildBatch(accountId);
      }
      const batch = BATCH[dialect];
      const expected = Array.from({ length: Math.ceil(queued / batch) }, (_, i) =>
        Math.min(batch, queued - i * batch),
      );
      assert.deepEqual(sizes, expected);
      const cases = await database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source_account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(cases.n), queued);
    });
  });
}
