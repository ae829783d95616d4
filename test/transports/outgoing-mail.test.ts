import assert from 'node:assert/strict';
import { test } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { composeMime, type OutgoingMail } from '../../src/transports/mime/outgoing-mail.js';

/** The same mail composed by nodemailer's `build()`, the way DRobot composed mail before. */
function built(mail: OutgoingMail): Promise<Buffer> {
  return new MailComposer({
    from: mail.fromName ? { name: mail.fromName, address: mail.from } : mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { ...mail.headers },
    attachments: (mail.attachments ?? []).map((a) => ({ ...a })),
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build();
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
