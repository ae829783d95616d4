import crypto from 'node:crypto';

/**
 * The test corpus: raw .eml Buffers the inbound suites deliver to a real server, built here byte by byte so
 * every charset, transfer encoding and MIME shape is exactly what the test says it is.
 */

const CRLF = '\r\n';
export const HELPDESK = 'soporte@helpdesk.test';

export interface MailSpec {
  readonly from?: string;
  readonly to?: string;
  readonly subject?: string;
  readonly messageId?: string;
  readonly date?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

let counter = 0;
/** A Message-ID unique to this process run. */
export function newMessageId(tag = 'm'): string {
  counter += 1;
  return `<${tag}.${counter}.${crypto.randomBytes(4).toString('hex')}@example.test>`;
}

function head(spec: MailSpec, contentHeaders: string[]): Buffer {
  const lines = [
    `From: ${spec.from ?? '=?UTF-8?Q?Ana_P=C3=A9rez?= <ana@example.test>'}`,
    `To: ${spec.to ?? `Soporte <${HELPDESK}>`}`,
    `Subject: ${spec.subject ?? 'Consulta'}`,
    `Date: ${spec.date ?? 'Tue, 06 Jan 2026 10:00:00 +0100'}`,
    `Message-ID: ${spec.messageId ?? newMessageId()}`,
    'MIME-Version: 1.0',
    ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ...contentHeaders,
  ];
  // Header names and values here are ASCII or deliberately raw 8-bit (latin1) bytes.
  return Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1');
}

function mail(spec: MailSpec, contentHeaders: string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    head(spec, contentHeaders),
    typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
  ]);
}

function b64lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** RFC 2047 B-encoding of a Unicode string in UTF-8. */
export function encodedWordUtf8(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** Quoted-printable of bytes (simple, line-safe: breaks long lines with soft breaks). */
function qp(bytes: Buffer): string {
  let out = '';
  let line = '';
  for (const byte of bytes) {
    let piece: string;
    if (byte === 0x0a) {
      out += line + CRLF;
      line = '';
      continue;
    }
    if (byte === 0x0d) continue;
    if ((byte >= 33 && byte <= 126 && byte !== 61) || byte === 32) piece = String.fromCharCode(byte);
    else piece = `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + piece.length > 75) {
      out += `${line}=${CRLF}`;
      line = '';
    }
    line += piece;
  }
  return out + line;
}

class Multipart {
  readonly boundary = `b_${crypto.randomBytes(6).toString('hex')}`;
  private readonly parts: Buffer[] = [];
  add(headers: string[], body: Buffer | string): this {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.parts.push(Buffer.concat([Buffer.from(headers.join(CRLF) + CRLF + CRLF, 'latin1'), bytes]));
    return this;
  }
  header(type: string, extra = ''): string {
    return `Content-Type: ${type}; boundary="${this.boundary}"${extra}`;
  }
  body(): Buffer {
    const chunks: Buffer[] = [Buffer.from(`This is a multi-part message in MIME format.${CRLF}`)];
    for (const part of this.parts)
      chunks.push(Buffer.from(`--${this.boundary}${CRLF}`), part, Buffer.from(CRLF));
    chunks.push(Buffer.from(`--${this.boundary}--${CRLF}`));
    return Buffer.concat(chunks);
  }
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

export function plainMail(
  spec: MailSpec = {},
  text = 'Hola,\nla impresora de la planta 2 no imprime.\nGracias.\n',
): Buffer {
  return mail(
    { subject: 'Impresora de la planta 2', ...spec },
    ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
    qp(utf8(text)),
  );
}

export function htmlOnlyMail(
  spec: MailSpec = {},
  html = '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>' +
    '<p>El <b>monitor</b> parpadea.</p><p onclick="x()">Adjunto <a href="javascript:alert(1)">nada</a>.</p>' +
    '<img src="https://tracker.example.test/p.gif"></body></html>',
): Buffer {
  return mail(
    { subject: 'Monitor parpadea', ...spec },
    ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64'],
    b64lines(utf8(html)),
  );
}

export function alternativeMail(spec: MailSpec = {}): Buffer {
  const mp = new Multipart()
    .add(
      ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'],
      utf8('Necesito acceso a la carpeta Finanzas.\n'),
    )
    .add(
      ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit'],
      utf8('<p>Necesito acceso a la carpeta <i>Finanzas</i>.</p>'),
    );
  return mail({ subject: 'Acceso a Finanzas', ...spec }, [mp.header('multipart/alternative')], mp.body());
}

/** Spanish in UTF-8: encoded-word subject and an RFC 2231 attachment name. */
export function spanishUtf8Mail(spec: MailSpec = {}): Buffer {
  const mp = new Multipart()
    .add(
      ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64'],
      b64lines(utf8('La contraseña caducó; ¿pueden restablecerla? Año 2026.\n')),
    )
    .add(
      [
        'Content-Type: application/pdf',
        'Content-Transfer-Encoding: base64',
        "Content-Disposition: attachment; filename*=UTF-8''informe%20a%C3%B1o%20%C3%BAltimo.pdf",
      ],
      b64lines(Buffer.from('%PDF-1.4 fake pdf for tests\n')),
    );
  return mail(
    { subject: encodedWordUtf8('Contraseña olvidada — año nuevo'), ...spec },
    [mp.header('multipart/mixed')],
    mp.body(),
  );
}

/** Spanish in ISO-8859-1: QP body, Q-encoded subject and attachment name. */
export function spanishLatin1Mail(spec: MailSpec = {}): Buffer {
  const mp = new Multipart()
    .add(
      ['Content-Type: text/plain; charset=ISO-8859-1', 'Content-Transfer-Encoding: quoted-printable'],
      qp(Buffer.from('El teléfono de recepción no da señal.\n', 'latin1')),
    )
    .add(
      [
        'Content-Type: text/plain; charset=ISO-8859-1; name="=?ISO-8859-1?Q?configuraci=F3n.txt?="',
        'Content-Transfer-Encoding: quoted-printable',
        'Content-Disposition: attachment; filename="=?ISO-8859-1?Q?configuraci=F3n.txt?="',
      ],
      qp(Buffer.from('extensión=204\n', 'latin1')),
    );
  return mail(
    { subject: '=?ISO-8859-1?Q?Tel=E9fono_de_recepci=F3n?=', ...spec },
    [mp.header('multipart/mixed')],
    mp.body(),
  );
}

/** Spanish in Windows-1252, 8-bit transfer: curly quotes and the euro sign only exist in this charset. */
export function spanishCp1252Mail(spec: MailSpec = {}): Buffer {
  const body = Buffer.concat([
    Buffer.from('La factura del port', 'latin1'),
    Buffer.from([0xe1]),
    Buffer.from('til cuesta 1.200 ', 'latin1'),
    Buffer.from([0x80, 0x20, 0x93]),
    Buffer.from('urgente', 'latin1'),
    Buffer.from([0x94, 0x2e, 0x0d, 0x0a]),
  ]);
  return mail(
    { subject: '=?windows-1252?Q?Factura_=93port=E1til=94_=80?=', ...spec },
    ['Content-Type: text/plain; charset=windows-1252', 'Content-Transfer-Encoding: 8bit'],
    body,
  );
}

export const JAPANESE_SUBJECT = 'プリンターが動きません';
export const JAPANESE_TEXT = 'こんにちは。\nプリンターが動きません。';

export function japaneseMail(spec: MailSpec = {}): Buffer {
  const body = Buffer.from(
    'GyRCJDMkcyRLJEEkTyEjGyhCDQobJEIlVyVqJXMlPyE8JCxGMCQtJF4kOyRzISMbKEINChskQiRoJG0kNyQvJCo0aiQkJDckXiQ5ISMbKEINCg==',
    'base64',
  );
  return mail(
    {
      from: 'Tanaka <tanaka@example.test>',
      subject: '=?ISO-2022-JP?B?GyRCJVclaiVzJT8hPCQsRjAkLSReJDskcxsoQg==?=',
      ...spec,
    },
    ['Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
    body,
  );
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function inlineImageMail(spec: MailSpec = {}): Buffer {
  const related = new Multipart()
    .add(
      ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 7bit'],
      '<p>Este es el error:</p><img src="cid:captura@example.test" alt="captura">',
    )
    .add(
      [
        'Content-Type: image/png; name="captura.png"',
        'Content-Transfer-Encoding: base64',
        'Content-ID: <captura@example.test>',
        'Content-Disposition: inline; filename="captura.png"',
      ],
      b64lines(PNG),
    );
  return mail(
    { subject: 'Error al abrir el ERP', ...spec },
    [related.header('multipart/related', '; type="text/html"')],
    related.body(),
  );
}

/** Deterministic pseudo-random bytes (an AES-CTR key stream), so the large attachment's content is known. */
export function bigBytes(size: number, seed = 'drobot'): Buffer {
  const key = crypto.createHash('sha256').update(seed).digest();
  const cipher = crypto.createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

export function largeAttachmentMail(
  spec: MailSpec = {},
  size = 3 * 1024 * 1024,
  seed = 'drobot',
  fileName = 'volcado.bin',
): Buffer {
  const mp = new Multipart()
    .add(['Content-Type: text/plain; charset=utf-8'], 'Adjunto el volcado de memoria.\r\n')
    .add(
      [
        `Content-Type: application/octet-stream; name="${fileName}"`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename="${fileName}"`,
      ],
      b64lines(bigBytes(size, seed)),
    );
  return mail({ subject: 'Volcado de memoria', ...spec }, [mp.header('multipart/mixed')], mp.body());
}

export function nestedMail(spec: MailSpec = {}): Buffer {
  const inner = new Multipart()
    .add(
      ['Content-Type: text/plain; charset=utf-8'],
      utf8('Texto del correo reenviado: el servidor de correo rechaza mis envíos.\r\n'),
    )
    .add(
      [
        'Content-Type: text/csv; name="rechazos.csv"',
        'Content-Disposition: attachment; filename="rechazos.csv"',
      ],
      'fecha,destino\r\n2026-01-05,x@example.test\r\n',
    );
  const innerMail = mail(
    { from: 'Jefe <jefe@example.test>', subject: 'Rechazos', messageId: newMessageId('inner') },
    [inner.header('multipart/mixed')],
    inner.body(),
  );
  const outer = new Multipart()
    .add(['Content-Type: text/plain; charset=utf-8'], 'Os reenvío el correo de mi jefe.\r\n')
    .add(['Content-Type: message/rfc822', 'Content-Disposition: inline'], innerMail);
  return mail({ subject: 'RV: Rechazos', ...spec }, [outer.header('multipart/mixed')], outer.body());
}

/** An out-of-office reply (RFC 3834 plus the Exchange markers), answering a mail the help desk sent. */
export function outOfOfficeMail(inReplyTo: string, spec: MailSpec = {}): Buffer {
  return mail(
    {
      subject: 'Respuesta automática: Su caso',
      ...spec,
      headers: {
        'Auto-Submitted': 'auto-replied',
        'X-Auto-Response-Suppress': 'All',
        'In-Reply-To': inReplyTo,
        References: inReplyTo,
        ...spec.headers,
      },
    },
    ['Content-Type: text/plain; charset=utf-8'],
    'Estoy fuera de la oficina hasta el lunes.\r\n',
  );
}

/**
 * A delivery status notification for a mail the help desk sent with `originalMessageId`: a failure (5.1.1)
 * unless `report` gives another action and status.
 */
export function dsnBounceMail(
  originalMessageId: string,
  failed = 'nadie@example.test',
  spec: MailSpec = {},
  report: { readonly action?: string; readonly status?: string } = {},
): Buffer {
  const { action = 'failed', status = '5.1.1' } = report;
  const mp = new Multipart()
    .add(['Content-Type: text/plain; charset=us-ascii'], `No se pudo entregar el mensaje a ${failed}.\r\n`)
    .add(
      ['Content-Type: message/delivery-status'],
      `Reporting-MTA: dns; mx.example.test\r\n\r\nFinal-Recipient: rfc822; ${failed}\r\nAction: ${action}\r\nStatus: ${status}\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n`,
    )
    .add(
      ['Content-Type: text/rfc822-headers'],
      `From: ${HELPDESK}\r\nTo: ${failed}\r\nSubject: Su caso\r\nMessage-ID: ${originalMessageId}\r\n`,
    );
  return mail(
    {
      from: 'Mail Delivery System <MAILER-DAEMON@mx.example.test>',
      subject: 'Undelivered Mail Returned to Sender',
      ...spec,
    },
    [mp.header('multipart/report', '; report-type=delivery-status')],
    mp.body(),
  );
}

/** What a global delivery report says, and how its parts are written. */
export interface GlobalReport {
  /** The Final-Recipient field's value, its address type included (`utf-8; jos\x{E9}@ejemplo.es`). */
  readonly finalRecipient: string;
  /** The returned headers' `To`, as the mail was sent. */
  readonly to: string;
  readonly action?: string;
  readonly status?: string;
  /** The transfer encoding of the status part and the returned headers: 8bit (UTF-8 as it is) unless base64. */
  readonly encoding?: '8bit' | 'base64';
  /** What is returned: the header section (message/global-headers, the default) or the whole message (message/global). */
  readonly returned?: 'headers' | 'message';
  /** Bytes of an attachment placed before the report's parts (a mail over a megabyte is parsed as a stream). */
  readonly padding?: number;
}

/**
 * A delivery report about a mail to an internationalized address, as RFC 6533 §6 has a server write it:
 * multipart/report; report-type=global-delivery-status, with a message/global-delivery-status part and the
 * returned header section as message/global-headers, both in UTF-8. A failure (5.1.1) unless `report` says
 * otherwise.
 */
export function globalDsnBounceMail(
  originalMessageId: string,
  report: GlobalReport,
  spec: MailSpec = {},
): Buffer {
  const { action = 'failed', status = '5.1.1', encoding = '8bit' } = report;
  const encode = (text: string) => (encoding === 'base64' ? b64lines(utf8(text)) + CRLF : text);
  const mp = new Multipart().add(
    ['Content-Type: text/plain; charset=utf-8'],
    `No se pudo entregar el mensaje a ${report.to}.\r\n`,
  );
  if (report.padding) {
    mp.add(
      ['Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64'],
      b64lines(Buffer.alloc(report.padding, 7)) + CRLF,
    );
  }
  mp.add(
    ['Content-Type: message/global-delivery-status', `Content-Transfer-Encoding: ${encoding}`],
    encode(
      `Reporting-MTA: dns; mx.example.test\r\n\r\nFinal-Recipient: ${report.finalRecipient}\r\n` +
        `Action: ${action}\r\nStatus: ${status}\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n`,
    ),
  ).add(
    [
      `Content-Type: ${report.returned === 'message' ? 'message/global' : 'message/global-headers'}`,
      `Content-Transfer-Encoding: ${encoding}`,
    ],
    encode(
      `From: ${HELPDESK}\r\nTo: ${report.to}\r\nSubject: Su caso\r\nMessage-ID: ${originalMessageId}\r\n` +
        (report.returned === 'message' ? `\r\nSu caso ha sido registrado.\r\n` : ''),
    ),
  );
  return mail(
    {
      from: 'Mail Delivery System <MAILER-DAEMON@mx.example.test>',
      subject: 'Undelivered Mail Returned to Sender',
      ...spec,
    },
    [mp.header('multipart/report', '; report-type=global-delivery-status')],
    mp.body(),
  );
}

/** A reply that names its case only by the subject tag. */
export function replyByTagMail(caseNumber: number, spec: MailSpec = {}): Buffer {
  return plainMail(
    { subject: `RE: [Caso #${caseNumber}] Impresora de la planta 2`, ...spec },
    'Ya funciona, gracias.\n\nEl mar, 6 ene 2026 a las 11:00, Soporte <soporte@helpdesk.test> escribió:\n> ¿Puede reiniciarla?\n',
  );
}

/** A reply that names its case only by In-Reply-To / References. */
export function replyByReferencesMail(parentMessageId: string, spec: MailSpec = {}): Buffer {
  return plainMail(
    {
      subject: 'RE: Acceso a Finanzas',
      ...spec,
      headers: { 'In-Reply-To': parentMessageId, References: parentMessageId, ...spec.headers },
    },
    'Sigo sin acceso.\n\nOn Tue, Jan 6, 2026 at 10:00 AM Soporte wrote:\n> Ya tiene acceso.\n',
  );
}

/** A person's mail that says so explicitly: `Auto-Submitted: no` must not be read as automatic. */
export function autoSubmittedNoMail(spec: MailSpec = {}): Buffer {
  return plainMail(
    { subject: 'Teclado roto', ...spec, headers: { 'Auto-Submitted': 'no', Precedence: 'first-class' } },
    'Se me ha roto el teclado.\n',
  );
}

/** A TNEF stream with the given files (attAttachRendData, attAttachTitle, attAttachData per file). */
export function tnefBytes(files: readonly { name: string; data: Buffer }[]): Buffer {
  const attr = (level: number, name: number, type: number, data: Buffer) => {
    const h = Buffer.alloc(9);
    h.writeUInt8(level, 0);
    h.writeUInt16LE(name, 1);
    h.writeUInt16LE(type, 3);
    h.writeUInt32LE(data.length, 5);
    let sum = 0;
    for (const b of data) sum = (sum + b) & 0xffff;
    const c = Buffer.alloc(2);
    c.writeUInt16LE(sum, 0);
    return Buffer.concat([h, data, c]);
  };
  const head = Buffer.alloc(6);
  head.writeUInt32LE(0x223e9f78, 0);
  head.writeUInt16LE(0x0001, 4);
  const parts = [head, attr(1, 0x9006, 0x0006, Buffer.from([0, 0, 0, 0]))];
  for (const f of files) {
    parts.push(attr(2, 0x9002, 0x0002, Buffer.alloc(14)));
    parts.push(attr(2, 0x8010, 0x0001, Buffer.from(`${f.name}\0`, 'latin1')));
    parts.push(attr(2, 0x800f, 0x0006, f.data));
  }
  return Buffer.concat(parts);
}

export function winmailMail(
  spec: MailSpec = {},
  files: readonly { name: string; data: Buffer }[] = [
    { name: 'inventario.xls', data: Buffer.from('hoja de calculo') },
  ],
): Buffer {
  const mp = new Multipart()
    .add(['Content-Type: text/plain; charset=utf-8'], 'Adjunto la hoja desde Outlook.\r\n')
    .add(
      [
        'Content-Type: application/ms-tnef; name="winmail.dat"',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment; filename="winmail.dat"',
      ],
      b64lines(tnefBytes(files)),
    );
  return mail({ subject: 'Inventario', ...spec }, [mp.header('multipart/mixed')], mp.body());
}

/** Bytes with no header section at all: not a mail. */
export function malformedMail(): Buffer {
  return Buffer.concat([
    Buffer.from('\u0000\u0001\u0002 esto no es un correo\r\n\r\n', 'latin1'),
    crypto.randomBytes(64),
  ]);
}

/**
 * A mail whose header section is over the MIME parser's limit for one part (1 MiB): the parser refuses it
 * with its own words ("Max header size for a MIME node exceeded").
 */
export function hugeHeaderMail(spec: MailSpec = {}): Buffer {
  const folded = Array.from({ length: 15_000 }, (_, i) => ` relleno-${i} ${'x'.repeat(70)}`).join(CRLF);
  return Buffer.concat([Buffer.from(`X-Relleno:${folded}${CRLF}`, 'latin1'), plainMail(spec)]);
}

/** The first-contact corpus: mails that each open a case, with what the case must show. */
export function firstContactCorpus(): { name: string; raw: Buffer; subject: string; text: RegExp }[] {
  return [
    { name: 'plain', raw: plainMail(), subject: 'Impresora de la planta 2', text: /no imprime/ },
    { name: 'html-only', raw: htmlOnlyMail(), subject: 'Monitor parpadea', text: /monitor parpadea/i },
    { name: 'alternative', raw: alternativeMail(), subject: 'Acceso a Finanzas', text: /carpeta Finanzas/ },
    {
      name: 'utf8',
      raw: spanishUtf8Mail(),
      subject: 'Contraseña olvidada — año nuevo',
      text: /contraseña caducó/,
    },
    {
      name: 'latin1',
      raw: spanishLatin1Mail(),
      subject: 'Teléfono de recepción',
      text: /teléfono de recepción no da señal/,
    },
    {
      name: 'cp1252',
      raw: spanishCp1252Mail(),
      subject: 'Factura “portátil” €',
      text: /portátil cuesta 1\.200 € “urgente”/,
    },
    { name: 'japanese', raw: japaneseMail(), subject: JAPANESE_SUBJECT, text: /プリンターが動きません/ },
    {
      name: 'inline-image',
      raw: inlineImageMail(),
      subject: 'Error al abrir el ERP',
      text: /Este es el error/,
    },
    { name: 'large', raw: largeAttachmentMail(), subject: 'Volcado de memoria', text: /volcado de memoria/ },
    { name: 'nested', raw: nestedMail(), subject: 'RV: Rechazos', text: /rechaza mis envíos/ },
    { name: 'winmail', raw: winmailMail(), subject: 'Inventario', text: /hoja desde Outlook/ },
    {
      name: 'auto-submitted-no',
      raw: autoSubmittedNoMail(),
      subject: 'Teclado roto',
      text: /roto el teclado/,
    },
  ];
}
