import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Database } from '../../src/storage/database.js';
import type { SmtpSender } from '../support/smtp-sender.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { makeSender, makeService, makeWorker } from './outbox.fixture.js';

describe('header lines of a sent notification (RFC 5322 §2.1.1)', () => {
  const key = crypto.randomBytes(32);
  let pki: TestPki;
  let server: TestSmtpServer;
  let sender: SmtpSender;
  let store: TestStore;
  let database: Database;

  before(async () => {
    pki = createTestPki();
    server = await startSmtpServer({ pki });
    sender = makeSender(server, pki);
    store = await createTestStore('sqlite');
    database = await store.open();
  });
  after(async () => {
    await sender.close();
    await server.stop();
    await database.close();
    await store.drop();
  });

  test('a case subject of one long word, and of long text, is folded to lines of at most 78', async () => {
    const subjects = ['x'.repeat(960), 'ñandú '.repeat(160).trim(), `${'a'.repeat(70)} ${'b'.repeat(500)}`];
    const service = makeService(database, key);
    for (const caseSubject of subjects) {
      const result = await service.enqueue({
        type: 'case-updated',
        lang: 'en',
        to: 'ana@example.test',
        data: { caseId: 9, caseSubject, change: 'reply', agentName: 'Luis', message: 'Hola' },
      });
      assert.equal(result.status, 'queued', JSON.stringify(result));
    }
    const summary = await makeWorker(database, sender).drain();
    assert.equal(summary.sent, subjects.length);
    const mails = await server.waitForMessages(subjects.length);
    const seen: string[] = [];
    for (const mail of mails) {
      const head = mail.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
      for (const line of head.split('\r\n')) {
        assert.ok(line.length <= 78, `${line.length} characters: ${line.slice(0, 60)}`);
      }
      const parsed = await simpleParser(mail.raw);
      seen.push(parsed.subject ?? '');
    }
    for (const s of subjects)
      assert.ok(
        seen.includes(`[Caso #9] Update: ${s}`),
        `${s.slice(0, 20)} in ${seen.map((x) => x.slice(0, 30)).join(' | ')}`,
      );
  });
});
