import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BlobStore } from '../../src/cases/blob.store.js';
import { readDeliveryStatus } from '../../src/inbound/parse/dsn.reader.js';
import { parseMailFile, UnparseableMailError } from '../../src/inbound/parse/mail.parser.js';
import type { ParsedMail } from '../../src/inbound/parse/parsed-mail.js';
import { sanitizeMailHtml } from '../../src/inbound/parse/html.sanitizer.js';
import { withRemoteImages } from '../../src/inbound/parse/html.remote-images.js';
import { stripQuotedHistory } from '../../src/inbound/parse/reply.stripper.js';
import { decodeTnef } from '../../src/inbound/parse/tnef.decoder.js';
import { splitMail } from '../../src/inbound/parse/mime-split.js';
import * as corpus from '../support/corpus.js';

describe('mail parser', () => {
  let dir: string;
  let blobs: BlobStore;
  let n = 0;
  const parse = async (raw: Buffer): Promise<ParsedMail> => {
    const file = path.join(dir, `m${++n}.eml`);
    fs.writeFileSync(file, raw);
    return parseMailFile(file, blobs);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-parse-'));
    blobs = new BlobStore(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const item of corpus.firstContactCorpus()) {
    test(`${item.name}: subject and text`, async () => {
      const parsed = await parse(item.raw);
      assert.equal(parsed.subject, item.subject);
      assert.match(parsed.text, item.text);
      assert.ok(parsed.from?.address.endsWith('@example.test'));
      assert.match(parsed.messageId ?? '', /^<.+@example\.test>$/);
    });
  }

  for (const [charset, hex, text] of [
    ['Shift_JIS', '836583588367', 'テスト'],
    ['GB2312', 'b2e2cad4', '测试'],
    ['KOI8-R', 'd4c5d3d4', 'тест'],
    ['Big5', 'b4fab8d5', '測試'],
    ['EUC-KR', 'bdc3c7e8', '시험'],
    ['ISO-8859-15', 'a475726f', '€uro'],
    ['ISO-8859-2', '7a61bff3b3e6', 'zażółć'],
  ] as const) {
    test(`${charset}: body in base64 and subject in an encoded word`, async () => {
      const bytes = Buffer.from(hex, 'hex');
      const raw = Buffer.from(
        [
          'From: x@example.test',
          `Subject: =?${charset}?B?${bytes.toString('base64')}?=`,
          `Content-Type: text/plain; charset=${charset}`,
          'Content-Transfer-Encoding: base64',
          '',
          bytes.toString('base64'),
          '',
        ].join('\r\n'),
      );
      const parsed = await parse(raw);
      assert.equal(parsed.subject, text);
      assert.equal(parsed.text.trim(), text);
    });
  }

  test('sender name in an encoded word', async () => {
    const parsed = await parse(corpus.plainMail());
    assert.deepEqual(parsed.from, { address: 'ana@example.test', name: 'Ana Pérez' });
    assert.equal(parsed.to[0]?.address, corpus.HELPDESK);
    assert.equal(parsed.date, '2026-01-06T09:00:00.000Z');
  });

  test('address fields keep their addresses only, not the HTML and text renderings never read', async () => {
    const split = await splitMail(corpus.plainMail(), {});
    const from = split.headers?.get('from') as { value: { address: string }[]; html: string; text: string };
    assert.equal(from.value[0]?.address, 'ana@example.test');
    assert.equal(from.html, '');
    assert.equal(from.text, '');
  });

  test('HTML-only: text derived, HTML sanitized, remote images kept from loading', async () => {
    const parsed = await parse(corpus.htmlOnlyMail());
    assert.match(parsed.text, /El MONITOR parpadea|El monitor parpadea/);
    assert.ok(parsed.html);
    assert.doesNotMatch(parsed.html, /script|onclick|javascript:| src="[^"]*tracker|<style/i);
    // The address waits where no browser fetches it, until a person asks for the image.
    assert.match(parsed.html, /<img data-remote-src="https:\/\/tracker\.example\.test\/p\.gif" \/>/);
    assert.match(parsed.html, /<b>monitor<\/b>/);
  });

  test('attachment names in RFC 2231 and encoded words, stored by hash', async () => {
    const utf8 = await parse(corpus.spanishUtf8Mail());
    assert.equal(utf8.attachments[0]?.filename, 'informe año último.pdf');
    assert.equal(utf8.attachments[0]?.contentType, 'application/pdf');
    const latin1 = await parse(corpus.spanishLatin1Mail());
    const att = latin1.attachments[0];
    assert.equal(att?.filename, 'configuración.txt');
    assert.equal((await blobs.read(att?.hash ?? '')).toString('latin1'), 'extensión=204\r\n');
  });

  test('inline image kept as a cid reference and an inline attachment', async () => {
    const parsed = await parse(corpus.inlineImageMail());
    assert.match(parsed.html ?? '', /<img src="cid:captura@example\.test"/);
    const img = parsed.attachments[0];
    assert.equal(img?.inline, true);
    assert.equal(img?.contentId, 'captura@example.test');
    assert.deepEqual(await blobs.read(img?.hash ?? ''), corpus.PNG);
  });

  test('large attachment streamed to the blob store intact', async () => {
    const parsed = await parse(corpus.largeAttachmentMail({}, 2 * 1024 * 1024 + 17));
    const att = parsed.attachments[0];
    assert.equal(att?.size, 2 * 1024 * 1024 + 17);
    assert.deepEqual(await blobs.read(att?.hash ?? ''), corpus.bigBytes(2 * 1024 * 1024 + 17));
  });

  test('nested message: its text and its attachment are kept', async () => {
    const parsed = await parse(corpus.nestedMail());
    assert.match(parsed.text, /reenvío el correo/);
    assert.match(parsed.text, /rechaza mis envíos/);
    assert.ok(parsed.attachments.some((a) => a.filename === 'rechazos.csv'));
  });

  test('winmail.dat unpacked', async () => {
    const parsed = await parse(corpus.winmailMail());
    assert.deepEqual(
      parsed.attachments.map((a) => a.filename),
      ['inventario.xls'],
    );
    assert.equal((await blobs.read(parsed.attachments[0]?.hash ?? '')).toString(), 'hoja de calculo');
  });

  test('DSN: report type, delivery status and the reported Message-ID', async () => {
    const original = corpus.newMessageId('out');
    const parsed = await parse(corpus.dsnBounceMail(original, 'nadie@example.test'));
    assert.equal(parsed.contentType, 'multipart/report');
    assert.equal(parsed.reportType, 'delivery-status');
    assert.deepEqual(parsed.reportedMessageIds, [original]);
    const failure = readDeliveryStatus(parsed.deliveryStatus ?? '');
    assert.equal(failure.recipient, 'nadie@example.test');
    assert.equal(failure.status, '5.1.1');
  });

  test('DSN whose returned headers come first and carry an Original-Recipient: the status part is read', async () => {
    const original = corpus.newMessageId('out');
    const b = 'informe';
    const parsed = await parse(
      Buffer.from(
        [
          'From: MAILER-DAEMON@mx.example.test',
          'To: soporte@helpdesk.test',
          'Subject: Undelivered Mail Returned to Sender',
          `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
          '',
          `--${b}`,
          'Content-Type: text/rfc822-headers',
          '',
          'From: soporte@helpdesk.test',
          'To: otra@example.test',
          'Original-Recipient: rfc822; otra@example.test',
          `Message-ID: ${original}`,
          '',
          `--${b}`,
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.test',
          '',
          'Final-Recipient: rfc822; nadie@example.test',
          'Action: failed',
          'Status: 5.1.1',
          '',
          `--${b}--`,
          '',
        ].join('\r\n'),
      ),
    );
    assert.deepEqual(parsed.reportedMessageIds, [original]);
    const failure = readDeliveryStatus(parsed.deliveryStatus ?? '');
    assert.deepEqual([failure.recipient, failure.status], ['nadie@example.test', '5.1.1']);
  });

  for (const [name, padding] of [
    ['read whole', 0],
    ['streamed (over a megabyte)', 1100 * 1024],
  ] as const) {
    test(`global DSN returning the whole message (message/global) in base64: its Message-ID is found (${name})`, async () => {
      const original = corpus.newMessageId('out');
      const parsed = await parse(
        corpus.globalDsnBounceMail(original, {
          finalRecipient: 'utf-8; josé@xn--aoranza-4za.es',
          to: 'José <josé@xn--aoranza-4za.es>',
          encoding: 'base64',
          returned: 'message',
          padding,
        }),
      );
      assert.deepEqual(parsed.reportedMessageIds, [original]);
      assert.ok(parsed.attachments.some((a) => a.contentType === 'message/global'));
    });
  }

  for (const encoding of ['8bit', 'base64'] as const) {
    test(`global DSN (RFC 6533), its parts ${encoding}: report type, status and the id in message/global-headers`, async () => {
      const original = corpus.newMessageId('out');
      const parsed = await parse(
        corpus.globalDsnBounceMail(original, {
          finalRecipient: 'utf-8; josé@xn--aoranza-4za.es',
          to: 'José <josé@xn--aoranza-4za.es>',
          encoding,
        }),
      );
      assert.equal(parsed.contentType, 'multipart/report');
      assert.equal(parsed.reportType, 'global-delivery-status');
      assert.deepEqual(parsed.reportedMessageIds, [original]);
      const failure = readDeliveryStatus(parsed.deliveryStatus ?? '');
      assert.deepEqual(
        [failure.recipient, failure.status, failure.failed],
        ['josé@xn--aoranza-4za.es', '5.1.1', true],
      );
      assert.deepEqual(
        parsed.attachments.map((a) => [a.contentType, a.filename]),
        [
          ['message/global-delivery-status', 'delivery-status.txt'],
          ['message/global-headers', 'headers.txt'],
        ],
      );
    });
  }

  test('raw header values are read exactly', async () => {
    const parsed = await parse(corpus.outOfOfficeMail('<x@y>'));
    assert.ok(parsed.headers.some((h) => h.name === 'auto-submitted' && h.value === 'auto-replied'));
    assert.equal(parsed.inReplyTo, '<x@y>');
    assert.deepEqual(parsed.references, ['<x@y>']);
  });

  test('quoted history stripped, full text kept', async () => {
    const parsed = await parse(corpus.replyByTagMail(12));
    assert.equal(parsed.textReply, 'Ya funciona, gracias.');
    assert.match(parsed.text, /Puede reiniciarla/);
  });

  for (const [name, padding] of [
    ['read whole', 0],
    ['streamed (over a megabyte)', 1100 * 1024],
  ] as const) {
    test(`a part whose Content-Type has no value is kept as an attachment (${name})`, async () => {
      const b = 'sinb';
      const parsed = await parse(
        Buffer.from(
          [
            'From: ana@example.test',
            'Subject: sin tipo',
            `Content-Type: multipart/mixed; boundary=${b}`,
            '',
            `--${b}`,
            'Content-Type: text/plain',
            '',
            `texto${' '.repeat(padding)}`,
            `--${b}`,
            'Content-Type: ; name="x.bin"',
            '',
            'contenido',
            `--${b}--`,
            '',
          ].join('\r\n'),
        ),
      );
      assert.match(parsed.text, /^texto/);
      assert.equal(parsed.attachments.length, 1);
      assert.equal(parsed.attachments[0]?.contentType, 'application/octet-stream');
      assert.deepEqual(await blobs.read(parsed.attachments[0]?.hash ?? ''), Buffer.from('contenido'));
    });
  }

  test('bytes without headers are unparseable', async () => {
    await assert.rejects(parse(corpus.malformedMail()), UnparseableMailError);
  });
});

describe('parse helpers', () => {
  test('sanitizer keeps cid images and safe links only', () => {
    const out = sanitizeMailHtml(
      '<a href="https://x.test/a">a</a><a href="javascript:x()">b</a><img src="cid:a@b"><img src="http://t/p.gif"><iframe src="x"></iframe>',
    );
    assert.match(out, /href="https:\/\/x\.test\/a"/);
    assert.match(out, /rel="noopener noreferrer"/);
    assert.match(out, /src="cid:a@b"/);
    assert.doesNotMatch(out, /javascript| src="http:\/\/t|iframe/);
    assert.match(out, /<img data-remote-src="http:\/\/t\/p\.gif" \/>/);
  });

  test('remote images load only from the copy made on request, and sanitizing again changes nothing', () => {
    const stored = sanitizeMailHtml(
      '<p>x</p><img src="https://t.test/p.gif" alt="p"><img src="cid:a@b"><img data-remote-src="javascript:alert(1)">',
    );
    assert.equal(sanitizeMailHtml(stored), stored);
    assert.doesNotMatch(stored, /javascript| src="https/);
    const shown = withRemoteImages(stored);
    assert.match(shown, /<img alt="p" src="https:\/\/t\.test\/p\.gif" \/>/);
    assert.match(shown, /src="cid:a@b"/);
    assert.doesNotMatch(shown, /data-remote-src|javascript/);
    assert.equal(
      withRemoteImages('<img data-remote-src="https://t.test/a.gif" onerror="x()">'),
      '<img src="https://t.test/a.gif" />',
    );
  });

  test('reply stripper in Spanish and English', () => {
    assert.equal(
      stripQuotedHistory('Gracias.\n\nEl lun, 5 ene 2026, Soporte escribió:\n> antes\n'),
      'Gracias.',
    );
    assert.equal(stripQuotedHistory('> sólo cita\n'), '> sólo cita');
  });

  test('TNEF decoder rejects truncation', () => {
    const bytes = corpus.tnefBytes([{ name: 'a.txt', data: Buffer.from('abc') }]);
    assert.deepEqual(
      decodeTnef(bytes).map((f) => [f.name, f.data.toString()]),
      [['a.txt', 'abc']],
    );
    assert.throws(() => decodeTnef(bytes.subarray(0, bytes.length - 3)));
  });
});
