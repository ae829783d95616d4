import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { notAcknowledgedLines } from '../../src/helpdesk/case-history.repository.js';
import type { Database } from '../../src/storage/database.js';
import { DIALECTS } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

/**
 * A case's history reads the inbound log's word that its new case got no acknowledgment. The log grows
 * with every mail: the lines are found by migration 0026's partial index, whose predicate the reader must
 * repeat word for word.
 */
for (const dialect of DIALECTS) {
  describe(`a case's unacknowledged mail is found in the inbound log by its index (${dialect})`, () => {
    let database: Database;
    withTestStore(dialect, (_store, db) => {
      database = db;
    });

    test('the query plan uses inbound_log_not_acknowledged_idx', async () => {
      const compiled = notAcknowledgedLines(database.db, 42).compile();
      const plan = await database.db.connection().execute(async (conn) => {
        if (dialect === 'postgres') {
          // An empty table is read whole unless that is ruled out: the plan must be able to use the index.
          await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
        }
        const explain = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
        const result = await conn.executeQuery(
          CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]),
        );
        if (dialect === 'postgres') await conn.executeQuery(CompiledQuery.raw('reset enable_seqscan'));
        return JSON.stringify(result.rows);
      });
      assert.match(plan, /inbound_log_not_acknowledged_idx/);
    });
  });
}
