import { after, before } from 'node:test';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, type TestDialect, type TestStore } from './databases.js';

/**
 * For the suite it is called in: a fresh test store opened before its tests, handed to `use` (for the
 * suite's own variables), and closed and dropped after them, even when opening failed half way.
 */
export function withTestStore(
  dialect: TestDialect,
  use: (store: TestStore, database: Database) => void,
): void {
  let store: TestStore | undefined;
  let database: Database | undefined;
  before(async () => {
    store = await createTestStore(dialect);
    database = await store.open();
    use(store, database);
  });
  after(async () => {
    await database?.close();
    await store?.drop();
  });
}
