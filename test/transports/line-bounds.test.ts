/**
 * The pure pieces that bound what a server sends: the time a reply may take, how a long line is
 * searched, how a listing is split, and what is kept of a server's words.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteQueue } from '../../src/transports/net/byte-queue.js';
import { ReplyBudget } from '../../src/transports/net/reply-budget.js';
import { MAX_SERVER_WORDS, serverWords } from '../../src/transports/net/server-words.js';
import { LineSplitter } from '../../src/transports/pop3/pop3.multiline.js';
import { saslPlain } from '../../src/transports/sasl.js';

describe('reply budget', () => {
  it('gives the first byte the whole timeout, however long the wait before it', () => {
    const budget = new ReplyBudget(1000, 1000);
    assert.equal(budget.nextWaitMs(), 1000);
    budget.waited(900, budget.begun);
    assert.equal(budget.nextWaitMs(), 1000);
    assert.equal(budget.verdict(1000), 'silent');
  });

  it('once the reply began, a byte now and then does not buy more time than its size is worth', () => {
    const budget = new ReplyBudget(1000, 1000);
    budget.received(1);
    let waited = 0;
    // A byte every 300 ms: each wait is woken in time, until what is left is shorter than 300 ms.
    for (;;) {
      const next = budget.nextWaitMs();
      if (next < 300) {
        waited += next;
        assert.equal(budget.verdict(next), 'slow');
        break;
      }
      budget.waited(300, true);
      budget.received(1);
      waited += 300;
    }
    assert.ok(waited >= 1000 && waited < 1100, `${waited} ms`);
  });

  it('a large reply at a good rate gets the time its size needs', () => {
    const budget = new ReplyBudget(1000, 1000);
    budget.received(10_000);
    budget.waited(5000, true);
    assert.equal(budget.nextWaitMs(), 1000);
    budget.begin();
    assert.equal(budget.begun, false);
  });
});

describe('byte queue', () => {
  it('finds a line end across chunks without searching a byte twice, and keeps the rest', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('abc'));
    assert.equal(queue.indexOf(0x0a), -1);
    queue.push(Buffer.from('de\r\nfg'));
    assert.equal(queue.indexOf(0x0a), 6);
    assert.equal(queue.take(7).toString(), 'abcde\r\n');
    assert.equal(queue.length, 2);
    queue.push(Buffer.from('h\n'));
    assert.equal(queue.indexOf(0x0a), 3);
    assert.equal(queue.take(4).toString(), 'fgh\n');
    assert.equal(queue.length, 0);
  });

  it('a taken line is a copy: later data never changes it', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('one\n'));
    const line = queue.take(4);
    for (let i = 0; i < 100; i++) queue.push(Buffer.alloc(1000, 'z'));
    assert.equal(line.toString(), 'one\n');
  });

  it('takes text in place: a UTF-8 character split across chunks is whole, and the rest is kept', () => {
    const queue = new ByteQueue();
    const word = Buffer.from('250 Peña\r\n354 x\n');
    queue.push(word.subarray(0, 7));
    queue.push(word.subarray(7));
    const end = queue.indexOf(0x0a);
    assert.equal(queue.takeText(end + 1), '250 Peña\r\n');
    assert.equal(queue.length, 6);
    assert.equal(queue.takeText(queue.indexOf(0x0a) + 1), '354 x\n');
    assert.equal(queue.length, 0);
    queue.push(Buffer.from('next\n'));
    assert.equal(queue.indexOf(0x0a), 4);
  });
});

describe('line splitter', () => {
  it('splits lines across chunks and refuses one over the limit', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter(8);
    assert.equal(
      splitter.push(Buffer.from('1 a\r\n2 b'), (l) => lines.push(l.toString())),
      true,
    );
    assert.equal(
      splitter.push(Buffer.from('b\r\n3'), (l) => lines.push(l.toString())),
      true,
    );
    splitter.end((l) => lines.push(l.toString()));
    assert.deepEqual(lines, ['1 a', '2 bb', '3']);
    assert.equal(
      new LineSplitter(8).push(Buffer.from('123456789'), () => undefined),
      false,
    );
    assert.equal(
      new LineSplitter(8).push(Buffer.from('123456789\n'), () => undefined),
      false,
    );
  });
});

describe("a server's words", () => {
  it('scrubs secrets in every form sent, before cutting, so no part of one survives the cut', () => {
    const password = 'S3cret-pw';
    const blob = saslPlain('u@example.test', password);
    const text = `${'x'.repeat(MAX_SERVER_WORDS - 5)}${blob} and ${password}`;
    const shown = serverWords(text, [password, blob]);
    assert.ok(!shown.includes(blob.slice(0, 5)), shown.slice(-20));
    assert.ok(!shown.includes('S3cr'));
  });

  it('caps the length and shows control and bidirectional characters', () => {
    const shown = serverWords(`a\u0000b\u001b[2J\u202ec\u0085d${'y'.repeat(5000)}`);
    assert.equal([...shown].length, MAX_SERVER_WORDS + 1);
    assert.ok(shown.startsWith('a\\x00b\\x1b[2J\\u{202e}c\\x85d'), shown.slice(0, 40));
    assert.ok(shown.endsWith('…'));
    assert.equal(serverWords('line one\nline two', [], { lineBreaks: true }), 'line one\nline two');
    assert.equal(serverWords('line one\nline two'), 'line one\\x0aline two');
  });

  it('scrubs and caps a short printable reply as any other', () => {
    assert.equal(serverWords('250 2.0.0 Ok: queued'), '250 2.0.0 Ok: queued');
    assert.equal(serverWords('535 bad S3cret! for you', ['S3cret!']), '*****');
    assert.equal(serverWords('334 S3cret!\nok', ['S3cret!'], { lineBreaks: true }), '*****\nok');
    const long = 'z'.repeat(MAX_SERVER_WORDS + 1);
    assert.equal(serverWords(long), `${'z'.repeat(MAX_SERVER_WORDS)}…`);
    assert.equal(serverWords(long.slice(1)), long.slice(1));
  });
});
