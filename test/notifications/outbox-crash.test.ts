import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { makeService } from './outbox.fixture.js';
import { withTestStore } from '../support/store-hooks.js';

const BATCH = 300;
let pki: TestPki;
let server: TestSmtpServer;

before(async () => {
  pki = createTestPki();
  server = await startSmtpServer({ pki });
});
after(() => server.stop());

/** Runs the worker child under tsx for a .ts test, under plain node for the compiled suite. */
function startWorker(store: TestStore, settings: Record<string, string> = {}): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const child = here.replace(/outbox-crash\.test\.(ts|js)$/, 'outbox-child.$1');
  const args = child.endsWith('.ts') ? ['--import', 'tsx', child] : [child];
  return spawn(process.execPath, args, {
    env: {
      ...process.env,
      ...store.env,
      DROBOT_LOG_LEVEL: 'silent',
      SMTP_PORT: String(server.port),
      SMTP_CA_FILE: pki.caFile,
      LEASE_MS: '1000',
      ...settings,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

for (const dialect of DIALECTS) {
  describe(`a worker killed in the middle of a batch (${dialect})`, () => {
    let store: TestStore;
    let database: Database;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
    });

    /** Queues BATCH notifications on an empty outbox; returns their Message-IDs. */
    async function queueBatch(): Promise<Set<string>> {
      await database.db.deleteFrom('outbox').execute();
      const service = makeService(database, crypto.randomBytes(32));
      const ids = new Set<string>();
      for (let i = 0; i < BATCH; i += 1) {
        const result = await service.enqueue({
          type: 'case-updated',
          to: `user${i}@example.test`,
          data: { caseId: i + 1, caseSubject: `Case ${i}`, change: 'status', status: 'open' },
        });
        assert.equal(result.status, 'queued');
        if (result.status === 'queued') ids.add(result.messageId);
      }
      return ids;
    }

    /** How many times each Message-ID reached the server. */
    function receivedCounts(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const mail of server.messages)
        counts.set(mail.messageId ?? '', (counts.get(mail.messageId ?? '') ?? 0) + 1);
      return counts;
    }

    test('every notification is sent; duplicates only where the outcome was unknown', async () => {
      server.reset({});
      const ids = await queueBatch();

      const first = startWorker(store);
      await server.waitForMessages(BATCH / 5, 30_000);
      first.kill('SIGKILL');
      await exited(first);
      const receivedAtKill = server.messages.length;
      const unknown = await database.db
        .selectFrom('outbox')
        .select(['message_id'])
        .where('state', '=', 'sending')
        .execute();
      const unknownIds = new Set(unknown.map((r) => r.message_id));
      assert.ok(receivedAtKill < BATCH, `the kill came too late: ${receivedAtKill} already sent`);

      const second = startWorker(store);
      assert.equal(await exited(second), 0);

      const rows = await database.db.selectFrom('outbox').select(['state', 'message_id']).execute();
      assert.equal(rows.length, BATCH);
      assert.ok(
        rows.every((r) => r.state === 'sent'),
        'every notification ends sent',
      );
      const counts = receivedCounts();
      for (const id of ids) assert.ok(counts.has(id), `notification ${id} was lost`);
      const duplicates = [...counts].filter(([, n]) => n > 1);
      for (const [id, n] of duplicates) {
        assert.ok(unknownIds.has(id), `${id} was sent ${n} times but its outcome was known`);
        assert.equal(n, 2);
      }
      assert.equal(server.messages.length, BATCH + duplicates.length);
      console.log(
        `${dialect}: killed after ${receivedAtKill} mails; ${unknownIds.size} outcomes unknown; ` +
          `${duplicates.length} sent twice`,
      );
    });

    test('killed while sent mails wait for their batched record: those go out again, none is lost', async () => {
      server.reset({});
      const ids = await queueBatch();
      // One claim of 100 rows whose outcomes are written only when the round ends: the kill comes first.
      const settings = {
        BATCH_SIZE: '100',
        RECORD_BATCH: '1000',
        RECORD_DELAY_MS: '600000',
        LEASE_MS: '5000',
      };
      const first = startWorker(store, settings);
      await server.waitForMessages(BATCH / 10, 30_000);
      first.kill('SIGKILL');
      await exited(first);
      const receivedAtKill = new Set(server.messages.map((m) => m.messageId ?? ''));
      const states = await database.db.selectFrom('outbox').select(['state', 'message_id']).execute();
      const unknownIds = new Set(states.filter((r) => r.state === 'sending').map((r) => r.message_id));
      assert.ok(receivedAtKill.size < 100, `the kill came too late: ${receivedAtKill.size} already sent`);
      assert.equal(states.filter((r) => r.state === 'sent').length, 0, 'no outcome was recorded yet');
      for (const id of receivedAtKill) assert.ok(unknownIds.has(id), `${id} was sent but not left sending`);

      const second = startWorker(store, { LEASE_MS: '5000' });
      assert.equal(await exited(second), 0);

      const rows = await database.db.selectFrom('outbox').select(['state']).execute();
      assert.ok(
        rows.length === BATCH && rows.every((r) => r.state === 'sent'),
        'every notification ends sent',
      );
      const counts = receivedCounts();
      for (const id of ids) assert.ok(counts.has(id), `notification ${id} was lost`);
      for (const id of receivedAtKill) assert.equal(counts.get(id), 2, `${id} went out again`);
      for (const [id, n] of counts) {
        if (n > 1) assert.ok(unknownIds.has(id), `${id} was sent ${n} times but its outcome was known`);
      }
      console.log(
        `${dialect}: killed with ${receivedAtKill.size} mails sent and none recorded; ` +
          `${unknownIds.size} rows left sending; those sent went out again`,
      );
    });
  });
}
