import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { corpusMail } from '../../bench/corpus.js';
import { WORDS } from '../../src/inbound/parse/reply.stripper.js';
import { WordScanner, type ScanWord } from '../../src/inbound/parse/word-scan.js';
import { rng } from '../support/fuzz.js';

/**
 * How the stripper found its words before: one pattern of every word (longest first, a case-insensitive
 * word's ASCII letters as `[xX]`), run from each match onwards; each match counts for the words it starts with.
 */
function referenceKeys(words: readonly ScanWord[], text: string): Set<string> {
  const pattern = new RegExp(
    [...words]
      .sort((a, b) => b.text.length - a.text.length)
      .map(({ text, ignoreCase }) =>
        [...text]
          .map((c) =>
            ignoreCase && /[a-z]/.test(c)
              ? `[${c}${c.toUpperCase()}]`
              : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
          )
          .join(''),
      )
      .join('|'),
    'g',
  );
  const found = new Set<string>();
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const lower = match[0].toLowerCase();
    for (const w of words) if ((w.ignoreCase ? lower : match[0]).startsWith(w.text)) found.add(w.key);
    pattern.lastIndex = match.index + 1;
  }
  return found;
}

const sorted = (set: Set<string>) => [...set].sort();

/** Characters around which a fold or a match could go wrong: capitals, non-ASCII look-alikes, surrogates. */
const TRICKY = [
  'İ',
  'ı',
  'K',
  'ſ',
  'É',
  'é',
  'ß',
  '\u202f',
  '😀',
  '\ud800',
  'Ｆ',
  '@',
  '[',
  ' ',
  '\n',
  '-',
  '_',
];

describe('the reply stripper finds its rules’ words in one pass', () => {
  const scanner = new WordScanner(WORDS);

  test('every word alone, in other casings, and cut short', () => {
    for (const w of WORDS) {
      for (const text of [
        w.text,
        w.text.toUpperCase(),
        w.text.toLowerCase(),
        `x${w.text}y`,
        w.text.slice(0, -1),
        w.text.slice(1),
        [...w.text].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(''),
      ]) {
        assert.deepEqual(
          sorted(scanner.keysIn(text)),
          sorted(referenceKeys(WORDS, text)),
          JSON.stringify(text),
        );
      }
    }
  });

  test('random texts of words, their pieces and tricky characters', () => {
    const rand = rng(23);
    const pieces = [
      ...WORDS.map((w) => w.text),
      ...WORDS.map((w) => w.text.toUpperCase()),
      ...WORDS.map((w) => w.text.slice(0, Math.max(1, w.text.length - 2))),
      ...TRICKY,
      'Hola, ',
      'gracias ',
    ];
    for (let n = 0; n < 3000; n++) {
      const text = Array.from(
        { length: 1 + Math.floor(rand() * 12) },
        () => pieces[Math.floor(rand() * pieces.length)] ?? '',
      ).join(rand() < 0.5 ? '' : ' ');
      assert.deepEqual(
        sorted(scanner.keysIn(text)),
        sorted(referenceKeys(WORDS, text)),
        JSON.stringify(text),
      );
    }
  });

  test('the bench corpus’s texts', async () => {
    for (let i = 0; i < 150; i++) {
      const { text } = await simpleParser(corpusMail(i, { tag: 'scan' }).raw);
      if (!text) continue;
      assert.deepEqual(sorted(scanner.keysIn(text)), sorted(referenceKeys(WORDS, text)), `corpus mail ${i}`);
    }
  });

  test('words that overlap, share a start or end, or differ only in case', () => {
    const words: ScanWord[] = [
      { key: 's:ab', text: 'ab', ignoreCase: false },
      { key: 's:abc', text: 'abc', ignoreCase: false },
      { key: 's:bcd', text: 'bcd', ignoreCase: false },
      { key: 's:c', text: 'c', ignoreCase: false },
      { key: 's:From', text: 'From', ignoreCase: false },
      { key: 's:from', text: 'from', ignoreCase: false },
      { key: 'i:rom', text: 'rom', ignoreCase: true },
      { key: 'i:x-1', text: 'x-1', ignoreCase: true },
      { key: 's:写道：', text: '写道：', ignoreCase: false },
    ];
    const scan = new WordScanner(words);
    for (const text of [
      'abcd',
      'xabcdx',
      'FROM',
      'From',
      'from',
      'fRoM',
      'X-1',
      'x_1',
      '在写道：',
      'aab',
      'bc',
      '',
    ]) {
      assert.deepEqual(sorted(scan.keysIn(text)), sorted(referenceKeys(words, text)), JSON.stringify(text));
    }
    assert.deepEqual(sorted(scan.keysIn('abcd FROM')), ['i:rom', 's:ab', 's:abc', 's:bcd', 's:c']);
  });
});
