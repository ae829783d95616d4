import assert from 'node:assert/strict';
import { test } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { seeded } from '../../bench/corpus.js';
import { composeHeaders, foldableSubject } from '../../src/notifications/mail.compose.js';
import { BUILTIN_TEMPLATES } from '../../src/notifications/templates/builtin.templates.js';
import { renderNotification } from '../../src/notifications/templates/template.render.js';
import { writeAlternativeMail, writesDirectly } from '../../src/transports/mime/alternative-mail.js';
import { composeMime, composerOptions, type OutgoingMail } from '../../src/transports/mime/outgoing-mail.js';

/** What nodemailer's MailComposer gives for the mail, with this boundary base and this date. */
function composedByNodemailer(mail: OutgoingMail, base: string, date: Date): Promise<Buffer> {
  return new MailComposer({ ...composerOptions(mail), baseBoundary: base, date }).compile().build();
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

const NAMES = [
  '',
  'Mesa de servicio',
  'Soporte Técnico',
  'Soporte "24h", Madrid',
  'Ünïcödé Ñandú 🛠',
  'a'.repeat(90),
  'Servicio; de (guardia) <TI>',
];
const SUBJECTS = [
  '[Caso #1] Incidencia',
  'Caso #1000: Incidencia con ñ y acentos áéíóú',
  `${'palabra '.repeat(20)}fin`,
  `${'ñandú '.repeat(30)}`,
  '=?UTF-8?Q?no_es_una_palabra_codificada?=',
  'con\ttabulador y  dos espacios',
  '中文主题 — 案例 #42',
  foldableSubject(`[#7] ${'x'.repeat(300)}`),
];
const TEXTS = [
  'Hola,\n\nSe ha creado el caso 1000.\n',
  'Hola Ana Pérez,\n\nSu caso está abierto.\n',
  `${'y'.repeat(120)}\nlínea larga arriba`,
  'trailing spaces   \nand a tab\t\nend  ',
  '.\n..\nFrom here\nfrom there\n',
  '汉字汉字汉字汉字 — 中文文本，没有拉丁字母。',
  'control \u0001 \u0007 chars',
  'mixed\r\nline\rbreaks\n',
  'x',
  // As many Latin letters as other characters: the tie goes to base64.
  'abcd éèêë',
];
const HTMLS = [
  '<p>Hola</p>',
  '<p>Hola <b>Ana Pérez</b></p>',
  `<table>${'<tr><td>celda</td></tr>'.repeat(40)}</table>`,
  '<p>中文内容</p>',
  `<div style="color: red">${'ä'.repeat(200)}</div>`,
];

/** Notifications as the outbox composes them: every built-in template, in both languages. */
function renderedNotifications(): OutgoingMail[] {
  const data = {
    'case-created': { caseId: 1234, caseSubject: 'La impresora — no imprime', requesterName: 'Ana Pérez' },
    'case-updated': {
      caseId: 1234,
      caseSubject: 'Printer',
      change: 'reply',
      agentName: 'Marta',
      message: 'Hemos cambiado el tóner.\n\nUn saludo',
      quoted: 'No imprime desde ayer.',
      caseUrl: 'https://helpdesk.example.test/cases/1234',
    },
    'account-verification': {
      userName: 'Luis',
      link: 'https://helpdesk.example.test/verify?token=abc',
      code: '123456',
      expiresAt: '2026-12-02T10:00:00Z',
    },
    'password-recovery': {
      userName: 'Luis',
      link: 'https://helpdesk.example.test/reset?token=abc',
      expiresAt: '2026-12-02T10:00:00Z',
    },
    alarm: {
      severity: 'critical',
      source: 'Buzón soporte',
      time: '2026-12-01T10:00:00Z',
      message: 'La cuenta soporte falla desde hace 1 h',
    },
  } as const;
  const mails: OutgoingMail[] = [];
  for (const [type, input] of Object.entries(data)) {
    for (const lang of ['es', 'en'] as const) {
      let rendered;
      try {
        rendered = renderNotification(BUILTIN_TEMPLATES, type as keyof typeof data, lang, input);
      } catch (error) {
        throw new Error(`${type}: ${String(error)}`);
      }
      mails.push({
        from: 'soporte@helpdesk.test',
        fromName: 'Soporte',
        to: 'ana@example.test',
        subject: foldableSubject(rendered.subject),
        text: rendered.text,
        html: rendered.html,
        messageId: `<${type}.${lang}@helpdesk.test>`,
        headers: composeHeaders({
          instanceId: 'inst-1',
          inReplyTo: '<prev@example.test>',
          references: ['<root@example.test>', '<mid@example.test>'],
        }),
      });
    }
  }
  return mails;
}

/** A generated corpus of notification-shaped mails (seeded: the same every run). */
function generatedMails(count: number): OutgoingMail[] {
  const random = seeded(2026);
  return Array.from({ length: count }, (_, i) => {
    const references = Array.from(
      { length: Math.floor(random() * 25) },
      (_, r) => `<ref${r}.${i}@example.test>`,
    );
    const headers: Record<string, string> = composeHeaders({
      instanceId: `instance-${i % 3}`,
      inReplyTo: random() < 0.5 ? `<reply.${i}@example.test>` : undefined,
      references,
    });
    if (random() < 0.2) headers['x-custom header'] = pick(random, ['valor', 'válido ñ', 'x'.repeat(100)]);
    if (random() < 0.1) headers['X-SMTPAPI'] = '{"a":1}';
    return {
      from: pick(random, ['soporte@helpdesk.test', 'Mesa.Ayuda+tic@Helpdesk.Example.test']),
      fromName: pick(random, NAMES),
      to: pick(random, [`usuario${i}@example.test`, `Ana.Perez+${i}@Example.TEST`, `ana@ñandú.test`]),
      subject: pick(random, SUBJECTS),
      text: pick(random, TEXTS),
      html: pick(random, HTMLS),
      messageId: `<n${i}.${Math.floor(random() * 1e9)}@helpdesk.test>`,
      headers,
    };
  });
}

test('a text and an HTML alternative without files are written with the bytes MailComposer gives', async () => {
  const mails = [...renderedNotifications(), ...generatedMails(800)];
  const date = new Date('2026-12-01T10:11:12.345Z');
  for (const [i, mail] of mails.entries()) {
    assert.ok(writesDirectly(mail), `mail ${i} is written directly`);
    const base = `${i.toString(16).padStart(8, '0')}deadbeef`;
    const expected = (await composedByNodemailer(mail, base, date)).toString('latin1');
    assert.equal(
      Buffer.from(writeAlternativeMail(mail, base, date)).toString('latin1'),
      expected,
      `mail ${i}`,
    );
  }
});

test('a plain recipient (lowercase dot-atom, lowercase ASCII domain) is written as nodemailer writes it', async () => {
  const random = seeded(7);
  const word = () =>
    Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(random, [...'abcxyz0189'])).join('');
  const joined = (separators: readonly string[]) =>
    Array.from({ length: 1 + Math.floor(random() * 4) }, word).join(pick(random, separators));
  const [base] = renderedNotifications() as [OutgoingMail];
  const date = new Date('2026-12-01T10:11:12.345Z');
  for (let i = 0; i < 2000; i++) {
    // Some domains end in a name of letters (written as they are), others in a number (read as IPv4).
    const tld = random() < 0.7 ? pick(random, ['test', 'es', 'example', 'co']) : word();
    const to = `${joined(['.', '_', '+', '-'])}@${joined(['.', '-'])}.${tld}`;
    const mail = { ...base, to };
    const expected = (await composedByNodemailer(mail, 'beef', date)).toString('latin1');
    assert.equal(writeAlternativeMail(mail, 'beef', date), expected, to);
  }
});

test('the Date field follows the clock, second by second, as MailComposer writes it', async () => {
  const mail = renderedNotifications()[0] as OutgoingMail;
  for (const iso of ['2026-01-05T00:00:00.000Z', '2026-01-05T00:00:00.999Z', '2026-07-31T23:59:59.500Z']) {
    const date = new Date(iso);
    const expected = (await composedByNodemailer(mail, 'cafe', date)).toString('latin1');
    assert.equal(writeAlternativeMail(mail, 'cafe', date), expected, iso);
  }
});

test('any other shape is left to MailComposer, and composeMime still gives its bytes', async () => {
  const [base] = renderedNotifications() as [OutgoingMail];
  const others: Array<[string, OutgoingMail]> = [
    [
      'a file',
      { ...base, attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('a') }] },
    ],
    ['no text', { ...base, text: '' }],
    ['no HTML', { ...base, html: '' }],
    ['no sender name and no subject', { ...base, fromName: undefined, subject: '' }],
    ['a large body', { ...base, text: 'é'.repeat(40_000) }],
    ['a Date of its own', { ...base, headers: { ...base.headers, date: 'Mon, 1 Jan 2024 00:00:00 +0000' } }],
    ['a Content-Type header', { ...base, headers: { 'content-type': 'text/plain' } }],
    ['a blank header', { ...base, headers: { 'X-Blank': '  ' } }],
    ['a Cc header', { ...base, headers: { CC: 'otro@example.test' } }],
    ['a Content-ID header', { ...base, headers: { 'content-id': '<x@example.test>' } }],
  ];
  const normalized = (raw: Buffer) =>
    raw
      .toString('latin1')
      .replace(/--_NmP-[0-9a-f]+-Part_\d+/g, 'BOUNDARY')
      .replace(/^Date: .*$/m, 'Date: …');
  for (const [what, mail] of others) {
    assert.equal(writesDirectly(mail), false, what);
    const built = await new MailComposer(composerOptions(mail)).compile().build();
    assert.equal(normalized((await composeMime(mail)).raw), normalized(built), what);
  }
  // The shape written directly goes through composeMime too.
  assert.ok(writesDirectly(base));
  const built = await new MailComposer(composerOptions(base)).compile().build();
  assert.equal(normalized((await composeMime(base)).raw), normalized(built));
});
