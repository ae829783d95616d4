import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseCaseTag } from '../../src/notifications/message-id.js';
import type { Database } from '../../src/storage/database.js';
import type { SmtpSender } from '../support/smtp-sender.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import {
  CASE_KEY,
  createPipeline,
  dovecotSettings,
  fetchPlan,
  type TestPipeline,
} from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { makeSender, makeService, makeWorker } from './outbox.fixture.js';

/**
 * The whole loop: a requester's mail becomes a case, DRobot's acknowledgment goes out with a signed
 * Message-ID, and the requester's reply — subject rewritten — comes back to the help desk mailbox and
 * lands on that case. A reply pointing at a forged id does not.
 */
const DESK = 'soporte@helpdesk.test';
const PASSWORD = 'desk-imap-pass';
const ACCOUNT = 501;

let pki: TestPki;
let dovecot: DovecotServer;
let smtp: TestSmtpServer;
let sender: SmtpSender;
let store: TestStore;
let database: Database;
let p: TestPipeline;

before(async () => {
  pki = createTestPki();
  dovecot = await startDovecot({ pki, users: [{ user: DESK, password: PASSWORD }] });
  smtp = await startSmtpServer({ pki });
  sender = makeSender(smtp, pki);
  store = await createTestStore('sqlite');
  database = await store.open();
  p = createPipeline(database, store.dataDir);
});
after(async () => {
  await sender.close();
  await smtp.stop();
  await database.close();
  await store.drop();
  await dovecot.stop();
});

const fetch = () => p.runner.run(fetchPlan(ACCOUNT, dovecotSettings(dovecot, pki, 'imap', DESK, PASSWORD)));

function mail(headers: Record<string, string>, body: string): Buffer {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return Buffer.from(`${lines.join('\r\n')}\r\nDate: ${new Date().toUTCString()}\r\n\r\n${body}\r\n`);
}

describe('a reply to a case notification lands on its case', () => {
  test('by the signed Message-ID, even with a rewritten subject; a forged one opens a new case', async () => {
    dovecot.deliver(
      DESK,
      mail(
        {
          From: 'Ana <ana@example.test>',
          To: DESK,
          Subject: 'La impresora no imprime',
          'Message-ID': '<first.ana@example.test>',
        },
        'La impresora de la planta 2 no imprime.',
      ),
    );
    const first = await fetch();
    assert.equal(first.newCases, 1, JSON.stringify(first));
    const [created] = await p.cases.list({ limit: 10 });
    assert.ok(created);

    const service = makeService(database, CASE_KEY);
    const ack = await service.enqueue({
      type: 'case-created',
      to: 'ana@example.test',
      inReplyTo: '<first.ana@example.test>',
      data: { caseId: created.number, caseSubject: created.subject, requesterName: 'Ana' },
    });
    assert.equal(ack.status, 'queued');
    await makeWorker(database, sender).drain();
    const [sent] = await smtp.waitForMessages(1);
    assert.equal(parseCaseTag(sent?.subject ?? ''), created.number);
    const ourId = sent?.messageId ?? '';

    // Ana answers from a client that dropped the tag from the subject.
    dovecot.deliver(
      DESK,
      mail(
        {
          From: 'Ana <ana@example.test>',
          To: DESK,
          Subject: 'Sigue sin funcionar',
          'Message-ID': '<second.ana@example.test>',
          'In-Reply-To': ourId,
          // Only our id: the thread can only be found through its signature.
          References: ourId,
        },
        'Sigue sin imprimir.',
      ),
    );
    const second = await fetch();
    assert.equal(second.newCases, 0, JSON.stringify(second));
    assert.equal(second.followUps, 1);
    const full = await p.cases.get(created.id);
    assert.equal(full.messages.length, 2);

    // Someone points a mail at the case with a made-up signature: it is not threaded onto it.
    const forged = ourId.replace(
      /\.([0-9a-f]{24})@/,
      (_m, sig: string) => `.${sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}@`,
    );
    assert.notEqual(forged, ourId);
    dovecot.deliver(
      DESK,
      mail(
        {
          From: 'Mallory <mallory@example.test>',
          To: DESK,
          Subject: 'Nada que ver',
          'Message-ID': '<third.mallory@example.test>',
          'In-Reply-To': forged,
        },
        'Intento de colarme en el caso.',
      ),
    );
    const third = await fetch();
    assert.equal(third.newCases, 1, JSON.stringify(third));
    assert.equal((await p.cases.get(created.id)).messages.length, 2);
  });
});
