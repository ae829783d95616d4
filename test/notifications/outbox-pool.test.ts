import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { createSmtpSender } from '../support/smtp-sender.js';
import {
  fakeClock,
  makeSender,
  makeService,
  makeWorker,
  queueAlarms,
  SAMPLE_DATA,
} from './outbox.fixture.js';

const key = crypto.randomBytes(32);
let pki: TestPki;

before(() => {
  pki = createTestPki();
});

for (const dialect of DIALECTS) {
  describe(`outbound connections of one account (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let server: TestSmtpServer;

    before(async () => {
      store = await createTestStore(dialect);
      database = await store.open();
      server = await startSmtpServer({ pki });
    });
    after(async () => {
      await server.stop();
      await database.close();
      await store.drop();
    });

    test('mails go over several connections at once, kept across rounds, within the rate limit', async () => {
      const clock = fakeClock('2026-03-02T15:00:00.000Z');
      const service = makeService(database, key, { clock: clock.now });
      await queueAlarms(service, 30, 'ops');
      const sender = makeSender(server, pki); // a pool of 3 connections
      const worker = makeWorker(database, sender, { clock: clock.now, rateLimitOf: () => 12, batchSize: 8 });
      try {
        const perWindow: number[] = [];
        for (let window = 0; window < 4; window += 1) {
          perWindow.push((await worker.drain()).sent);
          clock.advance(60_000);
        }
        assert.deepEqual(perWindow, [12, 12, 6, 0], 'no more than 12 a minute');
      } finally {
        await sender.close();
      }
      assert.equal(server.messages.length, 30);
      const peaks = server.peaks();
      assert.ok(peaks.transactions >= 2, `mails in flight at once: ${peaks.transactions}`);
      assert.equal(peaks.sessions, 3, 'the pool opens its three connections');
      // Six rounds over three minutes, and still only the pool's three connections.
      assert.equal(server.connectionCount(), 3);
    });

    test('a connection is replaced only once it has sent its most messages: STARTTLS, rounds of claims', async () => {
      server.reset({});
      const opened = server.connectionCount();
      const clock = fakeClock('2026-03-02T16:00:00.000Z');
      const service = makeService(database, key, { clock: clock.now });
      const count = 240;
      await queueAlarms(service, count, 'pool');
      const maxMessages = 40;
      const sender = createSmtpSender({
        endpoint: {
          host: server.host,
          port: server.port,
          security: 'starttls',
          timeoutMs: 5000,
          tls: { caPem: pki.caPem, insecureSkipVerify: false },
        },
        credentials: { kind: 'none' },
        pool: { maxConnections: 3, maxMessages },
      });
      const worker = makeWorker(database, sender, { clock: clock.now, batchSize: 100, concurrency: 6 });
      try {
        assert.equal((await worker.drain()).sent, count);
      } finally {
        await sender.close();
      }
      assert.equal(server.messages.length, count);
      assert.ok(server.messages.every((m) => m.secure));
      // Each connection carries maxMessages mails but the last three, which may carry fewer.
      const connections = server.connectionCount() - opened;
      assert.ok(
        connections >= count / maxMessages && connections <= count / maxMessages + 2,
        `connections opened: ${connections}`,
      );
    });

    test('an account’s connections each carry hundreds of mails: 400 notifications over three', async () => {
      server.reset({});
      const opened = server.connectionCount();
      const clock = fakeClock('2026-03-02T16:30:00.000Z');
      const service = makeService(database, key, { clock: clock.now });
      await queueAlarms(service, 400, 'cientos');
      const sender = makeSender(server, pki);
      const worker = makeWorker(database, sender, { clock: clock.now });
      try {
        assert.equal((await worker.drain()).sent, 400);
      } finally {
        await sender.close();
      }
      assert.equal(server.messages.length, 400);
      // With 100 mails a connection (nodemailer's default) this took at least four.
      assert.equal(server.connectionCount() - opened, 3);
    });

    test('a round of many notifications is sent, each mail whole', async () => {
      server.reset({});
      const clock = fakeClock('2026-03-02T17:00:00.000Z');
      const service = makeService(database, key, { clock: clock.now });
      const queue = async (count: number, tag: string) => {
        for (let i = 0; i < count; i += 1) {
          const result = await service.enqueue({
            type: 'case-created',
            to: `${tag}${i}@example.test`,
            data: {
              ...SAMPLE_DATA['case-created'],
              caseId: 500 + i,
              caseSubject: `Caso ${tag} ${i} «urgente»`,
            },
          });
          assert.equal(result.status, 'queued');
        }
      };
      const sender = makeSender(server, pki);
      const worker = makeWorker(database, sender, { clock: clock.now, batchSize: 50 });
      try {
        await queue(120, 'lote');
        assert.equal((await worker.drain()).sent, 120);
        await queue(5, 'suelto');
        assert.equal((await worker.drain()).sent, 5);
      } finally {
        await sender.close();
        await worker.stop();
      }
      assert.equal(server.messages.length, 125);
      for (const [tag, count] of [
        ['lote', 120],
        ['suelto', 5],
      ] as const) {
        for (let i = 0; i < count; i += 1) {
          const to = `${tag}${i}@example.test`;
          const mail = server.messages.find((m) => m.envelope.to.includes(to));
          assert.ok(mail, `a mail to ${to}`);
          const parsed = await simpleParser(mail.raw);
          assert.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '', to);
          assert.match(parsed.subject ?? '', new RegExp(`Caso ${tag} ${i} «urgente»`));
          assert.match(parsed.text ?? '', new RegExp(`Caso ${tag} ${i} «urgente»`));
          assert.match(String(parsed.html), new RegExp(`Caso ${tag} ${i} «urgente»`));
          assert.equal(parsed.messageId, mail.messageId);
        }
      }
    });
  });
}
