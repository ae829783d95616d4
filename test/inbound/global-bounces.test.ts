import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bounceClaim } from '../../src/inbound/ingest/bounce-claim.js';
import type { OutboxWorker } from '../../src/notifications/outbox.worker.js';
import { findSuppression } from '../../src/notifications/suppression.repository.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { makeHelpdesk, type TestHelpdesk } from '../support/helpdesk-fixture.js';
import { createPipeline, dovecotSettings, fetchPlan, type TestPipeline } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import type { SmtpSender } from '../support/smtp-sender.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { makeSender, makeWorker, SAMPLE_DATA } from '../notifications/outbox.fixture.js';
import { withTestStore } from '../support/store-hooks.js';

/**
 * Delivery reports about mail to internationalized addresses (RFC 6533), through Dovecot, the outbox and the
 * suite's SMTP server offering SMTPUTF8: a notification goes to a UTF-8 address, a global delivery report
 * about it is fetched from the help desk's mailbox, and it bounces that mail and stops the address as an
 * RFC 3464 report would — or, when it only says the delivery is delayed, changes nothing.
 */
const PASSWORD = 'global-dsn-pass';

let pki: TestPki;
let dovecot: DovecotServer;
let smtp: TestSmtpServer;
let sender: SmtpSender;

before(async () => {
  pki = createTestPki();
  dovecot = await startDovecot({
    pki,
    users: DIALECTS.map((d) => ({ user: `global-dsn-${d}@helpdesk.test`, password: PASSWORD })),
  });
  smtp = await startSmtpServer({ pki });
  sender = makeSender(smtp, pki);
});
after(async () => {
  await sender.close();
  await smtp.stop();
  await dovecot.stop();
});

/** A mail as a mail client that speaks RFC 6532 writes it: its From in UTF-8, as it is. */
function requestMail(from: string, to: string, subject: string): Buffer {
  return Buffer.from(
    `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\n` +
      `Message-ID: ${corpus.newMessageId('global')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      'No me llega el correo.\r\n',
    'utf8',
  );
}

for (const dialect of DIALECTS) {
  describe(`global delivery reports (${dialect})`, () => {
    const user = `global-dsn-${dialect}@helpdesk.test`;
    const accountId = dialect === 'sqlite' ? 631 : 632;
    let store: TestStore;
    let database: Database;
    let p: TestPipeline;
    let worker: OutboxWorker;
    let desk: TestHelpdesk;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      desk = makeHelpdesk(database, store.dataDir, { ownAddresses: [user] });
      p = createPipeline(database, store.dataDir, { onNewCase: desk.acknowledger });
      worker = makeWorker(database, sender);
    });

    /** Delivers a mail into the help desk's mailbox and fetches it: what the run did. */
    const deliverAndFetch = async (raw: Buffer) => {
      dovecot.deliver(user, raw);
      return p.runner.run(fetchPlan(accountId, dovecotSettings(dovecot, pki, 'imap', user, PASSWORD)));
    };
    /**
     * A case opened by `from`, its acknowledgment sent through the SMTP server: the outbox row and the
     * Message-ID the mail went out with, which a report returns.
     */
    const acknowledged = async (from: string, subject: string) => {
      const opened = await deliverAndFetch(requestMail(from, user, subject));
      assert.equal(opened.newCases, 1, JSON.stringify(opened));
      const found = (await p.cases.list()).find((c) => c.subject === subject);
      assert.ok(found, subject);
      smtp.reset();
      assert.equal((await worker.drain()).sent, 1);
      const [sent] = await smtp.waitForMessages(1);
      const row = await database.db
        .selectFrom('outbox')
        .select(['id', 'recipient', 'message_id'])
        .where('case_id', '=', found.id)
        .executeTakeFirstOrThrow();
      assert.ok(sent?.messageId, 'the acknowledgment has a Message-ID');
      assert.ok(
        smtp.commands.some((c) => c.startsWith(`RCPT TO:<${row.recipient}>`)),
        smtp.commands.join('\n'),
      );
      return { caseId: found.id, row, messageId: sent.messageId };
    };
    const bouncedAt = async (id: number) =>
      (
        await database.db
          .selectFrom('outbox')
          .select('bounced_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).bounced_at;
    const lastBounceOf = async (caseId: number) => (await p.cases.get(caseId)).messages.at(-1)?.bounce;

    test('a global failure report naming a UTF-8 address in escapes bounces the mail and stops the address', async () => {
      const { caseId, row, messageId } = await acknowledged(
        'José Núñez <josé@añoranza.es>',
        'Sin acceso a la VPN',
      );
      assert.equal(row.recipient, 'josé@xn--aoranza-4za.es', 'queued as it is sent');
      const run = await deliverAndFetch(
        corpus.globalDsnBounceMail(messageId, {
          // utf-8-addr-xtext, its domain in Unicode: the report names the address as the person wrote it.
          finalRecipient: 'utf-8; jos\\x{E9}@a\\x{F1}oranza.es',
          to: 'José Núñez <josé@xn--aoranza-4za.es>',
        }),
      );
      assert.deepEqual([run.autoRecorded, run.newCases], [1, 0], JSON.stringify(run));
      assert.deepEqual(await lastBounceOf(caseId), {
        recipient: 'josé@añoranza.es',
        status: '5.1.1',
        kind: 'failure',
      });
      assert.notEqual(await bouncedAt(row.id), null);
      const out = (await p.cases.get(caseId)).messages.find((m) => m.direction === 'out');
      assert.equal(out?.deliveryState, 'bounced');
      // Listed as mail is sent to it, so the address as written and in A-labels are both found.
      for (const address of ['josé@xn--aoranza-4za.es', 'JOSÉ@Añoranza.es']) {
        assert.deepEqual(
          await findSuppression(database.db, address).then((s) => [s?.address, s?.reason, s?.detail]),
          ['josé@xn--aoranza-4za.es', 'bounce', 'DSN 5.1.1'],
          address,
        );
      }
    });

    test('a delayed global report changes nothing; a failure naming the domain in A-labels, upper case, does', async () => {
      const { caseId, row, messageId } = await acknowledged('Ana <ana@añoranza.es>', 'Impresora atascada');
      assert.equal(row.recipient, 'ana@xn--aoranza-4za.es');
      const delayed = await deliverAndFetch(
        corpus.globalDsnBounceMail(messageId, {
          finalRecipient: 'utf-8; ana@añoranza.es',
          to: row.recipient,
          action: 'delayed',
          status: '4.4.1',
        }),
      );
      assert.equal(delayed.autoRecorded, 1, JSON.stringify(delayed));
      assert.deepEqual(await lastBounceOf(caseId), {
        recipient: 'ana@añoranza.es',
        status: '4.4.1',
        kind: 'delay',
      });
      assert.equal(await bouncedAt(row.id), null, 'a delay bounces nothing');
      assert.equal(await findSuppression(database.db, row.recipient), undefined, 'and stops nothing');

      await deliverAndFetch(
        corpus.globalDsnBounceMail(messageId, {
          finalRecipient: 'rfc822; ANA@XN--AORANZA-4ZA.ES',
          to: row.recipient,
        }),
      );
      assert.notEqual(await bouncedAt(row.id), null);
      assert.equal((await findSuppression(database.db, 'ana@añoranza.es'))?.detail, 'DSN 5.1.1');
    });

    test('a notification queued to a UTF-8 local part in capitals is matched as DRobot compares addresses', async () => {
      // The library and the API queue an address as it is given, its domain in A-labels.
      const queued = await desk.outbox.enqueue({
        type: 'alarm',
        to: 'ÍÑIGO@Añoranza.es',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal(queued.status, 'queued');
      const row = await database.db
        .selectFrom('outbox')
        .select(['id', 'recipient'])
        .where('id', '=', queued.status === 'queued' ? queued.id : 0)
        .executeTakeFirstOrThrow();
      assert.equal(row.recipient, 'ÍÑIGO@xn--aoranza-4za.es');
      smtp.reset();
      assert.equal((await worker.drain()).sent, 1);
      const [sent] = await smtp.waitForMessages(1);
      assert.ok(sent?.messageId);
      await deliverAndFetch(
        corpus.globalDsnBounceMail(sent.messageId, {
          finalRecipient: 'utf-8; \\x{CD}\\x{D1}IGO@xn--aoranza-4za.es',
          to: row.recipient,
        }),
      );
      assert.notEqual(await bouncedAt(row.id), null);
      assert.equal((await findSuppression(database.db, 'íñigo@añoranza.es'))?.reason, 'bounce');
    });
  });
}

describe('bounce claim: the recipient as addresses are compared', () => {
  const verdict = (recipient: string) =>
    ({
      kind: 'bounce',
      reason: 'global-delivery-status',
      recipient,
      status: '5.1.1',
      failed: true,
      delayed: false,
    }) as const;
  const mail = { reportedMessageIds: ['<a.1@drobot.test>'], inReplyTo: null, references: [] };

  test('a domain in Unicode or in capital A-labels is the A-label form the outbox keeps', () => {
    for (const recipient of ['ana@añoranza.es', 'ANA@XN--AORANZA-4ZA.ES', ' Ana@Añoranza.ES ']) {
      assert.equal(bounceClaim(verdict(recipient), mail)?.recipient, 'ana@xn--aoranza-4za.es', recipient);
    }
    assert.equal(bounceClaim(verdict('JOSÉ@Añoranza.es'), mail)?.recipient, 'josé@xn--aoranza-4za.es');
  });

  test('what is no address claims nothing', () => {
    for (const recipient of ['ana@añoranza..es', 'ana perez@ejemplo.es', 'ana\u0000@ejemplo.es', '']) {
      assert.equal(bounceClaim(verdict(recipient), mail), undefined, recipient);
    }
  });
});
