import * as corpus from './corpus.js';

/**
 * Mutated mails for the hostile-input tier: seeds from the corpus plus hand-made hostile shapes, changed by
 * a seeded generator, so a failing mail can be made again from its seed and index alone.
 */

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeded random strings of up to `maxLength` pieces of `alphabet`: inputs on which a function is compared
 * with the pattern it replaces.
 */
export function randomStrings(
  alphabet: readonly string[],
  count: number,
  seed: number,
  maxLength = 24,
): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: int(r, maxLength) }, () => pick(r, alphabet)).join(''),
  );
}

type Random = () => number;
const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, list: readonly T[]): T => list[int(r, list.length)] as T;

/** Largest mutated mail: the fuzz run measures robustness, not throughput. */
const MAX_BYTES = 512 * 1024;

const CRLF = '\r\n';
const hostileHeaders: readonly string[] = [
  `Subject: ${'x'.repeat(998)}`,
  `Subject: =?UTF-16BE?B?${Buffer.from([0xd8, 0x00, 0x00, 0x41]).toString('base64')}?=`,
  'Subject: =?UTF-8?B?AAAA?=',
  'Subject: =?x-desconocido?Q?=FF=FE?=',
  'Content-Type: text/plain; charset=utf-7',
  'Content-Type: text/plain; charset="iso-2022-kr"',
  'Content-Type: text/plain; charset=',
  'Content-Type: application/pdf\u0000\u001b[31m; name="a\u0000.pdf"',
  'Content-Type: multipart/mixed; boundary=""',
  `Content-Type: multipart/mixed; boundary="${'b'.repeat(900)}"`,
  'Content-Type: multipart/report; report-type=delivery-status; boundary=x',
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Transfer-Encoding: x-uuencode',
  "Content-Disposition: attachment; filename*=utf-8''%00%FF%2e%2e%2fCON.txt",
  'Content-Disposition: inline; filename="\u202egpj.exe"',
  'From: <>',
  'From: "\u0000" <@>',
  'From: MAILER-DAEMON@mx.example.test',
  'Return-Path: <>',
  'Reply-To: a@example.test, b@example.test',
  'Reply-To: no-reply@example.test',
  'Precedence: auto_reply',
  'Auto-Submitted: auto-replied',
  `References: ${Array.from({ length: 300 }, (_, i) => `<r${i}@x>`).join(' ')}`,
  `Message-ID: <${'m'.repeat(2000)}@x>`,
  'Message-ID: ',
  'Date: Tue, 99 Foo 99999 99:99:99 +9999',
  `X-Long: ${'a '.repeat(40000)}`,
];

/** Mails to start from: the corpus, and shapes that have hurt mail parsers before. */
export function seedMails(): Buffer[] {
  const nested = (depth: number) => {
    let body = 'Texto al fondo.\r\n';
    let type = 'text/plain';
    for (let i = 0; i < depth; i++) {
      const b = `n${i}`;
      body = `--${b}${CRLF}Content-Type: ${type}${CRLF}${CRLF}${body}${CRLF}--${b}--${CRLF}`;
      type = `multipart/mixed; boundary="${b}"`;
    }
    return Buffer.from(
      `From: ana@example.test${CRLF}Subject: anidado${CRLF}Content-Type: ${type}${CRLF}${CRLF}${body}`,
    );
  };
  const mails = [
    ...corpus.firstContactCorpus().map((c) => c.raw),
    corpus.plainMail(),
    corpus.inlineImageMail(),
    corpus.nestedMail(),
    corpus.winmailMail(),
    corpus.dsnBounceMail('<case.1.x@helpdesk.test>'),
    corpus.outOfOfficeMail('<x@y>'),
    // Not a mail: bytes with no header section (the corpus's version ends in random bytes).
    Buffer.concat([
      Buffer.from('\u0000\u0001\u0002 esto no es un correo\r\n\r\n', 'latin1'),
      Buffer.alloc(64, 0xa5),
    ]),
    nested(60),
    Buffer.from(`From: ana@example.test${CRLF}Subject: sin cuerpo${CRLF}`),
    // Shapes whose cost once grew with the square of their size: blank lines for the reply parser, deep
    // nesting for the HTML sanitizer (each took minutes; the run's per-mail deadline catches them).
    Buffer.from(
      `From: ana@example.test${CRLF}Subject: huecos${CRLF}${CRLF}Hola${CRLF.repeat(60000)}fin${CRLF}`,
    ),
    Buffer.from(
      `From: ana@example.test${CRLF}Content-Type: text/html${CRLF}${CRLF}${'<div>'.repeat(80000)}hondo${CRLF}`,
    ),
    Buffer.from(
      `From: ana@example.test${CRLF}Content-Type: text/html${CRLF}${CRLF}${'<div>'.repeat(5000)}<img src="x.png" onerror=alert(1)>`,
    ),
  ];
  // The corpus draws its boundaries and Message-IDs at random: fixed here, so a seed makes the same bytes.
  return mails.map((mail, k) => {
    let n = 0;
    const boundaries = new Map<string, string>();
    const text = mail
      .toString('latin1')
      .replace(/b_[0-9a-f]{12}/g, (b) => {
        if (!boundaries.has(b)) boundaries.set(b, `b_fuzz_${k}_${boundaries.size}`);
        return boundaries.get(b) ?? b;
      })
      .replace(
        /<([a-z]+)\.\d+\.[0-9a-f]{8}@example\.test>/g,
        (_, tag: string) => `<${tag}.${k}.${n++}@example.test>`,
      );
    return Buffer.from(text, 'latin1');
  });
}

/** One mutation of a mail's bytes; the result never exceeds MAX_BYTES. */
function mutateOnce(r: Random, mail: Buffer, seeds: readonly Buffer[]): Buffer {
  const at = () => int(r, mail.length + 1);
  const bytes = () => {
    const n = 1 + int(r, 16);
    return Buffer.from(
      Array.from({ length: n }, () => pick(r, [0, 0x0a, 0x0d, 0x20, 0x3d, 0x2d, 0xff, 0x80, int(r, 256)])),
    );
  };
  switch (int(r, 10)) {
    case 0: {
      // Flip bytes.
      const out = Buffer.from(mail);
      for (let i = 0, n = 1 + int(r, 8); i < n && out.length > 0; i++) out[int(r, out.length)] = int(r, 256);
      return out;
    }
    case 1: {
      const p = at();
      return Buffer.concat([mail.subarray(0, p), bytes(), mail.subarray(p)]);
    }
    case 2: {
      // Delete a range.
      const p = at();
      return Buffer.concat([mail.subarray(0, p), mail.subarray(p + int(r, 256))]);
    }
    case 3:
      return mail.subarray(0, at());
    case 4: {
      // Repeat a slice many times (long lines, many parts, deep structures).
      const p = at();
      const slice = mail.subarray(p, p + 1 + int(r, 200));
      const times = 1 + int(r, 2000);
      return Buffer.concat([
        mail.subarray(0, p),
        ...Array.from({ length: times }, () => slice),
        mail.subarray(p),
      ]);
    }
    case 5:
    case 6: {
      // A hostile header line at the top or just before the body.
      const header = Buffer.from(`${pick(r, hostileHeaders)}${CRLF}`, 'utf8');
      const end = mail.indexOf('\r\n\r\n');
      const p = r() < 0.5 || end < 0 ? 0 : end + 2;
      return Buffer.concat([mail.subarray(0, p), header, mail.subarray(p)]);
    }
    case 7: {
      // Splice another mail in.
      const other = pick(r, seeds);
      const p = at();
      return Buffer.concat([mail.subarray(0, p), other.subarray(int(r, other.length))]);
    }
    case 8: {
      // Break line endings: bare LF, bare CR, or none.
      const text = mail.toString('latin1');
      const ending = pick(r, ['\n', '\r', '']);
      return Buffer.from(
        text.replace(/\r\n/g, () => (r() < 0.3 ? ending : '\r\n')),
        'latin1',
      );
    }
    default: {
      // A boundary line somewhere it does not belong, or a boundary cut short.
      const m = /boundary="?([^";\r\n]+)/i.exec(mail.toString('latin1'));
      const boundary = m?.[1] ?? 'x';
      const p = at();
      const line = pick(r, [
        `\r\n--${boundary}\r\n`,
        `\r\n--${boundary}--\r\n`,
        `\r\n--${boundary.slice(0, -1)}\r\n`,
      ]);
      return Buffer.concat([mail.subarray(0, p), Buffer.from(line, 'latin1'), mail.subarray(p)]);
    }
  }
}

/** The `index`-th mutated mail of a run with `seed`: one to five mutations of one seed mail. */
export function mutatedMail(seed: number, index: number, seeds: readonly Buffer[]): Buffer {
  const r = rng((seed * 1_000_003 + index) >>> 0);
  let mail = pick(r, seeds);
  for (let i = 0, n = 1 + int(r, 5); i < n; i++) {
    mail = mutateOnce(r, mail, seeds);
    if (mail.length > MAX_BYTES) mail = mail.subarray(0, MAX_BYTES);
  }
  return mail;
}
