/**
 * The bench's mailbox: a generated help-desk corpus, the same sizes on every run (a seeded generator picks
 * them). Mostly Spanish text and HTML replies of 10–40 KB with quoted history, one in five a follow-up of
 * an earlier mail, one in fifty with a document of several hundred KB, one in five hundred with one of a
 * few MB (about 31 KB per mail on average). Attachment bytes are random (incompressible, never deduplicated). Pure apart from randomBytes.
 */
import crypto from 'node:crypto';

const CRLF = '\r\n';

/** A small seeded generator (mulberry32): the corpus's shape is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  'La impresora de la segunda planta no imprime desde esta mañana.',
  'He reiniciado el equipo dos veces y el error sigue apareciendo.',
  'No puedo acceder a la VPN desde casa; me dice que la contraseña ha caducado.',
  'El correo tarda mucho en llegar y algunos mensajes no aparecen en la bandeja.',
  'Necesitamos dar de alta a una nueva compañera en el departamento de contabilidad.',
  'La pantalla parpadea cuando conecto el portátil a la base.',
  'Adjunto el informe que pedisteis con los datos del último trimestre.',
  '¿Podéis revisar los permisos de la carpeta compartida de Recursos Humanos?',
  'El teléfono IP de la sala de reuniones no tiene tono.',
  'Gracias por la ayuda, ya funciona correctamente.',
  'Sigue sin funcionar después de la actualización de ayer por la tarde.',
  'The application crashes when I try to export the report to PDF.',
  'Please reset my password, I am locked out of my account.',
  'Could you check why the backup job failed last night?',
];

const NAMES = ['Ana Pérez', 'Luis García', 'María López', 'Jordi Puig', 'Carmen Ruiz', 'John Smith'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function paragraphText(rand: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line = '';
    while (line.length < 60) line += (line ? ' ' : '') + pick(rand, SENTENCES);
    lines.push(line);
    size += line.length + 1;
    if (rand() < 0.2) lines.push('');
  }
  return lines.join('\n');
}

/** A written part followed by quoted history the way mail clients add it. */
function replyText(rand: () => number, written: number, quoted: number, name: string): string {
  const text = paragraphText(rand, written);
  if (quoted === 0) return `${text}\n\nUn saludo,\n${name}\n`;
  const history = paragraphText(rand, quoted)
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return `${text}\n\nUn saludo,\n${name}\n\nEl lun, 5 ene 2026 a las 9:14, Soporte <soporte@helpdesk.test> escribió:\n${history}\n`;
}

function qp(text: string): string {
  // Quoted-printable of UTF-8 text, soft line breaks at 76.
  const bytes = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
  let out = '';
  let line = '';
  for (const b of bytes) {
    const ch =
      (b >= 33 && b <= 126 && b !== 61) || b === 32 || b === 13 || b === 10
        ? String.fromCharCode(b)
        : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (ch === '\n') {
      out += `${line}\n`;
      line = '';
      continue;
    }
    if (line.length + ch.length > 75 && ch !== '\r') {
      out += `${line}=\r\n`;
      line = '';
    }
    line += ch;
  }
  return out + line;
}

function b64(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function html(text: string): string {
  const body = text
    .split('\n')
    .map((l) => (l.startsWith('> ') ? `<blockquote>${l.slice(2)}</blockquote>` : `<p>${l}</p>`))
    .join('\n');
  return `<html><head><style>p{margin:0}</style></head><body>${body}</body></html>`;
}

export interface CorpusMail {
  readonly raw: Buffer;
  readonly messageId: string;
}

export interface CorpusOptions {
  readonly seed?: number;
  /** Run tag in every Message-ID, so two runs never look like the same mails. */
  readonly tag: string;
}

/** The i-th mail of a corpus (0-based); earlier mails' ids come from `idOf`. */
export function corpusMail(i: number, options: CorpusOptions): CorpusMail {
  const rand = seeded((options.seed ?? 14) * 1_000_003 + i);
  const idOf = (n: number) => `<bench.${n}.${options.tag}@example.test>`;
  const messageId = idOf(i);
  const name = pick(rand, NAMES);
  const from = `${name
    .normalize('NFD')
    .replace(/[^\w ]/g, '')
    .toLowerCase()
    .replace(' ', '.')}${i % 97}@example.test`;
  const followUp = i >= 5 && i % 5 === 0;
  const parent = followUp ? Math.floor(rand() * i) : -1;
  const subject = followUp ? `RE: Incidencia ${parent}` : `Incidencia ${i}`;
  const headers = [
    `From: =?UTF-8?B?${Buffer.from(name).toString('base64')}?= <${from}>`,
    'To: Soporte <soporte@helpdesk.test>',
    `Subject: ${subject}`,
    `Date: Tue, 06 Jan 2026 ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 +0100`,
    `Message-ID: ${messageId}`,
    ...(followUp ? [`In-Reply-To: ${idOf(parent)}`, `References: ${idOf(parent)}`] : []),
    'MIME-Version: 1.0',
  ];
  const written = 400 + Math.floor(rand() * 2500);
  const quoted = rand() < 0.6 ? Math.floor(4000 + rand() * 16000) : 0;
  const text = replyText(rand, written, quoted, name);
  const kind = rand();
  const boundary = `b${i}x${options.tag}`;
  let attachment: Buffer | undefined;
  if (i % 500 === 249) attachment = crypto.randomBytes(1_500_000 + Math.floor(rand() * 1_500_000));
  else if (i % 50 === 7) attachment = crypto.randomBytes(150_000 + Math.floor(rand() * 300_000));
  const textPart = [
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(text),
  ].join(CRLF);
  const htmlPart = [
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(html(text)),
  ].join(CRLF);
  let body: string;
  if (kind < 0.45) body = textPart;
  else if (kind < 0.55) body = htmlPart;
  else
    body = [
      `Content-Type: multipart/alternative; boundary="a${boundary}"`,
      '',
      `--a${boundary}`,
      textPart,
      `--a${boundary}`,
      htmlPart,
      `--a${boundary}--`,
      '',
    ].join(CRLF);
  if (attachment) {
    body = [
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      body,
      `--${boundary}`,
      `Content-Type: application/pdf; name="informe-${i}.pdf"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="informe-${i}.pdf"`,
      '',
      b64(attachment),
      `--${boundary}--`,
      '',
    ].join(CRLF);
  }
  // The body starts with its own Content-Type lines: they end the top-level header block.
  const raw = `${headers.join(CRLF)}${CRLF}${body}`;
  return { raw: Buffer.from(raw, 'utf8'), messageId };
}

/** One mail of `bytes` bytes (a short text and one attachment filling the rest). */
export function bigMail(bytes: number, tag: string): Buffer {
  const boundary = `big${tag}`;
  // Base64 in 76-character lines: 57 bytes become 78 on the wire.
  const attachment = crypto.randomBytes(Math.max(0, Math.floor(((bytes - 1000) * 57) / 78)));
  return Buffer.from(
    [
      'From: Ana <ana@example.test>',
      'To: Soporte <soporte@helpdesk.test>',
      'Subject: Copia de seguridad completa',
      `Message-ID: <big.${tag}@example.test>`,
      'Date: Tue, 06 Jan 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Adjunto la copia completa.',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="copia.bin"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="copia.bin"',
      '',
      b64(attachment),
      `--${boundary}--`,
      '',
    ].join(CRLF),
    'latin1',
  );
}
