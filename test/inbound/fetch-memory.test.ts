import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { runUntil, spawnSupportScript } from '../support/mail-child.js';
import { dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const PASSWORD = 'secreto-memoria';
/** Mailbox size; raise it (DROBOT_TEST_MAILBOX_MB=2000) to measure by hand. */
const MAILBOX_MB = Number(process.env.DROBOT_TEST_MAILBOX_MB ?? '160');
/** The fetching process's JavaScript heap limit: far below the mailbox size. */
const HEAP_LIMIT_MB = 96;

describe('memory while fetching a mailbox larger than the heap', () => {
  let pki: TestPki;
  let server: DovecotServer;
  let store: TestStore;
  let database: Database;

  before(async () => {
    pki = createTestPki();
    server = await startDovecot({ pki, users: [{ user: 'big@helpdesk.test', password: PASSWORD }] });
    store = await createTestStore('sqlite');
    database = await store.open();
  });
  after(async () => {
    await database?.close();
    await store?.drop();
    await server?.stop();
  });

  test(`a ${MAILBOX_MB} MB mailbox through a process limited to a ${HEAP_LIMIT_MB} MB heap`, async () => {
    // Mails of 4 MB attachments (distinct content) and small text mails, alternating.
    let bytes = 0;
    let count = 0;
    while (bytes < MAILBOX_MB * 1024 * 1024) {
      const raw =
        count % 2 === 0
          ? corpus.largeAttachmentMail({ subject: `grande ${count}` }, 4 * 1024 * 1024, `seed-${count}`)
          : corpus.plainMail({ subject: `texto ${count}` });
      server.deliver('big@helpdesk.test', raw);
      bytes += raw.length;
      count += 1;
    }
    const plan = fetchPlan(
      401,
      dovecotSettings(server, pki, 'imap', 'big@helpdesk.test', PASSWORD, { afterStore: 'delete' }),
    );
    const child = spawnSupportScript(
      'mail-fetch-child',
      [JSON.stringify({ databaseUrl: undefined, dataDir: store.dataDir, plan })],
      [`--max-old-space-size=${HEAP_LIMIT_MB}`],
    );
    const outcome = await runUntil(child, /^mail /, 0);
    const done = /^done (.*)$/m.exec(outcome.stdout);
    assert.ok(done?.[1], outcome.stderr);
    const summary = JSON.parse(done[1]) as {
      newCases: number;
      error: string | null;
      peakRss: number;
      peakHeap: number;
      peakExternal: number;
    };
    assert.equal(summary.error, null);
    assert.equal(summary.newCases, count);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(
      `memory: ${count} mails, ${mb(bytes)} MB fetched over IMAP; peak RSS ${mb(summary.peakRss)} MB, peak heap ${mb(summary.peakHeap)} MB, peak external ${mb(summary.peakExternal)} MB (heap limit ${HEAP_LIMIT_MB} MB)`,
    );
  });
});
