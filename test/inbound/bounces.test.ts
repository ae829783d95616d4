import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { CaseWithMessages } from '../../src/cases/case.service.js';
import { readPlainBounce } from '../../src/inbound/classify/classifier.js';
import type { IngestResult } from '../../src/inbound/ingest/mail.ingestor.js';
import type { Database } from '../../src/storage/database.js';
import { runCli } from '../support/cli.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { makeHelpdesk } from '../support/helpdesk-fixture.js';
import { createPipeline, type TestPipeline } from '../support/mail-pipeline.js';
import { withTestStore } from '../support/store-hooks.js';

const DAEMON = 'Mail Delivery System <Mailer-Daemon@mx.helpdesk.test>';

/** An Exim delay warning about a mail to `to`: a greylisting reply, the server's IP address, the headers. */
function eximDelayWarning(to: string, messageId: string): Buffer {
  const text = [
    'This message was created automatically by mail delivery software.',
    'A message that you sent has not yet been delivered to one or more of its',
    'recipients after more than 24 hours on the queue on mx.helpdesk.test.',
    '',
    'The address to which the message has not yet been delivered is:',
    '',
    `  ${to}`,
    '    host mx.corp.test [5.9.10.20]',
    `    Delay reason: SMTP error from remote mail server after RCPT TO:<${to}>:`,
    '    451 4.7.1 Greylisted, please try again later',
    '',
    'No action is required on your part. Delivery attempts will continue for',
    'some time, and this warning may be repeated at intervals if the message',
    'remains undelivered.',
    '',
    "------ This is a copy of the message's headers. ------",
    '',
    `To: ${to}`,
    `Message-ID: ${messageId}`,
    '',
  ].join('\n');
  return corpus.plainMail(
    { from: DAEMON, subject: 'Warning: message 1vXyZa-000Abc-1 delayed 24 hours', to: corpus.HELPDESK },
    text,
  );
}

/** A Postfix bounce of a mail to `to`, refused for good, its headers returned. */
function postfixBounce(to: string, messageId: string): Buffer {
  const text = [
    'This is the mail system at host mx.helpdesk.test.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    '',
    `<${to}>: host mx.corp.test[5.9.10.20] said: 550 5.1.1 <${to}>: Recipient`,
    '    address rejected: User unknown (in reply to RCPT TO command)',
    '',
    '--- Original message headers ---',
    `To: ${to}`,
    `Message-ID: ${messageId}`,
    '',
  ].join('\n');
  return corpus.plainMail(
    { from: DAEMON, subject: 'Undelivered Mail Returned to Sender', to: corpus.HELPDESK },
    text,
  );
}

/** Bounces: what they say, which sent mail they are about, and which addresses they stop. */
for (const dialect of DIALECTS) {
  describe(`bounces (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let p: TestPipeline;
    let uid = 0;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      const desk = makeHelpdesk(database, store.dataDir);
      p = createPipeline(database, store.dataDir, { onNewCase: desk.acknowledger });
    });

    const ingest = (raw: Buffer): Promise<IngestResult> => {
      const id = String(++uid);
      const file = path.join(store.dataDir, `mail-${id}.eml`);
      fs.writeFileSync(file, raw);
      return p.ingestor.ingestFile({ accountId: 1, mailbox: 'INBOX', uid: id }, file, { settled: false });
    };
    /** A case opened by `address`, and the acknowledgment DRobot queued to it. */
    const caseWithAck = async (address: string) => {
      const opened = await ingest(corpus.plainMail({ from: address }));
      assert.equal(opened.kind, 'new_case', JSON.stringify(opened));
      const caseId = 'caseId' in opened ? (opened.caseId ?? 0) : 0;
      const ack = await database.db
        .selectFrom('outbox')
        .select(['id', 'message_id', 'recipient'])
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow();
      return { caseId, ack };
    };
    const suppressed = async (address: string) =>
      (
        await database.db
          .selectFrom('notification_suppressions')
          .select('detail')
          .where('address', '=', address)
          .execute()
      ).map((r) => r.detail);
    const lastBounceOf = async (caseId: number) => (await p.cases.get(caseId)).messages.at(-1)?.bounce;

    test('a plain-text status is an enhanced status code as bounces write it, never an IP address', async () => {
      const { caseId, ack } = await caseWithAck('greylisted@corp.test');
      const warning = await ingest(eximDelayWarning('greylisted@corp.test', ack.message_id));
      assert.deepEqual([warning.kind, 'caseId' in warning && warning.caseId], ['auto_recorded', caseId]);
      assert.deepEqual(await lastBounceOf(caseId), {
        recipient: 'greylisted@corp.test',
        status: '4.7.1',
        kind: 'delay',
      });
      assert.deepEqual(await suppressed('greylisted@corp.test'), [], 'a delay warning stops nothing');

      const refused = await caseWithAck('refused@corp.test');
      await ingest(postfixBounce('refused@corp.test', refused.ack.message_id));
      assert.deepEqual(await lastBounceOf(refused.caseId), {
        recipient: 'refused@corp.test',
        status: '5.1.1',
        kind: 'failure',
      });
      assert.deepEqual(await suppressed('refused@corp.test'), ['DSN 5.1.1']);
    });

    test('only a failure marks a sent mail bounced: success and delay reports leave it as it was', async () => {
      const { caseId, ack } = await caseWithAck('reported@corp.test');
      const bouncedAt = async () =>
        (
          await database.db
            .selectFrom('outbox')
            .select('bounced_at')
            .where('id', '=', ack.id)
            .executeTakeFirstOrThrow()
        ).bounced_at;
      const reports = [
        { action: 'delivered', status: '2.0.0', kind: 'report' },
        { action: 'relayed', status: '2.0.0', kind: 'report' },
        { action: 'delayed', status: '4.4.1', kind: 'delay' },
        { action: 'delayed', status: '5.0.0', kind: 'delay' },
      ];
      for (const report of reports) {
        const result = await ingest(corpus.dsnBounceMail(ack.message_id, 'reported@corp.test', {}, report));
        assert.equal(result.kind, 'auto_recorded');
        assert.equal(await bouncedAt(), null, report.action);
        assert.equal((await lastBounceOf(caseId))?.kind, report.kind, report.action);
      }
      await ingest(eximDelayWarning('reported@corp.test', ack.message_id));
      assert.equal(await bouncedAt(), null, 'a delay warning');
      assert.equal((await lastBounceOf(caseId))?.kind, 'delay');
      assert.deepEqual(await suppressed('reported@corp.test'), []);

      await ingest(corpus.dsnBounceMail(ack.message_id, 'reported@corp.test'));
      assert.notEqual(await bouncedAt(), null);
      assert.equal((await lastBounceOf(caseId))?.kind, 'failure');
      assert.deepEqual(await suppressed('reported@corp.test'), ['DSN 5.1.1']);
      const out = (await p.cases.get(caseId)).messages.find((m) => m.direction === 'out');
      assert.equal(out?.deliveryState, 'bounced');
    });

    test('a bounce stops only an address DRobot sent the bounced mail to', async () => {
      const ceo = await caseWithAck('ceo@corp.test');
      const other = await caseWithAck('mallory@corp.test');
      const bounced = async () =>
        (
          await database.db.selectFrom('outbox').select('id').where('bounced_at', 'is not', null).execute()
        ).map((r) => r.id);
      const before = await bounced();

      // A forged report under another case's tag, about a Message-ID that is not ours.
      const forged = corpus.dsnBounceMail('<forged.1@attacker.test>', 'ceo@corp.test', {
        subject: `Undelivered Mail [Caso #${other.caseId}]`,
      });
      const tagged = await ingest(forged);
      assert.deepEqual([tagged.kind, 'caseId' in tagged && tagged.caseId], ['auto_recorded', other.caseId]);
      assert.deepEqual(await suppressed('ceo@corp.test'), [], 'a case tag ties no sent mail');

      // A report about a mail of ours, naming someone it was not sent to.
      await ingest(corpus.dsnBounceMail(other.ack.message_id, 'ceo@corp.test'));
      assert.deepEqual(await suppressed('ceo@corp.test'), [], 'the mail went to another address');
      // A report whose own In-Reply-To names a mail of ours, to someone else.
      await ingest(
        corpus.dsnBounceMail('<forged.2@attacker.test>', 'ceo@corp.test', {
          headers: { 'In-Reply-To': other.ack.message_id, References: other.ack.message_id },
        }),
      );
      assert.deepEqual(await suppressed('ceo@corp.test'), []);
      assert.deepEqual(await bounced(), before, 'no sent mail is marked');

      // The report of the mail that went to that address, in any case, does stop it.
      await ingest(corpus.dsnBounceMail(ceo.ack.message_id, 'CEO@Corp.test'));
      assert.deepEqual(await suppressed('ceo@corp.test'), ['DSN 5.1.1']);
      assert.deepEqual(await bounced(), [...before, ceo.ack.id]);
    });

    test('cases show tells a delay warning from a bounce, in Spanish and English; older reports read by their status', async () => {
      const { caseId, ack } = await caseWithAck('slow@corp.test');
      await ingest(eximDelayWarning('slow@corp.test', ack.message_id));
      await ingest(
        corpus.dsnBounceMail(ack.message_id, 'slow@corp.test', {}, { action: 'delivered', status: '2.0.0' }),
      );
      await ingest(postfixBounce('slow@corp.test', ack.message_id));
      const show = async (lang: string, ...flags: string[]) => {
        const shown = await runCli(['cases', 'show', String(caseId), ...flags], {
          env: { ...store.env, DROBOT_LOG_LEVEL: 'silent', DROBOT_LANG: lang },
          timeoutMs: 120_000,
        });
        assert.equal(shown.code, 0, shown.stderr);
        return shown.stdout;
      };
      const es = await show('es');
      assert.match(es, /^ {3}aviso de retraso: slow@corp\.test 4\.7\.1$/m);
      assert.match(es, /^ {3}informe de entrega: slow@corp\.test 2\.0\.0$/m);
      assert.match(es, /^ {3}rebote: slow@corp\.test 5\.1\.1$/m);
      assert.equal(es.match(/rebote:/g)?.length, 1, 'only the failure is a bounce');
      const en = await show('en');
      assert.match(en, /^ {3}delay warning: slow@corp\.test 4\.7\.1$/m);
      assert.match(en, /^ {3}delivery report: slow@corp\.test 2\.0\.0$/m);
      assert.match(en, /^ {3}bounce: slow@corp\.test 5\.1\.1$/m);
      assert.equal(en.match(/bounce:/g)?.length, 1);
      const json = JSON.parse(await show('en', '--json')) as CaseWithMessages;
      assert.deepEqual(
        json.messages.filter((m) => m.bounce).map((m) => m.bounce?.kind),
        ['delay', 'report', 'failure'],
      );

      // Stored before the kind was kept: a permanent status was a failure; any other, a report.
      await database.db
        .updateTable('case_messages')
        .set({ bounce_kind: null })
        .where('case_id', '=', caseId)
        .execute();
      const older = await show('es');
      assert.match(older, /^ {3}informe de entrega: slow@corp\.test 4\.7\.1$/m);
      assert.match(older, /^ {3}rebote: slow@corp\.test 5\.1\.1$/m);
      assert.doesNotMatch(older, /rebote: slow@corp\.test 4/);
    });

    test('a NUL in a report’s fields is stored as U+FFFD and suppresses nothing', async () => {
      const { caseId, ack } = await caseWithAck('victim@corp.test');
      // The returned headers name the acknowledgment, then an id with a NUL in a References line.
      const returned = `${ack.message_id}\r\nReferences: <nul\u0000id@corp.test>`;
      const report = corpus.dsnBounceMail(returned, 'vic\u0000tim@corp.test');
      const result = await ingest(report);
      assert.deepEqual([result.kind, 'caseId' in result && result.caseId], ['auto_recorded', caseId]);
      assert.deepEqual(await lastBounceOf(caseId), {
        recipient: 'vic\uFFFDtim@corp.test',
        status: '5.1.1',
        kind: 'failure',
      });
      const listed = await database.db.selectFrom('notification_suppressions').select('address').execute();
      assert.deepEqual(
        listed.filter((r) => r.address.includes('tim@corp.test')),
        [],
        'not a valid address',
      );
    });
  });
}

describe('plain-text bounce status', () => {
  const read = (text: string, subject = 'failure notice') => readPlainBounce(text, '', subject);

  test('an address, a size or a version is not a status; a reply code only where a server’s reply is quoted', () => {
    assert.equal(read('Your message of 512 lines to <ana@example.test> is queued.\n').status, null);
    assert.equal(read('Relay [5.9.10.20] refused <ana@example.test>.\n').status, null);
    assert.equal(read('Host 10.5.1.1.4 unreachable for <ana@example.test>.\n').status, null);
    assert.equal(read('Remote host said: 550 no such user <ana@example.test>\n').status, '5.0.0');
    assert.equal(read('<ana@example.test>:\n550 mailbox full\n').status, '5.0.0');
    assert.deepEqual(read('Dovecot 2.3.21 said: 550 5.1.1 <ana@example.test> unknown.\n'), {
      recipient: 'ana@example.test',
      status: '5.1.1',
      failed: true,
      delayed: false,
    });
    assert.equal(read('<ana@example.test> failed: 5.2.2 (mailbox full).\n').status, '5.2.2');
  });

  test('a delay warning is never a failure, whatever code it quotes', () => {
    const quoted = '<ana@example.test>: 550 5.7.1 try again later\n';
    assert.equal(read(quoted).failed, true);
    assert.equal(read(`${quoted}Delivery attempts will continue for some time.\n`).failed, false);
    assert.equal(read(`${quoted}Gmail will retry for 47 more hours.\n`).failed, false);
    assert.equal(read(`${quoted}THIS IS A WARNING MESSAGE ONLY.\n`).failed, false);
    assert.equal(read(quoted, 'Delayed Mail (still being retried)').failed, false);
    assert.equal(read(quoted, 'Delivery Status Notification (Delay)').failed, false);
    assert.equal(read(quoted).delayed, false);
    assert.equal(read(`${quoted}Gmail will retry for 47 more hours.\n`).delayed, true);
    assert.equal(read(quoted, 'Delayed Mail (still being retried)').delayed, true);
  });
});
