import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nestsDeeperThan } from '../../src/inbound/parse/html-text.js';
import { nestsDeeperThan as byPattern } from '../support/reference-parse/html-text.js';
import { rng } from '../support/fuzz.js';

/** Pieces HTML (and text that only looks like it) is made of, edge cases of the tag pattern among them. */
const PIECES = [
  '<div>',
  '</div>',
  '<DIV class="a">',
  '<p>',
  '<br/>',
  '<br />',
  '<img src="x"/>',
  '<span>',
  '</span>',
  '<a-b>',
  '<a-->',
  '<a_b>',
  '<a1>',
  '<x-y-z/>',
  '</ p>',
  '< div>',
  '<1a>',
  '<',
  '>',
  '/',
  '/>',
  '<<div>',
  '<div<',
  'texto',
  ' ',
  '-',
  '_',
  '"',
  `<${'a'.repeat(31)}>`,
  `<${'a'.repeat(32)}>`,
  `<${'a'.repeat(30)}-b>`,
  `<${'a'.repeat(30)}_>`,
  '<tbody>',
  '<td>',
  '</td>',
  '<!-- <div> -->',
  '<ÿ>',
];

describe('how deep HTML nests, read without the tag pattern', () => {
  test('the same verdict as the pattern on random HTML, at every limit', () => {
    const rand = rng(512);
    for (let n = 0; n < 4000; n++) {
      const html = Array.from(
        { length: 1 + Math.floor(rand() * 40) },
        () => PIECES[Math.floor(rand() * PIECES.length)] ?? '',
      ).join('');
      for (const limit of [0, 1, 2, 3, 5, 8]) {
        assert.equal(
          nestsDeeperThan(html, limit),
          byPattern(html, limit),
          `${JSON.stringify(html)} at ${limit}`,
        );
      }
    }
  });

  test('deep and sloppy HTML', () => {
    const deep = '<div>'.repeat(600);
    const sloppy = '<p>'.repeat(5000);
    const closed = '<div>x</div>'.repeat(5000);
    for (const html of [deep, sloppy, closed, `${deep}${'</div>'.repeat(600)}`]) {
      assert.equal(nestsDeeperThan(html, 512), byPattern(html, 512));
    }
    assert.equal(nestsDeeperThan(deep, 512), true);
    assert.equal(nestsDeeperThan(sloppy, 512), false);
  });
});
