import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PARSE_LIMITS } from '../../src/inbound/parse/mail.parser.js';
import { createCaseMessageId } from '../../src/notifications/message-id.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { mutatedMail, seedMails } from '../support/fuzz.js';
import {
  CASE_KEY,
  createPipeline,
  dovecotSettings,
  fetchPlan,
  type TestPipeline,
} from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const PASSWORD = 'secreto-hostil';
const USER = 'hostil@helpdesk.test';
const CRLF = '\r\n';
const FUZZED = 40;

function mail(headers: readonly string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(
      [`To: ${corpus.HELPDESK}`, 'MIME-Version: 1.0', ...headers].join(CRLF) + CRLF + CRLF,
      'latin1',
    ),
    typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
  ]);
}

/** Hostile mails, each with what its case must show (checked by subject). */
function hostileMails(): Buffer[] {
  const b = 'hostil';
  const tnef = corpus
    .tnefBytes(Array.from({ length: 2000 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(`x${i}`) })))
    .toString('base64');
  return [
    // First: opens case 1, which the plain bounce at the end refers to.
    mail(['From: pepe@example.test', 'Subject: Primero', 'Message-ID: <primero@example.test>'], 'Hola.\r\n'),
    mail(
      [
        'From: ana@example.test',
        `Subject: ${'x'.repeat(998)}`,
        'Message-ID: <largo@example.test>',
        `Content-Type: multipart/mixed; boundary="${b}"`,
      ],
      [
        `--${b}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Adjunto con tipo roto.',
        `--${b}`,
        'Content-Type: application/pdf\u0000\u001b[2J; name="CON .txt"',
        'Content-Disposition: attachment; filename="CON .txt"',
        '',
        'pdf',
        `--${b}`,
        'Content-Type: text/calendar',
        '',
        'BEGIN:VCALENDAR',
        `--${b}`,
        'Content-Type: application/ms-tnef',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment; filename="winmail.dat"',
        '',
        (tnef.match(/.{1,76}/g) ?? []).join(CRLF),
        `--${b}--`,
        '',
      ].join(CRLF),
    ),
    mail(
      ['From: luis@example.test', 'Subject: Sin juego de caracteres', 'Message-ID: <cp@example.test>'],
      Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0d, 0x0a]),
    ),
    mail(
      [
        'From: Formulario <no-reply@forms.example.test>',
        'Reply-To: Marta <marta@example.test>',
        'Subject: Formulario de contacto',
        'Message-ID: <form@forms.example.test>',
      ],
      'Nombre: Marta\r\n',
    ),
    mail(
      [
        'From: eva@example.test',
        'Subject: HTML con rutas relativas',
        'Message-ID: <rel@example.test>',
        'Content-Type: text/html; charset=utf-8',
      ],
      '<p>Hola</p><img src="logo.png"><a href="/reset">x</a>\u0000',
    ),
    mail(
      [
        'From: rosa@example.test',
        'Subject: Una linea enorme',
        'Message-ID: <linea@example.test>',
        'Content-Type: text/plain; charset=utf-8',
      ],
      'palabra '.repeat((10 * 1024 * 1024) / 8),
    ),
    ...Array.from({ length: FUZZED }, (_, i) => mutatedMail(77, i, seedMails())),
    mail(
      [
        'Return-Path: <>',
        'From: MAILER-DAEMON@mx.example.test',
        'Subject: failure notice',
        'Message-ID: <rebote@mx.example.test>',
      ],
      [
        'I was not able to deliver your message.',
        '<pepe@example.test>: 550 5.1.1 unknown user',
        '--- Below this line is a copy of the message.',
        `Message-ID: ${createCaseMessageId(CASE_KEY, 1, 'helpdesk.test')}`,
        '',
      ].join(CRLF),
    ),
  ];
}

describe('hostile mails through the whole pipeline from a real Dovecot mailbox', () => {
  let pki: TestPki;
  let server: DovecotServer;
  let store: TestStore;
  let database: Database;
  let p: TestPipeline;

  before(async () => {
    pki = createTestPki();
    server = await startDovecot({ pki, users: [{ user: USER, password: PASSWORD }] });
    store = await createTestStore('sqlite');
    database = await store.open();
    p = createPipeline(database, store.dataDir);
  });
  after(async () => {
    await database?.close();
    await store?.drop();
    await server?.stop();
  });

  test('every mail ends as a case, a record or in quarantine; each rule holds', async () => {
    const mails = hostileMails();
    server.deliverMany(USER, mails);
    const started = Date.now();
    const summary = await p.runner.run(
      fetchPlan(1, dovecotSettings(server, pki, 'imap', USER, PASSWORD, { afterStore: 'delete' })),
    );
    console.log(
      `hostile mailbox: ${mails.length} mails in ${Date.now() - started} ms: ${summary.newCases} new cases, ${summary.followUps} follow-ups, ${summary.autoRecorded} automatic, ${summary.skipped} skipped, ${summary.quarantined} quarantined`,
    );
    assert.equal(summary.error, null);
    assert.equal(summary.errors, 0);
    assert.equal(summary.fetched, mails.length);
    assert.equal(
      summary.newCases + summary.followUps + summary.autoRecorded + summary.skipped + summary.quarantined,
      mails.length,
    );
    // Every mail taken in is deleted from the server, also what then went to quarantine (its raw bytes are
    // kept for a retry); only a mail never downloaded would stay there.
    const held = await database.db.selectFrom('quarantine').select(['reason', 'raw_hash']).execute();
    assert.equal(held.length, summary.quarantined);
    assert.equal(server.count(USER), held.filter((q) => q.raw_hash === null).length);
    for (const q of held)
      if (q.raw_hash) assert.ok(await p.blobs.has(q.raw_hash), 'raw bytes kept for a retry');
    assert.deepEqual(
      held.filter((q) => q.reason === 'storage_error'),
      [],
      'no mail is refused by the store',
    );

    const all = await p.cases.list({ limit: 1000 });
    const bySubject = async (subject: string) => {
      const found = all.find((c) => c.subject === subject);
      assert.ok(found, subject);
      return p.cases.get(found.id);
    };
    const long = await bySubject('x'.repeat(998));
    const attachments = long.messages[0]?.attachments ?? [];
    assert.equal(attachments[0]?.filename, '_CON .txt');
    assert.equal(attachments[0]?.contentType, 'application/octet-stream');
    assert.equal(attachments[1]?.filename, 'invite.ics');
    assert.equal(attachments.length, PARSE_LIMITS.maxParts);
    assert.equal(long.messages[0]?.omittedParts, 2 + 2000 - PARSE_LIMITS.maxParts);

    assert.equal((await bySubject('Sin juego de caracteres')).messages[0]?.text.trim(), 'Café €');
    assert.equal((await bySubject('Formulario de contacto')).case.requester.address, 'marta@example.test');
    const html = (await bySubject('HTML con rutas relativas')).messages[0]?.html ?? '';
    assert.doesNotMatch(html, /logo\.png|reset/);
    const line = (await bySubject('Una linea enorme')).messages[0];
    assert.equal(line?.textTruncated, true);

    const first = await bySubject('Primero');
    const bounce = first.messages.at(-1);
    assert.equal(bounce?.classification, 'bounce');
    assert.deepEqual(bounce?.bounce, { recipient: 'pepe@example.test', status: '5.1.1', kind: 'failure' });
  });
});
