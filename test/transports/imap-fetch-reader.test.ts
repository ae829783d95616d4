/**
 * The reader of a `UID FETCH` answer taken straight off the connection: the same items and reply whatever
 * the chunks the bytes come in, the items of a FETCH response in any order among others it skips, the
 * bytes after the tagged reply handed back, and every bound and IMAP rule it enforces refused with its kind
 * before what breaks it is held.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FetchReplyError,
  FetchReplyReader,
  type FetchedItem,
  type FetchReplyLimits,
  type TaggedReply,
} from '../../src/transports/imap/imap-fetch-reader.js';
import { rng } from '../support/fuzz.js';

const LIMITS: FetchReplyLimits = {
  maxLineBytes: 4096,
  maxLiteralBytes: 100_000,
  maxResponseBytes: 150_000,
  maxResponses: 1000,
};

interface Read {
  readonly items: FetchedItem[];
  readonly reply: TaggedReply | undefined;
  readonly rest: Buffer | undefined;
}

/** Feeds `bytes` in the given chunk sizes (cycled), up to the tagged reply. */
function read(bytes: Buffer, sizes: readonly number[] = [bytes.length], limits = LIMITS): Read {
  const items: FetchedItem[] = [];
  const reader = new FetchReplyReader('Z1', limits, (item) => items.push(item));
  let pos = 0;
  for (let i = 0; pos < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    const end = reader.push(bytes.subarray(pos, pos + size));
    pos += size;
    if (end) return { items, reply: end.reply, rest: Buffer.concat([end.rest, bytes.subarray(pos)]) };
  }
  return { items, reply: undefined, rest: undefined };
}

function refusal(bytes: Buffer | string, limits = LIMITS): FetchReplyError {
  try {
    read(Buffer.from(bytes as string, 'latin1'), [7], limits);
  } catch (error) {
    assert.ok(error instanceof FetchReplyError, String(error));
    return error;
  }
  assert.fail('the answer was accepted');
}

const bytes = (...parts: (string | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p, 'latin1'))));

describe('UID FETCH answer reader', () => {
  test('bodies as literals, a string and NIL, items in any order, unsolicited responses skipped', () => {
    const body = Buffer.from('Subject: x\r\n\r\nhola ) ( {5}\r\n* 9 FETCH\r\nZ1 OK fake\r\n', 'latin1');
    const answer = bytes(
      '* 3 EXISTS\r\n',
      `* 1 FETCH (UID 11 BODY[]<0> {${body.length}}\r\n`,
      body,
      ')\r\n',
      '* 2 FETCH (FLAGS (\\Seen $Label) MODSEQ (12))\r\n',
      `* 2 FETCH (BODY[]<0> {0}\r\n FLAGS (\\Seen (x "y)") {3}\r\n(z) NIL) UID 12 RFC822.SIZE 0)\r\n`,
      '* 3 FETCH (UID 13 BODY[] "say \\"hi\\" \\\\")\r\n',
      '* 4 FETCH (UID 14 BODY[]<0> NIL)\r\n',
      '* OK [ALERT] still here\r\n',
      'Z1 OK Fetch completed (0.001 + 0.000 secs).\r\n',
      '* 5 EXISTS\r\n',
    );
    const whole = read(answer);
    assert.deepEqual(whole.reply, { status: 'OK', text: 'Fetch completed (0.001 + 0.000 secs).' });
    assert.equal(whole.rest?.toString('latin1'), '* 5 EXISTS\r\n');
    assert.deepEqual(
      whole.items.map((i) => [i.uid, i.size, i.body?.toString('latin1')]),
      [
        [11, undefined, body.toString('latin1')],
        [undefined, undefined, undefined],
        [12, 0, ''],
        [13, undefined, 'say "hi" \\'],
        [14, undefined, undefined],
      ],
    );
    // Byte by byte and in odd chunks: the same.
    for (const sizes of [[1], [2, 3], [13], [64, 1, 5]]) {
      const chunked = read(answer, sizes);
      assert.deepEqual(chunked.reply, whole.reply, String(sizes));
      assert.deepEqual(chunked.items, whole.items, String(sizes));
      assert.ok(chunked.rest?.equals(whole.rest!), String(sizes));
    }
  });

  test('a refusal is a tagged NO or BAD, with its text', () => {
    assert.deepEqual(read(Buffer.from('* 2 EXISTS\r\nZ1 NO [SERVERBUG] Internal error\r\n')).reply, {
      status: 'NO',
      text: '[SERVERBUG] Internal error',
    });
    assert.deepEqual(read(Buffer.from('Z1 bad\r\n')).reply, { status: 'BAD', text: '' });
  });

  test('random answers in random chunks give the items they were made of', () => {
    const random = rng(20261202);
    const int = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 300; round++) {
      const expected: FetchedItem[] = [];
      const parts: (string | Buffer)[] = [];
      for (let n = int(6); n > 0; n--) {
        if (random() < 0.2) parts.push(`* ${int(100)} ${random() < 0.5 ? 'EXISTS' : 'RECENT'}\r\n`);
        const uid = 1 + int(0xffff_fffe);
        const size = int(3000);
        const body = Buffer.from(Array.from({ length: int(300) }, () => int(256)));
        const items: string[][] = [];
        const literals: Buffer[] = [];
        items.push([`UID ${uid}`]);
        if (random() < 0.5) items.push([`RFC822.SIZE ${size}`]);
        items.push([`BODY[]<0> {${body.length}}\r\n`]);
        literals.push(body);
        if (random() < 0.5) items.push(['FLAGS (\\Seen "a \\"b\\"" (nested NIL))']);
        // The items in a random order; a literal's marker ends its line and its bytes follow.
        items.sort(() => random() - 0.5);
        let line = `* ${1 + int(50)} FETCH (`;
        items.forEach((item, i) => {
          line += `${i > 0 ? ' ' : ''}${item[0]!}`;
          if (item[0]!.endsWith('\r\n')) {
            parts.push(line, literals[0]!);
            line = '';
          }
        });
        parts.push(`${line})\r\n`);
        expected.push({ uid, size: items.some((i) => i[0]!.startsWith('RFC822')) ? size : undefined, body });
      }
      parts.push('Z1 OK done\r\n');
      const answer = bytes(...parts);
      const sizes = Array.from({ length: 5 }, () => 1 + int(40));
      const got = read(answer, sizes);
      assert.deepEqual(got.reply, { status: 'OK', text: 'done' }, `round ${round}`);
      assert.deepEqual(got.items, expected, `round ${round}`);
    }
  });

  test('a literal over the bound is refused from its marker, before its bytes', () => {
    const items: FetchedItem[] = [];
    const reader = new FetchReplyReader('Z1', LIMITS, (item) => items.push(item));
    assert.throws(
      () => reader.push(Buffer.from('* 1 FETCH (UID 1 BODY[]<0> {100001}\r\n')),
      (e: unknown) => e instanceof FetchReplyError && e.kind === 'tooLarge' && /100001/.test(e.message),
    );
    assert.equal(refusal('* 1 FETCH (UID 1 BODY[]<0> {99999999999}\r\n').kind, 'protocol');
  });

  test('a response chaining literals without end is refused at its bound, before the literal past it', () => {
    const reader = new FetchReplyReader('Z1', LIMITS, () => undefined);
    const literal = Buffer.alloc(60_000, 0x61);
    reader.push(Buffer.from('* 1 FETCH (X {60000}\r\n'));
    reader.push(literal);
    reader.push(Buffer.from(' Y {60000}\r\n'));
    reader.push(literal);
    assert.throws(
      () => reader.push(Buffer.from(' Z {60000}\r\n')),
      (e: unknown) => e instanceof FetchReplyError && e.kind === 'tooLarge' && /response/.test(e.message),
    );
    // Many small lines and empty literals add up the same way.
    const tiny = '* 1 FETCH (X {0}\r\n' + ' X {0}\r\n'.repeat(20_000);
    assert.equal(refusal(tiny).kind, 'tooLarge');
  });

  test('a line over the bound is refused before its end arrives', () => {
    const reader = new FetchReplyReader('Z1', LIMITS, () => undefined);
    reader.push(Buffer.alloc(4000, 0x61));
    assert.throws(
      () => reader.push(Buffer.alloc(200, 0x61)),
      (e: unknown) => e instanceof FetchReplyError && e.kind === 'tooLarge',
    );
  });

  test('more untagged responses than the bound are refused', () => {
    const flood = '* 1 EXISTS\r\n'.repeat(11);
    assert.equal(refusal(flood, { ...LIMITS, maxResponses: 10 }).kind, 'tooLarge');
  });

  test('BYE, a continuation, another tag and broken FETCH responses are refused with their kind', () => {
    assert.equal(refusal('* BYE going down\r\n').kind, 'bye');
    const cases = [
      '+ go ahead\r\n',
      'A7 OK not ours\r\n',
      'Z12 OK not ours either\r\n',
      'garbage\r\n',
      '* 1 FETCH (UID)\r\n',
      '* 1 FETCH (UID x)\r\n',
      '* 1 FETCH (UID 4294967296)\r\n',
      '* 1 FETCH (UID 1 BODY[]<0> {3}\r\nabcgarbage)\r\n',
      '* 1 FETCH (UID 1 BODY[]<0> NILS)\r\n',
      '* 1 FETCH (UID 1 BODY[]<0> ATOM)\r\n',
      '* 1 FETCH (UID 1 BODY[]<0> "unterminated)\r\n',
      '* 1 FETCH (UID 1 BODY[]<0> "bad \\escape")\r\n',
      '* 1 FETCH (UID 1 FLAGS (\\Seen)\r\n',
      '* 1 FETCH (UID 1 BODY[HEADER.FIELDS (A B) {3}\r\nabc)\r\n',
      '* 1 FETCH (UID 1) trailing\r\n',
      `* 1 FETCH (X ${'('.repeat(40)}${')'.repeat(40)})\r\n`,
      'Z1 OK {3}\r\nabc\r\n',
    ];
    for (const text of cases) assert.equal(refusal(text).kind, 'protocol', JSON.stringify(text));
  });

  test('nothing more is read once the reply came', () => {
    const reader = new FetchReplyReader('Z1', LIMITS, () => undefined);
    assert.ok(reader.push(Buffer.from('Z1 OK\r\n')));
    assert.throws(() => reader.push(Buffer.from('* 1 EXISTS\r\n')));
  });
});
