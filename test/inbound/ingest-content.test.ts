import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BlobStore } from '../../src/cases/blob.store.js';
import { CaseService } from '../../src/cases/case.service.js';
import { MailIngestor, type IngestResult } from '../../src/inbound/ingest/mail.ingestor.js';
import { PARSE_LIMITS } from '../../src/inbound/parse/mail.parser.js';
import { DEFAULT_CASE_TAGS, caseTagPattern } from '../../src/inbound/thread/case-tag.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createCaseMessageId, verifyCaseMessageId } from '../../src/notifications/message-id.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

const KEY = Buffer.alloc(32, 5);
const CRLF = '\r\n';

function raw(headers: readonly string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(
      ['To: soporte@helpdesk.test', 'MIME-Version: 1.0', ...headers].join(CRLF) + CRLF + CRLF,
      'latin1',
    ),
    typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
  ]);
}

for (const dialect of DIALECTS) {
  describe(`mail content through the ingestor (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let cases: CaseService;
    let ingestor: MailIngestor;
    let uid = 0;
    const ingest = (bytes: Buffer): Promise<IngestResult> => {
      const id = String(++uid);
      const file = path.join(store.dataDir, `in-${id}.eml`);
      fs.writeFileSync(file, bytes);
      return ingestor.ingestFile({ accountId: 1, mailbox: 'INBOX', uid: id }, file, { settled: false });
    };
    const caseOf = (r: IngestResult) => ('caseId' in r ? r.caseId : null);

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      cases = new CaseService(database);
      ingestor = new MailIngestor({
        database,
        cases,
        blobs: new BlobStore(store.dataDir, database),
        logger: silentLogger,
        classifyPolicy: { instanceId: 'inst-1', ownAddresses: [corpus.HELPDESK] },
        throttle: { limit: 0, windowSeconds: 3600 },
        tagPattern: caseTagPattern(DEFAULT_CASE_TAGS),
        verifySigned: (id: string) => verifyCaseMessageId(id, KEY),
      });
    });

    test('NUL and lone surrogates anywhere in a mail never make it fail', async () => {
      const b = 'lim';
      const result = await ingest(
        raw(
          [
            'From: =?UTF-8?B?QW5hAEw=?= <ana@example.test>',
            `Subject: =?UTF-8?B?${Buffer.from('Impresora\u0000rota').toString('base64')}?= =?UTF-16BE?B?${Buffer.from([0xd8, 0x00]).toString('base64')}?=`,
            'Message-ID: <nul.1@example.test>',
            'Reply-To: =?UTF-8?B?UGVwZQBY?= <pepe@example.test>',
            `Content-Type: multipart/mixed; boundary="${b}"`,
          ],
          [
            `--${b}`,
            'Content-Type: text/plain; charset=utf-8',
            '',
            'texto\u0000con NUL',
            `--${b}`,
            'Content-Type: text/html; charset=utf-8',
            '',
            '<p>html\u0000con NUL</p>',
            `--${b}`,
            'Content-Type: application/pdf\u0000x; name="fa\u0000ctura.pdf"',
            'Content-ID: <img\u0000@x>',
            'Content-Disposition: attachment; filename="fa\u0000ctura.pdf"',
            '',
            'pdf',
            `--${b}--`,
            '',
          ].join(CRLF),
        ),
      );
      assert.equal(result.kind, 'new_case', JSON.stringify(result));
      const { case: opened, messages } = await cases.get(caseOf(result) ?? 0);
      assert.doesNotMatch(opened.subject, /\0/);
      const message = messages[0];
      assert.match(message?.text ?? '', /texto\uFFFDcon NUL/);
      assert.equal(message?.attachments[0]?.contentType, 'application/octet-stream');
      assert.equal(message?.attachments[0]?.filename, 'fa_ctura.pdf');
    });

    test('a web form’s mail opens a case for the person named in Reply-To', async () => {
      const result = await ingest(
        raw(
          [
            'From: Formulario web <no-reply@forms.example.test>',
            'Reply-To: Marta Gil <marta@example.test>',
            'Subject: Alta de usuario',
            'Message-ID: <form.1@forms.example.test>',
            'Content-Type: text/plain; charset=utf-8',
          ],
          'Nombre: Marta Gil\r\nSolicitud: alta en el VPN\r\n',
        ),
      );
      assert.equal(result.kind, 'new_case');
      const { case: opened } = await cases.get(caseOf(result) ?? 0);
      assert.equal(opened.requester.address, 'marta@example.test');
      assert.equal(opened.requester.displayName, 'Marta Gil');
    });

    test('a plain-text bounce is recorded on the case whose mail bounced', async () => {
      const opened = await ingest(
        raw(
          [
            'From: pepe@example.test',
            'Subject: Teclado',
            'Message-ID: <teclado@example.test>',
            'Content-Type: text/plain',
          ],
          'No funciona.\r\n',
        ),
      );
      const caseId = caseOf(opened) ?? 0;
      const signed = createCaseMessageId(KEY, caseId, 'helpdesk.test');
      const bounce = await ingest(
        raw(
          [
            'Return-Path: <>',
            'From: MAILER-DAEMON@mx.example.test (Mail Delivery System)',
            'Subject: failure notice',
            'Message-ID: <bounce.1@mx.example.test>',
          ],
          [
            'Hi. This is the qmail-send program at mx.example.test.',
            "I'm afraid I wasn't able to deliver your message to the following addresses.",
            '',
            '<pepe@example.test>:',
            '550 5.1.1 mailbox unavailable',
            '',
            '--- Below this line is a copy of the message.',
            '',
            'Return-Path: <soporte@helpdesk.test>',
            'From: soporte@helpdesk.test',
            `Message-ID: ${signed}`,
            'Subject: [Caso] Teclado',
            '',
          ].join(CRLF),
        ),
      );
      assert.deepEqual([bounce.kind, caseOf(bounce)], ['auto_recorded', caseId]);
      const { messages } = await cases.get(caseId);
      assert.equal(messages.at(-1)?.classification, 'bounce');
      assert.deepEqual(messages.at(-1)?.bounce, {
        recipient: 'pepe@example.test',
        status: '5.1.1',
        kind: 'failure',
      });
      // A person's mail that quotes the same headers is not linked by them.
      const quoting = await ingest(
        raw(
          ['From: luis@example.test', 'Subject: Otra cosa', 'Message-ID: <otra@example.test>'],
          `Mirad este correo:\r\nMessage-ID: ${signed}\r\n`,
        ),
      );
      assert.equal(quoting.kind, 'new_case');
    });

    test('parts beyond the limit are recorded as omitted on the message', async () => {
      const b = 'lim2';
      const parts = Array.from(
        { length: PARSE_LIMITS.maxParts + 3 },
        (_, i) =>
          `--${b}${CRLF}Content-Type: application/octet-stream${CRLF}Content-Disposition: attachment${CRLF}${CRLF}p${i}${CRLF}`,
      ).join('');
      const result = await ingest(
        raw(
          [
            'From: ana@example.test',
            'Subject: Muchos adjuntos',
            'Message-ID: <muchos@example.test>',
            `Content-Type: multipart/mixed; boundary="${b}"`,
          ],
          `${parts}--${b}--${CRLF}`,
        ),
      );
      const { messages } = await cases.get(caseOf(result) ?? 0);
      assert.equal(messages[0]?.attachments.length, PARSE_LIMITS.maxParts);
      assert.equal(messages[0]?.omittedParts, 3);
      assert.equal(messages[0]?.textTruncated, false);
    });
  });
}
