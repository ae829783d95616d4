import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { outcomeText } from '../../src/cli/commands/inbound.js';
import { readInboundLog } from '../../src/inbound/log/inbound-log.js';
import { suppressAddress } from '../../src/notifications/suppression.repository.js';
import type { OutboxWorker } from '../../src/notifications/outbox.worker.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { makeHelpdesk, type TestHelpdesk } from '../support/helpdesk-fixture.js';
import { createPipeline, dovecotSettings, fetchPlan, type TestPipeline } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import type { SmtpSender } from '../support/smtp-sender.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp-server.js';
import { FROM, makeSender, makeWorker } from '../notifications/outbox.fixture.js';
import { withTestStore } from '../support/store-hooks.js';

/**
 * Requesters with internationalized addresses, through Dovecot, the outbox and the suite's SMTP servers: a
 * domain in Unicode is written to at its A-labels on any server; a UTF-8 local part goes with SMTPUTF8
 * where the server offers it and fails at once, saying why, where it does not; and a requester who gets no
 * acknowledgment or answer is told about in the inbound log or in the answer's result.
 */
const PASSWORD = 'intl-desk-pass';
/** An ASCII local part at a domain in Unicode, and its A-label form. */
const ANA = { written: 'ana@añoranza.es', sent: 'ana@xn--aoranza-4za.es' };
/** A UTF-8 local part at a domain in Unicode. */
const JOSE = { written: 'josé@correo.münchen.de', sent: 'josé@correo.xn--mnchen-3ya.de' };
const MARIA = { written: 'maría@ejemplo.es', sent: 'maría@ejemplo.es' };

let pki: TestPki;
let dovecot: DovecotServer;
/** Offers SMTPUTF8 (smtp-server does by default). */
let utf8Smtp: TestSmtpServer;
/** Does not. */
let asciiSmtp: TestSmtpServer;
let utf8Sender: SmtpSender;
let asciiSender: SmtpSender;

before(async () => {
  pki = createTestPki();
  dovecot = await startDovecot({
    pki,
    users: DIALECTS.map((d) => ({ user: `intl-${d}@helpdesk.test`, password: PASSWORD })),
  });
  utf8Smtp = await startSmtpServer({ pki });
  asciiSmtp = await startSmtpServer({ pki, hideSmtpUtf8: true });
  utf8Sender = makeSender(utf8Smtp, pki);
  asciiSender = makeSender(asciiSmtp, pki);
});
after(async () => {
  await utf8Sender.close();
  await asciiSender.close();
  await utf8Smtp.stop();
  await asciiSmtp.stop();
  await dovecot.stop();
});

/** A mail as a mail client that speaks RFC 6532 writes it: header fields in UTF-8, as they are. */
function mail(headers: Record<string, string>, body: string): Buffer {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return Buffer.from(
    `${lines.join('\r\n')}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: ${corpus.newMessageId('intl')}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
    'utf8',
  );
}

/** The header section of a received mail as its bytes say it, read as UTF-8. */
function headerSection(received: ReceivedMail): string {
  const text = received.raw.toString('utf8');
  return text.slice(0, text.search(/\r\n\r\n/));
}

/** The `To` lines of a header section (one expected). */
function toLines(section: string): string[] {
  return section.split('\r\n').filter((line) => /^to:/i.test(line));
}

for (const dialect of DIALECTS) {
  describe(`requesters with internationalized addresses (${dialect})`, () => {
    const user = `intl-${dialect}@helpdesk.test`;
    const accountId = dialect === 'sqlite' ? 611 : 612;
    let store: TestStore;
    let database: Database;
    let desk: TestHelpdesk;
    let p: TestPipeline;
    /** Sends through the server that offers SMTPUTF8; the other one through the one that does not. */
    let toUtf8: OutboxWorker;
    let toAscii: OutboxWorker;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      desk = makeHelpdesk(database, store.dataDir, { ownAddresses: [user] });
      p = createPipeline(database, store.dataDir, { onNewCase: desk.acknowledger });
      toUtf8 = makeWorker(database, utf8Sender);
      toAscii = makeWorker(database, asciiSender);
    });

    const fetch = () =>
      p.runner.run(fetchPlan(accountId, dovecotSettings(dovecot, pki, 'imap', user, PASSWORD)));
    /** Delivers a mail from `from` into the help desk's mailbox and fetches it: its new case's id. */
    const openCase = async (from: string, subject: string, extra: Record<string, string> = {}) => {
      dovecot.deliver(user, mail({ From: from, To: user, Subject: subject, ...extra }, 'No puedo imprimir.'));
      const run = await fetch();
      assert.equal(run.newCases, 1, JSON.stringify(run));
      const found = (await p.cases.list()).find((c) => c.subject === subject);
      assert.ok(found, subject);
      // A case's number is its id (case-write-batch.ts), which the log names it by.
      assert.equal(found.number, found.id);
      return found.id;
    };
    const outboxOf = (caseId: number) =>
      database.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
    /** The log line of the mail that opened a case. */
    const logLineOf = async (caseNumber: number) => {
      const page = await readInboundLog(database.db, { accountId, limit: 1000 });
      const line = page.items.find((e) => e.caseNumber === caseNumber && e.outcome === 'new_case');
      assert.ok(line, `log line of case #${caseNumber}`);
      return line;
    };

    test('a domain in Unicode: the acknowledgment goes to its A-labels, on a server without SMTPUTF8', async () => {
      asciiSmtp.reset();
      const caseId = await openCase(`Ana Núñez <${ANA.written}>`, 'Impresora de la 2ª planta');
      const [row] = await outboxOf(caseId);
      assert.equal(row?.recipient, ANA.sent, 'queued as it is sent');
      const summary = await toAscii.drain();
      assert.equal(summary.sent, 1, JSON.stringify(summary));
      const [ack] = await asciiSmtp.waitForMessages(1);
      assert.ok(ack);
      assert.ok(asciiSmtp.commands.includes(`RCPT TO:<${ANA.sent}>`), asciiSmtp.commands.join('\n'));
      assert.ok(!asciiSmtp.commands.some((c) => / SMTPUTF8/.test(c)), 'an ASCII envelope needs no SMTPUTF8');
      assert.deepEqual(toLines(headerSection(ack)), [`To: ${ANA.sent}`]);
      assert.ok(
        ack.raw.every((byte) => byte < 0x80),
        'the whole mail is ASCII',
      );
      assert.equal((await logLineOf(caseId)).detail, null, 'acknowledged: nothing to say');

      // Her next request, its domain written in A-labels this time: the same requester, within the window.
      const again = await openCase(`Ana Núñez <${ANA.sent}>`, 'Y el escáner tampoco');
      assert.deepEqual(await outboxOf(again), []);
      assert.equal((await logLineOf(again)).detail, 'not_acknowledged:recently-acknowledged');
    });

    test('a UTF-8 local part goes with SMTPUTF8 where the server offers it; its To is UTF-8, never encoded', async () => {
      utf8Smtp.reset();
      const caseId = await openCase(`José Müller <${JOSE.written}>`, 'Sin acceso a la VPN');
      const [row] = await outboxOf(caseId);
      assert.equal(row?.recipient, JOSE.sent);
      const summary = await toUtf8.drain();
      assert.equal(summary.sent, 1, JSON.stringify(summary));
      const [ack] = await utf8Smtp.waitForMessages(1);
      assert.ok(ack);
      const mailFrom = utf8Smtp.commands.find((c) => c.startsWith('MAIL FROM:'));
      assert.match(mailFrom ?? '', new RegExp(`^MAIL FROM:<${FROM}> .*\\bSMTPUTF8\\b`));
      assert.ok(utf8Smtp.commands.includes(`RCPT TO:<${JOSE.sent}>`), utf8Smtp.commands.join('\n'));
      const section = headerSection(ack);
      assert.deepEqual(toLines(section), [`To: ${JOSE.sent}`], 'RFC 6532: the address as it is');
      assert.ok(!toLines(section)[0]?.includes('=?'), 'no encoded word in an address');
    });

    test('a UTF-8 local part on a server without SMTPUTF8: failed at once, saying why in Spanish and English', async () => {
      asciiSmtp.reset();
      const caseId = await openCase(`María <${MARIA.written}>`, 'Cambio de contraseña');
      const [queued] = await outboxOf(caseId);
      assert.equal(queued?.recipient, MARIA.sent);
      const summary = await toAscii.drain();
      assert.equal(summary.sent, 0, JSON.stringify(summary));
      const [row] = await outboxOf(caseId);
      assert.ok(row);
      assert.equal(row.state, 'failed', 'not retried: the same server would refuse it again');
      assert.equal(row.attempts, 1);
      assert.equal(row.last_error_code, 'smtp_utf8_unsupported');
      const error = JSON.parse(row.last_error ?? '{}') as { es?: string; en?: string };
      assert.match(
        error.es ?? '',
        new RegExp(`«${MARIA.sent}» lleva caracteres no ASCII .* no ofrece SMTPUTF8`),
      );
      assert.match(
        error.en ?? '',
        new RegExp(`"${MARIA.sent}" has non-ASCII characters .* does not offer SMTPUTF8`),
      );
      assert.ok(!asciiSmtp.commands.some((c) => c.startsWith('MAIL FROM:')), 'refused before the envelope');
      assert.equal(asciiSmtp.messages.length, 0);
      assert.equal(await toAscii.drain().then((s) => s.sent), 0, 'nothing left to retry');
    });

    test('an address suppressed as an administrator types it, its domain in Unicode, gets nothing', async () => {
      // The list holds it as mail is sent to it: lowercased, in A-labels.
      await suppressAddress(database.db, 'Bea@Añoranza.es', 'manual', 'test');
      const caseId = await openCase('Bea <bea@añoranza.es>', 'Sin correo');
      assert.deepEqual(await outboxOf(caseId), []);
      const answered = await desk.conversation.reply(caseId, { text: 'Le llamamos.' });
      assert.deepEqual(
        answered.copies.map((c) => [c.to, c.result.status]),
        [['bea@añoranza.es', 'suppressed']],
      );
      assert.equal((await logLineOf(caseId)).detail, 'not_acknowledged:suppressed');
      assert.equal(
        outcomeText(await logLineOf(caseId), 'en'),
        'case created (not acknowledged: the address is on the suppression list)',
      );
    });

    test('answers and status notifications to such requesters go the same way', async () => {
      utf8Smtp.reset();
      asciiSmtp.reset();
      const [jose] = await p.cases.list({ requester: JOSE.written });
      const [ana] = await p.cases.list({ requester: ANA.written });
      assert.ok(jose && ana, 'the cases of the tests above');
      const answered = await desk.conversation.reply(jose.id, { text: 'Ya tiene acceso.', author: 'Luis' });
      assert.deepEqual(
        answered.copies.map((c) => c.result.status),
        ['queued'],
      );
      // Each worker sends whatever is due: one drain per server.
      assert.equal((await toUtf8.drain()).sent, 1);
      await desk.conversation.reply(ana.id, { text: 'Hemos cambiado el tóner.' });
      await desk.conversation.setStatus(ana.id, 'resolved');
      assert.equal((await toAscii.drain()).sent, 2);
      const [answer] = await utf8Smtp.waitForMessages(1);
      assert.ok(answer);
      assert.ok(utf8Smtp.commands.includes(`RCPT TO:<${JOSE.sent}>`));
      assert.deepEqual(toLines(headerSection(answer)), [`To: ${JOSE.sent}`]);
      const toAna = await asciiSmtp.waitForMessages(2);
      assert.equal(asciiSmtp.commands.filter((c) => c === `RCPT TO:<${ANA.sent}>`).length, 2);
      for (const m of toAna) assert.deepEqual(toLines(headerSection(m)), [`To: ${ANA.sent}`]);
    });

    test('a requester who gets no acknowledgment or answer is said so, in Spanish and English', async () => {
      // An address DRobot does not write to (a quoted local part), with a colleague in copy.
      const caseId = await openCase('"ana perez"@ejemplo.es', 'Pantalla rota', { Cc: 'luis@ejemplo.es' });
      assert.deepEqual(await outboxOf(caseId), []);
      const line = await logLineOf(caseId);
      assert.equal(line.detail, 'not_acknowledged:invalid-address');
      assert.equal(
        outcomeText(line, 'es'),
        'caso creado (sin acuse de recibo: la dirección no es una a la que se pueda enviar correo)',
      );
      assert.equal(
        outcomeText(line, 'en'),
        'case created (not acknowledged: the address is not one mail can be sent to)',
      );
      const answered = await desk.conversation.reply(caseId, { text: 'La cambiamos mañana.' });
      assert.deepEqual(
        answered.copies.map((c) => [c.to, c.result.status, 'reason' in c.result ? c.result.reason : null]),
        [
          ['"ana perez"@ejemplo.es', 'not-sent', 'invalid-address'],
          ['luis@ejemplo.es', 'queued', null],
        ],
      );
      const status = await desk.conversation.setStatus(caseId, 'resolved');
      assert.deepEqual(status.notification, { status: 'not-notified', reason: 'invalid-address' });
    });

    test('acknowledgments turned off are said so too, also when a build batch holds its cases', async () => {
      desk.account.acknowledge = false;
      try {
        // Two mails in one fetch are built as one batch: on PostgreSQL it holds their cases to its end, and
        // runs a hook that only reports (no acknowledgment to queue) once they are written.
        const subjects = ['Teclado', 'Ratón'];
        for (const subject of subjects) {
          dovecot.deliver(user, mail({ From: 'Carla <carla@ejemplo.es>', To: user, Subject: subject }, '-'));
        }
        const run = await fetch();
        assert.equal(run.newCases, 2, JSON.stringify(run));
        const opened = (await p.cases.list()).filter((c) => subjects.includes(c.subject));
        assert.equal(opened.length, 2);
        for (const c of opened) {
          const line = await logLineOf(c.number);
          assert.equal(line.detail, 'not_acknowledged:disabled');
          assert.equal(
            outcomeText(line, 'es'),
            'caso creado (sin acuse de recibo: los acuses de recibo están desactivados en la cuenta de entrada)',
          );
        }
      } finally {
        desk.account.acknowledge = true;
      }
    });
  });
}
