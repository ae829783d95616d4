import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { BlobStore } from '../../src/cases/blob.store.js';
import { safeFileName } from '../../src/cases/safe-name.js';
import { classify, readPlainBounce } from '../../src/inbound/classify/classifier.js';
import { requesterOf } from '../../src/inbound/classify/requester.js';
import { sanitizeMailHtml } from '../../src/inbound/parse/html.sanitizer.js';
import { parseMailFile, PARSE_LIMITS } from '../../src/inbound/parse/mail.parser.js';
import type { ParsedMail } from '../../src/inbound/parse/parsed-mail.js';
import { decodeText, storableText } from '../../src/inbound/parse/text-decode.js';
import { composeHeaders, foldableSubject } from '../../src/notifications/mail.compose.js';
import * as corpus from '../support/corpus.js';

const CRLF = '\r\n';

/** A raw mail from header lines and a body (bytes kept as given). */
function raw(headers: readonly string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(
      [
        'From: Ana <ana@example.test>',
        'To: soporte@helpdesk.test',
        'Subject: Prueba',
        'Message-ID: <prueba@example.test>',
        'MIME-Version: 1.0',
        ...headers,
      ].join(CRLF) +
        CRLF +
        CRLF,
      'latin1',
    ),
    typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
  ]);
}

/** A multipart/mixed body of the given parts (each: header lines and body). */
function multipart(parts: readonly { headers: readonly string[]; body: string }[]): {
  header: string;
  body: string;
} {
  const b = 'limite_prueba';
  const body =
    parts.map((p) => `--${b}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${p.body}${CRLF}`).join('') +
    `--${b}--${CRLF}`;
  return { header: `Content-Type: multipart/mixed; boundary="${b}"`, body };
}

const policy = { instanceId: 'inst', ownAddresses: [corpus.HELPDESK] };

describe('mail content', () => {
  let dir: string;
  let blobs: BlobStore;
  let n = 0;
  const parse = async (bytes: Buffer, options = {}): Promise<ParsedMail> => {
    const file = path.join(dir, `m${++n}.eml`);
    fs.writeFileSync(file, bytes);
    return parseMailFile(file, blobs, options);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-content-'));
    blobs = new BlobStore(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('8-bit text without a charset: valid UTF-8 is UTF-8, anything else Windows-1252, never U+FFFD', async () => {
    const utf8 = await parse(raw(['Content-Type: text/plain'], Buffer.from('Configuración ñandú €\r\n')));
    assert.equal(utf8.text.trim(), 'Configuración ñandú €');
    const cp1252 = await parse(
      raw(
        ['Content-Type: text/plain', 'Content-Transfer-Encoding: 8bit'],
        Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x20, 0x93, 0x6f, 0x6b, 0x94, 0x0d, 0x0a]),
      ),
    );
    assert.equal(cp1252.text.trim(), 'Café € “ok”');
    // No Content-Type at all, and US-ASCII declared over 8-bit bytes: the same rule.
    const bare = await parse(raw([], Buffer.from([0x61, 0xf1, 0x6f, 0x0d, 0x0a])));
    assert.equal(bare.text.trim(), 'año');
    const ascii = await parse(
      raw(['Content-Type: text/plain; charset=us-ascii'], Buffer.from([0x61, 0xf1, 0x6f, 0x0d, 0x0a])),
    );
    assert.equal(ascii.text.trim(), 'año');
    // A charset unknown here (UTF-7 is refused on purpose) gets the same rule.
    const unknown = await parse(
      raw(['Content-Type: text/plain; charset=x-desconocido'], Buffer.from([0x61, 0xf1, 0x6f, 0x0d, 0x0a])),
    );
    assert.equal(unknown.text.trim(), 'año');
    for (const p of [utf8, cp1252, bare, ascii, unknown]) assert.doesNotMatch(p.text, /\uFFFD/);
    // A multibyte character cut by the text budget is left out, not replaced.
    assert.equal(decodeText(Buffer.from('añ').subarray(0, 2), undefined, true), 'a');
    assert.equal(decodeText(Buffer.from('añ').subarray(0, 2), 'utf-8', true), 'a');
  });

  test('format=flowed text is joined back into its paragraphs', async () => {
    const parsed = await parse(
      raw(
        ['Content-Type: text/plain; charset=utf-8; format=flowed'],
        'La impresora de la planta 2 no \r\nimprime desde ayer.\r\n\r\n> citado \r\n> junto\r\n',
      ),
    );
    assert.match(parsed.text, /La impresora de la planta 2 no imprime desde ayer\./);
    assert.match(parsed.text, /> citado junto/);
  });

  test('parts beyond the per-mail limit are counted, not stored; the raw mail keeps them', async () => {
    const parts = Array.from({ length: PARSE_LIMITS.maxParts + 25 }, (_, i) => ({
      headers: [
        'Content-Type: application/octet-stream',
        `Content-Disposition: attachment; filename="f${i}.bin"`,
      ],
      body: `contenido ${i}`,
    }));
    const mp = multipart([
      { headers: ['Content-Type: text/plain; charset=utf-8'], body: 'Adjuntos.' },
      ...parts,
    ]);
    const parsed = await parse(raw([mp.header], mp.body));
    assert.equal(parsed.attachments.length, PARSE_LIMITS.maxParts);
    assert.equal(parsed.omittedParts, 25);
    assert.equal(parsed.attachments.at(-1)?.filename, `f${PARSE_LIMITS.maxParts - 1}.bin`);
    assert.match(parsed.text, /Adjuntos\./);
  });

  test('a TNEF with thousands of files keeps the first ones and counts the rest', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(`x${i}`) }));
    const tnef = corpus.tnefBytes(files).toString('base64');
    const mp = multipart([
      {
        headers: [
          'Content-Type: application/ms-tnef; name="winmail.dat"',
          'Content-Transfer-Encoding: base64',
          'Content-Disposition: attachment; filename="winmail.dat"',
        ],
        body: (tnef.match(/.{1,76}/g) ?? []).join(CRLF),
      },
    ]);
    const parsed = await parse(raw([mp.header], mp.body));
    assert.equal(parsed.attachments.length, PARSE_LIMITS.maxParts);
    assert.equal(parsed.omittedParts, 3000 - PARSE_LIMITS.maxParts);
  });

  test('NUL and control characters in a part’s type and name never reach storage', async () => {
    const mp = multipart([
      { headers: ['Content-Type: text/plain; charset=utf-8'], body: 'Hola' },
      {
        headers: [
          'Content-Type: application/pdf\u0000\u001b[31m; name="fac\u0000tura\u0007.pdf"',
          'Content-Disposition: attachment; filename="fac\u0000tura\u0007.pdf"',
        ],
        body: 'pdf',
      },
      {
        headers: ['Content-Type: "text/x\u0001evil"', 'Content-Disposition: attachment'],
        body: 'otro',
      },
    ]);
    const parsed = await parse(raw([mp.header], mp.body));
    for (const a of parsed.attachments) {
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(`${a.contentType}${a.filename}`, /[\u0000-\u001f\u007f]/);
      assert.match(a.contentType, /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/);
    }
    assert.equal(parsed.attachments.length, 2);
  });

  test('unnamed parts are named from their type', async () => {
    const mp = multipart([
      { headers: ['Content-Type: text/plain; charset=utf-8'], body: 'Invitación' },
      { headers: ['Content-Type: text/calendar; method=REQUEST'], body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' },
      {
        headers: [
          'Content-Type: image/png',
          'Content-Transfer-Encoding: base64',
          'Content-Disposition: attachment',
        ],
        body: corpus.PNG.toString('base64'),
      },
      { headers: ['Content-Type: application/x-desconocido'], body: 'x' },
      { headers: ['Content-Type: text/plain', 'Content-Disposition: attachment'], body: 'notas' },
    ]);
    const parsed = await parse(raw([mp.header], mp.body));
    assert.deepEqual(
      parsed.attachments.map((a) => a.filename),
      ['invite.ics', 'image.png', 'attachment', 'text.txt'],
    );
    const forwarded = multipart([
      { headers: ['Content-Type: text/plain'], body: 'Reenvío' },
      {
        headers: ['Content-Type: application/octet-stream', 'Content-Disposition: attachment'],
        body: 'x',
      },
    ]);
    assert.equal(
      (await parse(raw([forwarded.header], forwarded.body))).attachments[0]?.filename,
      'attachment',
    );
  });

  test('NUL and lone surrogates in headers and text become U+FFFD', async () => {
    const parsed = await parse(
      raw(
        [
          `Subject: =?UTF-8?B?${Buffer.from('a\u0000b').toString('base64')}?= =?UTF-16BE?B?${Buffer.from([0xd8, 0x00, 0x00, 0x41]).toString('base64')}?=`,
          'Content-Type: text/plain; charset=utf-8',
        ],
        Buffer.from('texto\u0000con nul\r\n'),
      ),
    );
    assert.doesNotMatch(parsed.subject, /\0/);
    assert.doesNotMatch(parsed.text, /\0/);
    assert.equal(storableText('a\u0000b\ud800c\udc00'), 'a\uFFFDb\uFFFDc\uFFFD');
    assert.equal(storableText('😀'), '😀');
  });

  test('storable text is the replacing pattern applied, on texts with and without what it replaces', () => {
    const pattern =
      // eslint-disable-next-line no-control-regex
      /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    const pieces = [
      'a',
      ' ',
      '\u00e9',
      '\u4e2d',
      '\u0000',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '😀',
      '\ufffd',
    ];
    let seed = 7;
    let replaced = 0;
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = n % 9; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += pieces[seed % pieces.length];
      }
      const expected = text.replace(pattern, '\uFFFD');
      if (expected !== text) replaced += 1;
      assert.equal(storableText(text), expected, JSON.stringify(text));
    }
    assert.ok(replaced > 500 && replaced < 1900, `${replaced} texts changed`);
  });

  test('relative URLs do not survive sanitizing', () => {
    const out = sanitizeMailHtml(
      [
        '<img src="logo.png">',
        '<img src="/images/x.png">',
        '<img src="//tracker.test/p.gif">',
        '<img src="cid:captura@example.test">',
        '<a href="/reset?token=1">a</a>',
        '<a href="../admin">b</a>',
        '<a href="?q=1">c</a>',
        '<a href="https://example.test/ok">d</a>',
        '<a href="mailto:ana@example.test">e</a>',
      ].join(''),
    );
    assert.doesNotMatch(out, /logo\.png|images|tracker|reset|admin|\?q=1/);
    assert.match(out, /src="cid:captura@example\.test"/);
    assert.match(out, /href="https:\/\/example\.test\/ok"/);
    assert.match(out, /href="mailto:ana@example\.test"/);
    // An image without a usable source is dropped whole, not left as an empty tag.
    assert.equal((out.match(/<img/g) ?? []).length, 1);
  });

  test('HTML nested too deep to sanitize in bounded time is not shown; its text is', async () => {
    const deep = await parse(
      raw(
        ['Content-Type: text/html; charset=utf-8'],
        Buffer.from(`${'<div>'.repeat(100_000)}Texto al fondo &amp; más`),
      ),
    );
    assert.equal(deep.html, null);
    assert.equal(deep.text, 'Texto al fondo & más');
    // Sloppy HTML that leaves thousands of paragraphs and cells open is not deep.
    const sloppy = await parse(
      raw(['Content-Type: text/html; charset=utf-8'], `<table>${'<tr><td><p>celda'.repeat(3000)}</table>`),
    );
    assert.ok(sloppy.html?.includes('<td>'), 'kept as HTML');
  });

  test('file names: device names, trailing dots, invisible marks, cuts between whole characters', () => {
    for (const [name, expected] of [
      ['CONIN$', '_CONIN$'],
      ['conout$.txt', '_conout$.txt'],
      ['COM¹', '_COM¹'],
      ['LPT².log', '_LPT².log'],
      ['CON .txt', '_CON .txt'],
      ['aux', '_aux'],
      ['informe. . .', 'informe'],
      ['informe.pdf   ', 'informe.pdf'],
      ['fac\u200btura\u200f.pdf', 'factura.pdf'],
      ['\ufeffnota\u2060.txt', 'nota.txt'],
      ['fact\u202eFDP.exe', 'fact_FDP.exe'],
      ['a\u0000b.txt', 'a_b.txt'],
      ['COMPRA.txt', 'COMPRA.txt'],
      ['console.log', 'console.log'],
    ]) {
      assert.equal(safeFileName(name), expected, name);
    }
    const checkCut = (name: string) => {
      const out = safeFileName(name);
      assert.ok([...out].length <= 180, `${[...out].length} characters`);
      assert.ok(Buffer.byteLength(out) <= 240, `${Buffer.byteLength(out)} bytes`);
      assert.doesNotMatch(out, /\uFFFD/);
      assert.ok(out.endsWith('.pdf'), out);
      // Every character of the result is whole: re-encoding gives the same string.
      assert.equal(Buffer.from(out, 'utf8').toString('utf8'), out);
      return out;
    };
    checkCut(`${'a'.repeat(300)}.pdf`);
    const emoji = checkCut(`${'😀'.repeat(200)}.pdf`);
    assert.match(emoji, /^(😀)+\.pdf$/u);
    const family = checkCut(`${'👨‍👩‍👧'.repeat(60)}.pdf`);
    assert.match(family, /^(👨‍👩‍👧)+\.pdf$/u);
    const accents = checkCut(`${'e\u0301'.repeat(200)}.pdf`);
    assert.match(accents, /^(é)+\.pdf$/u);
    const combining = checkCut(`${'n\u0303\u0301'.repeat(100)}.pdf`);
    assert.match(combining.normalize('NFD'), /^(n\u0303\u0301)+\.pdf$/u);
  });

  test('a 998-character subject is folded into lines of at most 78 characters', async () => {
    for (const subject of [
      `[Caso #12] ${'x'.repeat(987)}`,
      `[Caso #12] ${'palabra '.repeat(124)}`.slice(0, 998),
      `[Caso #12] ${'ñandú'.repeat(197)}`,
    ]) {
      const headers = composeHeaders({ instanceId: 'inst', inReplyTo: undefined, references: [] });
      const message = await new MailComposer({
        from: corpus.HELPDESK,
        to: 'ana@example.test',
        subject: foldableSubject(subject),
        text: 'hola',
        headers,
      })
        .compile()
        .build();
      const head = message.toString('latin1').split('\r\n\r\n')[0] ?? '';
      for (const line of head.split('\r\n'))
        assert.ok(line.length <= 78, `${line.length}: ${line.slice(0, 40)}`);
      // The subject reads back exactly.
      const parsed = await parse(Buffer.concat([message]));
      assert.equal(parsed.subject, subject.trim());
    }
    // Ids from inbound mail too long to fold are not copied into In-Reply-To/References.
    const long = `<${'a'.repeat(990)}@example.test>`;
    const headers = composeHeaders({ instanceId: 'inst', inReplyTo: long, references: [long, '<ok@x>'] });
    assert.equal(headers['In-Reply-To'], undefined);
    assert.equal(headers.References, '<ok@x>');
  });

  test('requester: Reply-To when a robot or web form sends on a person’s behalf', () => {
    const person = { address: 'ana@gmail.test', name: 'Ana' };
    const base = { sender: null, replyTo: [person] };
    const req = (from: string, extra = {}) =>
      requesterOf({ ...base, from: { address: from }, ...extra }, [corpus.HELPDESK])?.address;
    assert.equal(req('no-reply@forms.test'), 'ana@gmail.test');
    assert.equal(req('noreply+web@forms.test'), 'ana@gmail.test');
    assert.equal(req('do_not_reply@portal.test'), 'ana@gmail.test');
    assert.equal(req('wordpress@empresa.test'), 'ana@gmail.test');
    // The help desk's own domain: its own web form.
    assert.equal(req('web-contacto@helpdesk.test'), 'ana@gmail.test');
    // A Sender in From's domain (a list or form server sending as another address of it).
    assert.equal(
      req('grupo@lists.test', { sender: { address: 'grupo+owners@lists.test' } }),
      'ana@gmail.test',
    );
    // A person's own mail with a Reply-To stays that person's.
    assert.equal(req('luis@empresa.test'), 'luis@empresa.test');
    // Several Reply-To addresses, a robot Reply-To, or one of ours: From.
    assert.equal(
      req('no-reply@forms.test', { replyTo: [person, { address: 'otro@gmail.test' }] }),
      'no-reply@forms.test',
    );
    assert.equal(
      req('no-reply@forms.test', { replyTo: [{ address: 'noreply@x.test' }] }),
      'no-reply@forms.test',
    );
    assert.equal(
      req('no-reply@forms.test', { replyTo: [{ address: corpus.HELPDESK }] }),
      'no-reply@forms.test',
    );
  });

  test('plain-text bounces and every automatic Precedence', () => {
    const mail = (
      from: string,
      subject: string,
      text: string,
      headers: { name: string; value: string }[] = [],
    ) => ({
      headers,
      from: { address: from },
      contentType: 'text/plain',
      reportType: null,
      deliveryStatus: null,
      subject,
      text,
    });
    const qmail = `Hi. This is the qmail-send program at mx.example.test.
I'm afraid I wasn't able to deliver your message to the following addresses.

<nadie@example.test>:
550 5.1.1 <nadie@example.test>: Recipient address rejected: User unknown

--- Below this line is a copy of the message.

Return-Path: <soporte@helpdesk.test>
Message-ID: <case.1.abc@helpdesk.test>
`;
    const bounce = classify(mail('MAILER-DAEMON@mx.example.test', 'failure notice', qmail), policy);
    assert.deepEqual(bounce, {
      kind: 'bounce',
      reason: 'plain-text bounce',
      recipient: 'nadie@example.test',
      status: '5.1.1',
      failed: true,
      delayed: false,
    });
    // postmaster, or an empty return path, with a bounce subject.
    assert.equal(
      classify(mail('postmaster@mx.test', 'Undeliverable: Su caso', 'Delivery has failed.\n550 no'), policy)
        .kind,
      'bounce',
    );
    assert.equal(
      classify(
        mail('mail@mx.test', 'Returned mail: see transcript', 'x', [{ name: 'return-path', value: '<>' }]),
        policy,
      ).kind,
      'bounce',
    );
    // A postmaster writing as a person is a person; an empty return path otherwise is automatic.
    assert.equal(classify(mail('postmaster@empresa.test', 'Consulta VPN', 'Hola'), policy).kind, 'person');
    assert.equal(
      classify(mail('x@mx.test', 'Hola', 'x', [{ name: 'return-path', value: '< >' }]), policy).kind,
      'auto_reply',
    );
    assert.deepEqual(readPlainBounce('Sorry.\n550 mailbox full <ana@example.test>\n'), {
      recipient: 'ana@example.test',
      status: '5.0.0',
      failed: true,
      delayed: false,
    });
    for (const value of ['auto_reply', 'Auto_Reply', 'auto-reply', 'auto_reply (x)']) {
      const verdict = classify(mail('a@b.test', 'x', 'x', [{ name: 'precedence', value }]), policy);
      assert.equal(verdict.kind, 'auto_reply', value);
    }
    for (const value of ['bulk', 'junk', 'list', 'bulk (x)']) {
      const verdict = classify(mail('a@b.test', 'x', 'x', [{ name: 'precedence', value }]), policy);
      assert.equal(verdict.kind, 'person', value);
    }
    assert.equal(
      classify(mail('a@b.test', 'x', 'x', [{ name: 'precedence', value: 'first-class' }]), policy).kind,
      'person',
    );
  });

  test('a plain bounce names the returned mail’s Message-ID and References', async () => {
    const parsed = await parse(
      raw(
        ['Content-Type: text/plain; charset=us-ascii', 'Return-Path: <>'],
        [
          'This is the mail system at host mx.example.test.',
          '',
          '<nadie@example.test>: host mx said: 550 5.1.1 User unknown',
          '',
          '----- Original message -----',
          '   From: soporte@helpdesk.test',
          '   Message-ID:',
          '    <case.7.x@helpdesk.test>',
          '   References: <a@ex.test> <b@ex.test>',
          '',
        ].join(CRLF),
      ),
    );
    assert.deepEqual(parsed.reportedMessageIds, ['<case.7.x@helpdesk.test>', '<a@ex.test>', '<b@ex.test>']);
  });
});
