import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ParseThread } from '../../src/inbound/parse/parse-thread.js';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { createPipeline, INSTANCE_ID } from '../support/mail-pipeline.js';

const MiB = 1024 * 1024;
const policy = { instanceId: INSTANCE_ID, ownAddresses: ['soporte@helpdesk.test'] };

/**
 * A raw mail the store no longer has (a disk restored without it, a file removed by hand): whatever its
 * size, and wherever it is parsed, its case cannot be built for a storage reason, not because the mail is
 * malformed: quarantine says `storage_error`, and the mail is not blamed.
 */
describe('a queued mail whose raw bytes are missing from the store', () => {
  let store: TestStore;
  let database: Database;
  let thread: ParseThread;
  before(async () => {
    store = await createTestStore('sqlite');
    database = await store.open();
    thread = new ParseThread({ dataDir: store.dataDir });
  });
  after(async () => {
    await thread.close();
    await database.close();
    await store.drop();
  });

  for (const where of ['main', 'thread'] as const) {
    for (const size of [40 * 1024, 2 * MiB]) {
      test(`${size} bytes, parsed on the ${where} thread: storage_error`, async () => {
        const p = createPipeline(database, store.dataDir, where === 'thread' ? { parseThread: thread } : {});
        const stored = await p.blobs.putBuffer(Buffer.from(`Subject: x\r\n\r\n${'y'.repeat(100)}\r\n`));
        // Its name stays, its bytes go: the store says it does not have it.
        fs.rmSync(p.blobs.filePath(stored.hash), { force: true });
        const prepared = await p.ingestor.prepare(
          { accountId: 1, mailbox: 'INBOX', uid: `${where}-${size}` },
          { hash: stored.hash, size },
          policy,
        );
        assert.equal(prepared.ok, false);
        if (prepared.ok) return;
        assert.equal(prepared.reason, 'storage_error', prepared.detail.en);
        assert.match(
          prepared.detail.en,
          /^The kept mail could not be read \(technical detail: ".*(not stored|cannot be)/,
        );
        assert.match(prepared.detail.es, /^No se pudo leer el correo guardado \(detalle técnico: «/);
      });
    }
  }
});
