import assert from 'node:assert/strict';
import { test } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { composeMime, composerOptions, type OutgoingMail } from '../../src/transports/mime/outgoing-mail.js';

/** The same mail composed by nodemailer's `build()`, the way DRobot composed mail before. */
function built(mail: OutgoingMail): Promise<Buffer> {
  return new MailComposer(composerOptions(mail)).compile().build();
}

/** Boundaries and the Date header differ from one composition to the next; the rest must not. */
function comparable(raw: Buffer): string {
  return raw
    .toString('latin1')
    .replace(/--_NmP-[0-9a-f]+-Part_\d+/g, 'BOUNDARY')
    .replace(/^Date: .*$/m, 'Date: …');
}

test('a composed mail has the bytes build() gives, ending on a line break', async () => {
  const mails: OutgoingMail[] = [
    {
      from: 'soporte@helpdesk.test',
      fromName: 'Mesa de servicio',
      to: 'ana@example.test',
      subject: '[#42] La impresora no imprime — ñandú '.repeat(4),
      text: 'Hola Ana,\n.\nuna línea con un punto solo, y acentos: áéíóú\n',
      html: '<p>Hola <b>Ana</b></p>',
      messageId: '<m1@helpdesk.test>',
      headers: { 'Auto-Submitted': 'auto-generated', 'In-Reply-To': '<a@b.test>' },
      attachments: [
        { filename: 'informe.pdf', contentType: 'application/pdf', content: Buffer.alloc(70_000, 7) },
      ],
    },
    {
      from: 'soporte@helpdesk.test',
      to: 'luis@example.test',
      subject: 'Sin adjuntos',
      text: 'x'.repeat(5000),
      html: '',
      messageId: '<m2@helpdesk.test>',
      headers: {},
    },
  ];
  for (const mail of mails) {
    const composed = await composeMime(mail);
    assert.equal(comparable(composed.raw), comparable(await built(mail)));
    assert.ok(composed.raw.subarray(-2).equals(Buffer.from('\r\n')));
    assert.deepEqual(composed.envelope, { from: mail.from, to: [mail.to] });
    assert.equal(composed.messageId, mail.messageId);
  }
});

test('bodies at the edges of quoted-printable and base64 compose as build() composes them', async () => {
  const base = {
    from: 'soporte@helpdesk.test',
    to: 'ana@example.test',
    subject: 'Bordes',
    messageId: '<edge@helpdesk.test>',
    headers: {},
  };
  const texts = [
    'trailing spaces   \nand a tab\t\nand at the very end  ',
    'tab at the end\t',
    'mixed\r\nline\rbreaks\nhere\r\n\r\n',
    `${'é'.repeat(60)} ${'a'.repeat(200)}=${'='.repeat(80)}`,
    '.\n..\n. \nfrom the start\nFrom here',
    'x'.repeat(70_000), // past the encoder's slice: the stream path
    '',
  ];
  const mails: OutgoingMail[] = texts.flatMap((text) => [
    { ...base, text, html: '' },
    { ...base, text: '', html: text },
    { ...base, text, html: `<p>${text}</p>` },
  ]);
  mails.push({
    ...base,
    text: 'con adjuntos',
    html: '',
    attachments: [
      { filename: 'nota.txt', contentType: 'text/plain', content: Buffer.from('línea 1  \r\nlínea 2\t') },
      {
        filename: 'datos.bin',
        contentType: 'application/octet-stream',
        content: Buffer.from([0, 13, 10, 255]),
      },
      { filename: 'vacío.txt', contentType: 'text/plain', content: Buffer.alloc(0) },
    ],
  });
  for (const mail of mails) {
    assert.equal(comparable((await composeMime(mail)).raw), comparable(await built(mail)));
  }
});

test('each composed mail gets boundaries of its own', async () => {
  const mail: OutgoingMail = {
    from: 'soporte@helpdesk.test',
    to: 'ana@example.test',
    subject: 'Dos partes',
    text: 'texto',
    html: '<p>texto</p>',
    messageId: '<b@helpdesk.test>',
    headers: {},
  };
  const boundaries = new Set<string>();
  for (let i = 0; i < 1_000; i++) {
    const raw = (await composeMime(mail)).raw.toString('latin1');
    const boundary = /boundary="([^"]+)"/.exec(raw)?.[1];
    assert.ok(boundary && raw.includes(`--${boundary}--`));
    boundaries.add(boundary);
  }
  assert.equal(boundaries.size, 1_000);
});
