import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { parseCaseTag } from '../../src/notifications/message-id.js';
import type { OutboxWorker } from '../../src/notifications/outbox.worker.js';
import type { Database } from '../../src/storage/database.js';
import type { SmtpSender } from '../support/smtp-sender.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { makeHelpdesk, type TestHelpdesk } from '../support/helpdesk-fixture.js';
import { createPipeline, dovecotSettings, fetchPlan, type TestPipeline } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp-server.js';
import { makeSender, makeWorker } from '../notifications/outbox.fixture.js';
import { withTestStore } from '../support/store-hooks.js';

/**
 * The help desk loop against the suite's real servers: a person's mail in Dovecot becomes a case, the
 * acknowledgment reaches the SMTP server with the case tag and threading headers, the requester's reply
 * to it (delivered into Dovecot) lands on the same case, an agent's answer with a file goes out, and
 * out-of-office answers never start a loop.
 */
const PASSWORD = 'desk-loop-pass';
const ANA = 'ana@example.test';

let pki: TestPki;
let dovecot: DovecotServer;
let smtp: TestSmtpServer;
let sender: SmtpSender;

before(async () => {
  pki = createTestPki();
  dovecot = await startDovecot({
    pki,
    users: DIALECTS.map((d) => ({ user: `desk-${d}@helpdesk.test`, password: PASSWORD })),
  });
  smtp = await startSmtpServer({ pki });
  sender = makeSender(smtp, pki);
});
after(async () => {
  await sender.close();
  await smtp.stop();
  await dovecot.stop();
});

function mail(headers: Record<string, string>, body: string): Buffer {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return Buffer.from(
    `${lines.join('\r\n')}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

for (const dialect of DIALECTS) {
  describe(`the help desk loop through Dovecot and SMTP (${dialect})`, () => {
    const user = `desk-${dialect}@helpdesk.test`;
    let store: TestStore;
    let database: Database;
    let desk: TestHelpdesk;
    let p: TestPipeline;
    let worker: OutboxWorker;
    let caseId = 0;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      // The mailbox DRobot reads is one of its own addresses, as the inbound accounts' are in production.
      desk = makeHelpdesk(database, store.dataDir, { ownAddresses: [user] });
      p = createPipeline(database, store.dataDir, { onNewCase: desk.acknowledger });
      worker = makeWorker(database, sender, { readBlob: (hash) => desk.blobs.read(hash) });
      smtp.reset();
    });

    const fetch = () =>
      p.runner.run(
        fetchPlan(dialect === 'sqlite' ? 601 : 602, dovecotSettings(dovecot, pki, 'imap', user, PASSWORD)),
      );
    const sentTo = (address: string): ReceivedMail[] =>
      smtp.messages.filter((m) => m.envelope.to.includes(address));

    test('mail → case → acknowledgment → reply on the same case → answer with a file; four messages in order', async () => {
      const first = corpus.newMessageId('loop');
      dovecot.deliver(
        user,
        mail(
          { From: `Ana <${ANA}>`, To: user, Subject: 'La impresora no imprime', 'Message-ID': first },
          'La impresora de la planta 2 no imprime.',
        ),
      );
      const opened = await fetch();
      assert.equal(opened.newCases, 1, JSON.stringify(opened));
      const [found] = await p.cases.list({ requester: ANA });
      assert.ok(found);
      caseId = found.id;

      await worker.drain();
      const [ack] = await smtp.waitForMessages(1);
      assert.ok(ack);
      assert.deepEqual(ack.envelope.to, [ANA]);
      assert.equal(parseCaseTag(ack.subject ?? ''), found.number);
      assert.equal(ack.headers['in-reply-to'], first);
      assert.match(ack.headers.references ?? '', new RegExp(first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.equal(ack.headers['auto-submitted'], 'auto-generated');
      const ackId = ack.messageId ?? '';

      // Ana answers the acknowledgment; her client keeps the tag and the threading headers.
      const second = corpus.newMessageId('loop');
      dovecot.deliver(
        user,
        mail(
          {
            From: `Ana <${ANA}>`,
            To: user,
            Subject: `RE: ${ack.subject ?? ''}`,
            'Message-ID': second,
            'In-Reply-To': ackId,
            References: `${first} ${ackId}`,
          },
          `Es la HP del pasillo.\r\n\r\nEl lunes, Mesa de servicio escribió:\r\n> Hemos recibido su solicitud`,
        ),
      );
      const followed = await fetch();
      assert.equal(followed.newCases, 0, JSON.stringify(followed));
      assert.equal(followed.followUps, 1);
      assert.equal(sentTo(ANA).length, 1, 'a follow-up is not acknowledged');

      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), corpus.bigBytes(40_000, 'informe')]);
      await desk.conversation.reply(caseId, {
        text: 'Hemos cambiado el tóner. Le adjunto el informe.',
        attachments: [{ filename: 'informe.pdf', contentType: 'application/pdf', content: pdf }],
        author: 'Luis',
      });
      await worker.drain();
      const [, answer] = await smtp.waitForMessages(2);
      assert.ok(answer);
      assert.deepEqual(answer.envelope.to, [ANA], 'never to the help desk’s own mailbox');
      const parsed = await simpleParser(answer.raw);
      assert.equal(parsed.inReplyTo, second, 'the answer replies to the last message of the case');
      assert.equal(parseCaseTag(parsed.subject ?? ''), found.number);
      assert.match(parsed.text ?? '', /Hemos cambiado el tóner\. Le adjunto el informe\./);
      assert.match(parsed.text ?? '', /> Es la HP del pasillo\./);
      assert.equal(parsed.attachments.length, 1);
      assert.equal(parsed.attachments[0]?.filename, 'informe.pdf');
      assert.ok(parsed.attachments[0]?.content.equals(pdf), 'the file arrives byte for byte');

      const shown = await p.cases.get(caseId);
      assert.deepEqual(
        shown.messages.map((m) => [m.direction, m.messageId, m.deliveryState]),
        [
          ['in', first, null],
          ['out', ackId, 'sent'],
          ['in', second, null],
          ['out', answer.messageId, 'sent'],
        ],
      );
    });

    test('out-of-office answers never start a loop, over many rounds', async () => {
      assert.ok(caseId > 0, 'runs after the loop above');
      const before = smtp.messages.length;
      // An RFC 3834 auto-responder answering whatever DRobot sent last, ten times.
      for (let round = 0; round < 10; round++) {
        const last = smtp.messages.at(-1)?.messageId ?? '';
        dovecot.deliver(user, corpus.outOfOfficeMail(last, { from: `Ana <${ANA}>`, to: user }));
        const run = await fetch();
        assert.equal(run.newCases, 0, JSON.stringify(run));
        await worker.drain();
      }
      assert.equal(smtp.messages.length, before, 'no mail answers an auto-reply');
      const recorded = (await p.cases.get(caseId)).messages.filter((m) => m.classification === 'auto_reply');
      assert.equal(recorded.length, 10, 'each one is kept on the case, never answered');

      // A careless auto-responder (no Auto-Submitted, no threading headers, a subject of its own) that
      // answers every mail it gets: each answer opens a case, yet one acknowledgment per window goes out.
      const bot = 'vacaciones@example.test';
      dovecot.deliver(
        user,
        mail(
          { From: bot, To: user, Subject: 'Necesito ayuda', 'Message-ID': corpus.newMessageId('bot') },
          'Hola',
        ),
      );
      for (let round = 0; round < 10; round++) {
        await fetch();
        await worker.drain();
        dovecot.deliver(
          user,
          mail(
            { From: bot, To: user, Subject: 'Estoy de vacaciones', 'Message-ID': corpus.newMessageId('bot') },
            'Estoy de vacaciones hasta el día 20.',
          ),
        );
      }
      await fetch();
      await worker.drain();
      assert.equal((await p.cases.list({ requester: bot })).length, 11);
      assert.equal(sentTo(bot).length, 1, 'one acknowledgment, then silence');
      assert.equal(smtp.messages.length, before + 1);
    });
  });
}
