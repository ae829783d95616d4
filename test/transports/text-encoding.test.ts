import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import * as qp from 'nodemailer/lib/qp/index.js';
import { seeded } from '../../bench/corpus.js';
import { hasLineOver76, quotedPrintable, textEncodingOf } from '../../src/transports/mime/text-encoding.js';

/** nodemailer's own choice of Q or B for a text (the node's method the composer calls). */
const node = new MimeNode() as unknown as { _getTextEncoding(value: string): 'Q' | 'B' };

/**
 * Pieces a text is made of, chosen for the rules' edges: `=`, blanks before line ends and at the end, lone CR
 * and LF, controls, DEL, Latin-1, other BMP scripts, characters outside the BMP, a lone surrogate of either
 * half, and long runs of letters.
 */
const PIECES = [
  'a',
  'Z',
  ' ',
  '\t',
  '\r\n',
  '\n',
  '\r',
  '=',
  '==',
  '.',
  '<p style="color: red">',
  '\u0000',
  '\u0001',
  '\u000b',
  '\u001f',
  '\u007f',
  'é',
  'ñ',
  'ÿ',
  '\u0080',
  '\u07ff',
  '\u0800',
  '中文',
  '—',
  '\ufeff',
  '\uffff',
  '🛠',
  '\u{10ffff}',
  '\ud83d',
  '\ude00',
  'palabra ',
  'x'.repeat(80),
  ' '.repeat(5),
];

function randomText(random: () => number): string {
  const length = Math.floor(random() * 40);
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

/**
 * Asserts that ours gives nodemailer's result for every edge case and for `generated` texts drawn from the
 * seed (each failure names its text).
 */
function assertAlike<T>(
  ours: (text: string) => T,
  nodemailers: (text: string) => T,
  edges: readonly string[],
  generated: number,
  seed: number,
): void {
  const random = seeded(seed);
  const texts = [...edges, ...Array.from({ length: generated }, () => randomText(random))];
  for (const text of texts) assert.equal(ours(text), nodemailers(text), JSON.stringify(text.slice(0, 100)));
}

describe("a text part's encoding", () => {
  test("quoted-printable gives nodemailer's bytes for 5,000 generated texts and the edges", () => {
    const edges = [
      '',
      ' ',
      'end ',
      'end\t',
      'line \r\nnext',
      'line\t\nnext',
      'space before lone CR \r',
      'a = b',
      'Hola Ana Pérez,\n\nSu caso está abierto.\n',
      '🛠 emoji and \ud83d lone high and \ude00 lone low',
    ];
    assertAlike(quotedPrintable, (text) => qp.encode(Buffer.from(text)), edges, 5000, 2045);
  });

  test('Q or B as nodemailer chooses: fewer non-Latin characters than letters, a tie to base64', () => {
    const edges = ['', 'abcd éèêë', 'abcde éèêë', '中文', '🛠a', '🛠abc', '\u0001\u0002ab', '\t\r\n'];
    assertAlike(textEncodingOf, (text) => node._getTextEncoding(text), edges, 5000, 2047);
    assert.equal(textEncodingOf('abcd éèêë'), 'B');
    assert.equal(textEncodingOf('Hola, señor'), 'Q');
  });

  test('a line over 76 characters is found as nodemailer finds it, whatever ends the lines', () => {
    const edges = [
      'x'.repeat(76),
      'x'.repeat(77),
      `${'x'.repeat(76)}\r\n${'y'.repeat(76)}`,
      `short\r${'x'.repeat(77)}`,
      `short\u2028${'x'.repeat(76)}`,
      'x'.repeat(128 * 1024 + 1).replace(/x{70}/g, '$&\n'),
    ];
    assertAlike(hasLineOver76, (text) => mimeFuncs.hasLongerLines(text, 76), edges, 2000, 2049);
  });
});
