import assert from 'node:assert/strict';
import type { Transform } from 'node:stream';
import { describe, test } from 'node:test';
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import { decodeBase64, decodeQuotedPrintable } from '../../src/inbound/parse/transfer-decode.js';
import { rng } from '../support/fuzz.js';

/**
 * The byte decoders must give, for every body, the bytes the decoder mailsplit hands the streaming parser
 * gives when fed the same body in the same chunks: generated bodies, cut at random, go through both.
 */

type Encoding = 'quoted-printable' | 'base64';
type Random = () => number;

const ours: Record<Encoding, (body: Buffer) => Buffer> = {
  'quoted-printable': decodeQuotedPrintable,
  base64: decodeBase64,
};

/** The decoder mailsplit gives a node of this transfer encoding, read from a real header block. */
async function libraryDecoder(encoding: Encoding): Promise<Transform> {
  const splitter = new Splitter();
  const nodes: MimeNode[] = [];
  splitter.on('data', (chunk) => {
    if (chunk.type === 'node') nodes.push(chunk);
  });
  // Its typings name only the chunk events; 'end' is the Transform's own.
  const done = new Promise((resolve) => (splitter as Transform).on('end', resolve));
  splitter.end(Buffer.from(`Content-Type: text/plain\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\nx`));
  await done;
  const node = nodes[0];
  assert.ok(node, 'the splitter gives the node');
  return node.getDecoder() as Transform;
}

/** What the library decoder streams out for the chunks, written one by one. */
async function libraryDecode(encoding: Encoding, chunks: readonly Buffer[]): Promise<Buffer> {
  const decoder = await libraryDecoder(encoding);
  const out: Buffer[] = [];
  decoder.on('data', (data: Buffer) => out.push(data));
  const done = new Promise((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  for (const chunk of chunks) decoder.write(chunk);
  decoder.end();
  await done;
  return Buffer.concat(out);
}

async function assertSame(encoding: Encoding, chunks: readonly Buffer[], label: string): Promise<void> {
  const expected = await libraryDecode(encoding, chunks);
  const actual = ours[encoding](Buffer.concat(chunks));
  if (!actual.equals(expected)) {
    const body = Buffer.concat(chunks).toString('latin1');
    assert.fail(
      `${label}: ${JSON.stringify(body)} in chunks of ${chunks.map((c) => c.length).join(',')}: ` +
        `library ${expected.toString('hex')}, ours ${actual.toString('hex')}`,
    );
  }
}

const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, list: readonly T[]): T => list[int(r, list.length)] as T;

/** The body cut at random places, some cuts as small as a byte; now and then an empty chunk. */
function cut(r: Random, body: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const size = r() < 0.1 ? 0 : 1 + int(r, r() < 0.5 ? 4 : 40);
    chunks.push(body.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

function byteByByte(body: Buffer): Buffer[] {
  return Array.from({ length: body.length }, (_, i) => body.subarray(i, i + 1));
}

function randomBytes(r: Random, max: number): Buffer {
  const bytes = Buffer.alloc(int(r, max));
  for (let i = 0; i < bytes.length; i++) bytes[i] = int(r, 256);
  return bytes;
}

/** Pieces quoted-printable bodies are made of, well-formed or not. */
const QP_PIECES: readonly string[] = [
  'Hola',
  'a',
  '9',
  '=3D',
  '=C3=A9',
  '=e9',
  '=4',
  '=G1',
  '==',
  '=',
  '=\r\n',
  '=\n',
  '=\r',
  '= \r\n',
  '=\t\n',
  ' ',
  '\t',
  '  \t ',
  '\r\n',
  '\n',
  '\r',
  ' \r\n',
  '\t\r',
  '\u0080',
  '\u00ff',
  '\u0000',
  '-',
  '_',
  '/',
];

function randomQuotedPrintable(r: Random, pieces: number): Buffer {
  let text = '';
  const count = int(r, pieces);
  for (let i = 0; i < count; i++) text += pick(r, QP_PIECES);
  return Buffer.from(text, 'latin1');
}

/** Bytes dropped into base64 bodies; half the bodies get no `-` or `_`, so bodies of both kinds come out. */
const BASE64_DAMAGE: readonly string[] = [
  '=',
  '==',
  '-',
  '_',
  ' ',
  '\t',
  '\r\n',
  '.',
  '*',
  '\u0080',
  '\u00c1',
  '\u00ff',
  '\u0000',
  'Q',
  'QQ',
];

/** Base64 of random bytes, wrapped or not, with padding, junk and damage dropped in at random. */
function randomBase64(r: Random): Buffer {
  let text = '';
  const segments = 1 + int(r, 4);
  for (let s = 0; s < segments; s++) text += randomBytes(r, 60).toString('base64');
  if (r() < 0.5) {
    const width = 1 + int(r, 80);
    text = text.replace(new RegExp(`.{${width}}`, 'g'), `$&${pick(r, ['\r\n', '\n', '\r', ' \r\n'])}`);
  }
  const damage = r() < 0.5 ? BASE64_DAMAGE : BASE64_DAMAGE.filter((piece) => piece !== '-' && piece !== '_');
  const edits = int(r, 6);
  for (let i = 0; i < edits; i++) {
    const at = int(r, text.length + 1);
    const removeOne = r() < 0.2;
    text = text.slice(0, at) + (removeOne ? '' : pick(r, damage)) + text.slice(removeOne ? at + 1 : at);
  }
  return Buffer.from(text, 'latin1');
}

/** Random bytes with no `-` or `_`, which some decoders take as base64url digits. */
function withoutBase64url(r: Random): Buffer {
  return Buffer.from(randomBytes(r, 200).filter((byte) => byte !== 0x2d && byte !== 0x5f));
}

/** Random bytes drawn mostly from base64's alphabet and `=`, so padding falls anywhere in a quartet. */
function randomBase64Characters(r: Random): Buffer {
  const alphabet = r() < 0.5 ? 'QUJDRA+/=====\r\n-_\u00ff' : 'QUJDRA+/===\r\n \u00ff';
  let text = '';
  const count = int(r, 40);
  for (let i = 0; i < count; i++) text += alphabet[int(r, alphabet.length)];
  return Buffer.from(text, 'latin1');
}

describe('transfer decoding gives the library decoders’ bytes', () => {
  test('quoted-printable: hand-picked bodies, whole and a byte at a time', async () => {
    const bodies = [
      '',
      '=',
      '==',
      '=\r\n',
      'a=\r\nb',
      'a=\nb',
      'a=\rb',
      'trailing   \r\nspace\t\nand at the end  ',
      'inner  space\tkept',
      '=4=\r\n1',
      '=4\r\n1',
      '= ',
      '=  \r\nx',
      '=\r\t\nsoft break with a tab inside it',
      '= \r \n=\r\r\n',
      'caf=C3=A9 =e9=E9 =ZZ =4',
      '\u00e9 raw 8-bit \u00ff',
      '\r\r\n\n  \r',
    ];
    for (const body of bodies) {
      const bytes = Buffer.from(body, 'latin1');
      await assertSame('quoted-printable', [bytes], 'whole');
      await assertSame('quoted-printable', byteByByte(bytes), 'byte by byte');
    }
  });

  test('base64: hand-picked bodies, whole and a byte at a time', async () => {
    const bodies = [
      '',
      '=',
      'QQ==',
      'QQ==QUJD',
      'QUJDRA==\r\nRUZH\r\n',
      'QUJDR',
      'QUJDRQ',
      'QUJDRUY',
      'Q=Q=QQ=QUJ=',
      'QU-JD_RA',
      'QUJD\u00ffRA==',
      '====QUJD',
      'QUJD====',
    ];
    for (const body of bodies) {
      const bytes = Buffer.from(body, 'latin1');
      await assertSame('base64', [bytes], 'whole');
      await assertSame('base64', byteByByte(bytes), 'byte by byte');
    }
  });

  test('quoted-printable: generated bodies in random chunks', async () => {
    const r = rng(0x51d0);
    for (let i = 0; i < 3000; i++) {
      const body = i % 5 === 0 ? randomBytes(r, 200) : randomQuotedPrintable(r, i % 2 ? 12 : 120);
      await assertSame('quoted-printable', cut(r, body), `body ${i}`);
    }
  });

  test('base64: attachments of many lines (decoded by Node a slice at a time), clean and damaged', async () => {
    const r = rng(0xa77);
    for (let i = 0; i < 60; i++) {
      const width = pick(r, [76, 76, 64, 72, 4, 60, 75, 77, 1]);
      const lineBreak = pick(r, ['\r\n', '\r\n', '\n', '\r', ' \r\n']);
      const encoded = randomBytes(r, 40_000 + int(r, 120_000)).toString('base64');
      let text = encoded.replace(new RegExp(`.{${width}}`, 'g'), `$&${lineBreak}`);
      // Half the bodies stay as an encoder writes them; the others get bytes added, dropped or replaced
      // (a line break replaced by a digit, a digit by a blank: the line lengths stay).
      const edits = i % 2 === 0 ? 0 : 1 + int(r, 3);
      const damage = BASE64_DAMAGE.filter((piece) => piece !== '-' && piece !== '_');
      for (let e = 0; e < edits; e++) {
        const at = int(r, text.length);
        const edit = r();
        const replaced = edit < 0.6 ? 1 : 0;
        const added = edit < 0.3 ? '' : pick(r, edit < 0.6 ? [...damage, 'A', '9'] : damage);
        text = text.slice(0, at) + added + text.slice(at + replaced);
      }
      const body = Buffer.from(text, 'latin1');
      const chunks: Buffer[] = [];
      for (let at = 0; at < body.length; at += 8192) chunks.push(body.subarray(at, at + 8192));
      await assertSame('base64', chunks, `body ${i} (lines of ${width}, ${edits} edits)`);
    }
  });

  test('base64: generated bodies in random chunks', async () => {
    const r = rng(0xb64);
    for (let i = 0; i < 3000; i++) {
      const makers = [
        (): Buffer => randomBytes(r, 200),
        (): Buffer => withoutBase64url(r),
        (): Buffer => randomBase64Characters(r),
        (): Buffer => randomBase64(r),
      ];
      const body = makers[i % makers.length]!();
      await assertSame('base64', cut(r, body), `body ${i}`);
    }
  });
});
