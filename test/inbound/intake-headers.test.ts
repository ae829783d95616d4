import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRoundTripHead } from '../../src/inbound/fetch/intake-headers.js';

/** The rule as first written: the whole window decoded, the header block cut by a regular expression. */
function byRegex(bytes: Buffer): boolean {
  const text = bytes.subarray(0, 64 * 1024).toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  return /^x-drobot-roundtrip[ \t]*:/im.test(head);
}

describe('the round-trip header, found before parsing', () => {
  const header = 'X-DRobot-Roundtrip: 5f2c\r\n';
  const cases: Array<[string, string, boolean]> = [
    ['among the headers (CRLF)', `From: a@b.test\r\n${header}Subject: x\r\n\r\nbody\r\n`, true],
    ['first header, LF only', 'x-drobot-roundtrip:1\nSubject: x\n\nbody\n', true],
    ['a blank before the colon', 'Subject: x\r\nX-DRobot-Roundtrip \t: 1\r\n\r\n', true],
    ['only in the body', `Subject: x\r\n\r\n${header}`, false],
    ['after an empty line made of LF CR LF', `Subject: x\n\r\n${header}\r\n`, false],
    ['after LF LF with CRs elsewhere', `Subject: x\r\n\n${header}`, false],
    ['inside a folded line, not at its start', 'Subject: x\r\n X-DRobot-Roundtrip: 1\r\n\r\n', false],
    ['absent', 'From: a@b.test\r\nSubject: x\r\n\r\nbody', false],
    ['no empty line at all', `From: a@b.test\r\n${header}`, true],
    // The pattern's ^ (multiline) starts a line after a bare CR too.
    ['after a bare CR', `Subject: x\r\rX-DRobot-Roundtrip: 1\r\n\r\n`, true],
    ['empty', '', false],
  ];
  for (const [what, text, expected] of cases) {
    test(what, () => {
      const bytes = Buffer.from(text, 'latin1');
      assert.equal(isRoundTripHead(bytes), expected);
      assert.equal(isRoundTripHead(bytes), byRegex(bytes));
    });
  }

  test('beyond the first 64 KB it is not looked for; a long header block up to there is', () => {
    const filler = `X-Filler: ${'a'.repeat(990)}\r\n`.repeat(70); // about 70 KB of headers
    const late = Buffer.from(`${filler}${header}\r\nbody`, 'latin1');
    const early = Buffer.from(`${filler.slice(0, 60_000)}\r\n${header}\r\nbody`, 'latin1');
    assert.equal(isRoundTripHead(late), false);
    assert.equal(isRoundTripHead(late), byRegex(late));
    assert.equal(isRoundTripHead(early), true);
    assert.equal(isRoundTripHead(early), byRegex(early));
  });

  test('random header blocks and line breaks give what the first rule gave', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pieces = ['\r\n', '\n', '\r', ' ', 'Subject: x', header, 'x-drobot-roundtrip:', 'a: b', '\t'];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(next() * 12) },
        () => pieces[Math.floor(next() * pieces.length)],
      ).join('');
      const bytes = Buffer.from(text, 'latin1');
      assert.equal(isRoundTripHead(bytes), byRegex(bytes), JSON.stringify(text));
    }
  });
});
