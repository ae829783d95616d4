/**
 * Every message a POP3 server lists gets one identity, however broken the listing: repeated, invalid
 * or missing UIDLs, messages missing from LIST, numbers out of order or repeated. Pure rule first, then
 * through the real POP3 session against a scripted server, downloads included.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { SourceSettings } from '../../src/transports/mailbox-source.js';
import { connectPop3 } from '../../src/transports/pop3/pop3.connector.js';
import { Pop3Session } from '../../src/transports/pop3/pop3.session.js';
import { reconcileListing } from '../../src/transports/pop3/index.js';
import { parseUidlLine } from '../../src/transports/pop3/pop3.replies.js';
import { randomStrings } from '../support/fuzz.js';
import { pop3Script, startHostileServer, type HostileServer } from '../support/hostile-server.js';

const list = (...sizes: number[]) => sizes.map((size, i) => ({ n: i + 1, size }));

describe('POP3 listing identities', () => {
  it('a sound listing keeps the UIDLs as they are, with no anomaly', () => {
    const listing = reconcileListing({
      uidl: [
        { n: 1, uid: 'a1' },
        { n: 2, uid: 'b2' },
      ],
      list: list(10, 20),
      count: 2,
    });
    assert.deepEqual(listing.messages, [
      { msg: 1, identity: 'a1', size: 10 },
      { msg: 2, identity: 'b2', size: 20 },
    ]);
    assert.deepEqual(listing.anomalies, []);
  });

  it('a repeated UIDL gives every one of its messages an identity of its own, from its size', () => {
    const uidl = [
      { n: 1, uid: 'same' },
      { n: 2, uid: 'other' },
      { n: 3, uid: 'same' },
      { n: 4, uid: 'same' },
    ];
    const listing = reconcileListing({ uidl, list: list(100, 5, 200, 100), count: 4 });
    assert.deepEqual(
      listing.messages.map((m) => m.identity),
      ['same dup:100', 'other', 'same dup:200', 'same dup:100.2'],
    );
    assert.deepEqual(
      listing.anomalies.map((a) => [a.kind, a.msg]),
      [
        ['duplicate_uid', 1],
        ['duplicate_uid', 3],
        ['duplicate_uid', 4],
      ],
    );
    // Deleting a sibling does not move an identity; the last one left gets its plain UIDL back.
    const later = reconcileListing({
      uidl: [
        { n: 1, uid: 'other' },
        { n: 2, uid: 'same' },
        { n: 3, uid: 'same' },
      ],
      list: list(5, 200, 100),
    });
    assert.deepEqual(
      later.messages.map((m) => m.identity),
      ['other', 'same dup:200', 'same dup:100'],
    );
    const last = reconcileListing({ uidl: [{ n: 1, uid: 'same' }], list: list(200) });
    assert.equal(last.messages[0]?.identity, 'same');
  });

  it('an invalid UIDL is replaced by a stable hash; no derived identity can equal a real UIDL', () => {
    const long = 'x'.repeat(71);
    const uidl = [
      { n: 1, uid: long },
      { n: 2, uid: 'with space' },
      { n: 3, uid: 'ctl\u0007' },
      { n: 4, uid: 'ñ8bit' },
      { n: 5, uid: 'x'.repeat(70) },
      { n: 6, uid: 'y'.repeat(5000) },
    ];
    const sizes = list(1, 2, 3, 4, 5, 6);
    const first = reconcileListing({ uidl, list: sizes });
    const again = reconcileListing({ uidl: [...uidl].reverse(), list: sizes });
    assert.deepEqual(first.messages, again.messages);
    const ids = first.messages.map((m) => m.identity);
    for (const i of [0, 1, 2, 3, 5]) assert.match(ids[i] ?? '', /^uidl-sha256 [0-9a-f]{32}$/);
    assert.equal(new Set(ids).size, 6);
    assert.equal(ids[4], 'x'.repeat(70));
    assert.deepEqual(
      first.anomalies.map((a) => a.kind),
      ['invalid_uid', 'invalid_uid', 'invalid_uid', 'invalid_uid', 'invalid_uid'],
    );
    // What the server sent is shown, but visible and bounded.
    const bell = first.anomalies.find((a) => a.msg === 3)?.detail ?? '';
    assert.ok(bell.includes('\\x07') && !bell.includes('\u0007'), bell);
    const flood = first.anomalies.find((a) => a.msg === 6)?.detail ?? '';
    assert.ok(flood.length <= 81 && flood.endsWith('…'), flood);
  });

  it('messages missing from UIDL, LIST or both are all kept; numbers out of order or repeated are sorted out', () => {
    const listing = reconcileListing({
      uidl: [
        { n: 3, uid: 'c' },
        { n: 1, uid: 'a' },
        { n: 1, uid: 'a-again' },
        { n: 5, uid: 'e' },
      ],
      list: [
        { n: 2, size: 20 },
        { n: 1, size: 10 },
        { n: 3, size: 30 },
        { n: 3, size: 31 },
      ],
      count: 5,
    });
    assert.deepEqual(listing.messages, [
      { msg: 1, identity: 'a', size: 10 },
      { msg: 2, identity: 'no-uidl msg:2 size:20', size: 20 },
      { msg: 3, identity: 'c', size: 30 },
      { msg: 4, identity: 'no-uidl msg:4 size:?', size: undefined },
      { msg: 5, identity: 'e', size: undefined },
    ]);
    assert.deepEqual(listing.anomalies.map((a) => `${a.kind}:${a.msg}`).sort(), [
      'missing_size:4',
      'missing_size:5',
      'missing_uid:2',
      'missing_uid:4',
      'repeated_number:1',
      'repeated_number:3',
    ]);
  });

  it('a UIDL line keeps everything after the number, so a uid with spaces is seen as invalid', () => {
    assert.deepEqual(parseUidlLine('7 abc def'), { n: 7, uid: 'abc def' });
    assert.deepEqual(parseUidlLine('  8\tx-y  '), { n: 8, uid: 'x-y' });
    assert.equal(parseUidlLine('0 zero'), undefined);
    assert.equal(parseUidlLine('9'), undefined);
    assert.equal(parseUidlLine('99999999999999999999 big'), undefined);
  });

  it('a UIDL line is read as /^\\s*(\\d+)[ \\t]+(.*?)[ \\t]*$/s reads it, also one of 8 KB of blanks', () => {
    const pattern = /^\s*(\d+)[ \t]+(.*?)[ \t]*$/s;
    const byPattern = (line: string) => {
      const match = pattern.exec(line);
      const digits = match?.[1] ?? '';
      const n = /^\d{1,15}$/.test(digits) ? Number(digits) : 0;
      const uid = match?.[2];
      return n >= 1 && uid ? { n, uid } : undefined;
    };
    const alphabet = [' ', '\t', '\n', '\r', '0', '7', '12', 'a', 'x-y', '\u00a0', '+'];
    for (const line of randomStrings(alphabet, 20_000, 11, 12)) {
      assert.deepEqual(parseUidlLine(line), byPattern(line), JSON.stringify(line));
    }
    // A server's longest line: the pattern took 28 ms on it, 200,000 of them over an hour of the thread.
    const blanks = `1 a${' '.repeat(8 * 1024 - 4)}b`;
    assert.deepEqual(parseUidlLine(blanks), byPattern(blanks));
    // Not a speed target: 2,000 of them took about a minute with the pattern.
    const started = performance.now();
    for (let i = 0; i < 2000; i++) parseUidlLine(blanks);
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `2,000 lines of blanks took ${ms.toFixed(0)} ms`);
  });
});

describe('POP3 session with a broken listing', () => {
  let server: HostileServer;
  before(async () => {
    server = await startHostileServer();
  });
  after(() => server.stop());

  const settings = (): SourceSettings => ({
    protocol: 'pop3',
    host: '127.0.0.1',
    port: server.port,
    security: 'none',
    timeoutMs: 1000,
    tls: { insecureSkipVerify: false },
    credentials: { kind: 'password', username: 'u', password: 'p' },
    sasl: 'auto',
    folder: 'INBOX',
    afterStore: 'delete',
    moveTo: null,
  });

  const bodies = ['', 'one\r\n', 'two\r\n', 'three\r\n', 'four\r\n'];

  it('offers every listed message; each identity downloads its own message and deletes it', async () => {
    server.script = pop3Script({
      STAT: (p) => p.write('+OK 4 20\r\n'),
      // Two messages share a UIDL, one has none, the lines come out of order.
      UIDL: (p) => p.write('+OK\r\n3 dup\r\n1 dup\r\n2 solo\r\n.\r\n'),
      LIST: (p) => p.write('+OK\r\n1 5\r\n2 5\r\n3 7\r\n4 6\r\n.\r\n'),
      RETR: (p, n) => p.write(`+OK\r\n${bodies[Number(n)] ?? ''}.\r\n`),
    });
    const session = await Pop3Session.open(settings(), connectPop3);
    const mails = await session.list({ afterUid: 0, unseenOnly: false });
    assert.deepEqual(mails, [
      { uid: 'dup dup:5', size: 5 },
      { uid: 'solo', size: 5 },
      { uid: 'dup dup:7', size: 7 },
      { uid: 'no-uidl msg:4 size:6', size: 6 },
    ]);
    assert.deepEqual(
      session.anomalies.map((a) => `${a.kind}:${a.msg}`),
      ['duplicate_uid:1', 'duplicate_uid:3', 'missing_uid:4'],
    );
    const got: string[] = [];
    for (const mail of mails) {
      const parts: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          parts.push(chunk);
          done();
        },
      });
      await session.download(mail.uid, sink);
      got.push(Buffer.concat(parts).toString());
    }
    assert.deepEqual(got, ['one\r\n', 'two\r\n', 'three\r\n', 'four\r\n']);
    assert.deepEqual(
      await session.settle(mails.map((m) => m.uid)),
      mails.map((m) => m.uid),
    );
    await session.close();
    const sent = server.peers.at(-1)?.received ?? [];
    assert.deepEqual(
      sent.filter((l) => l.startsWith('DELE')),
      ['DELE 1', 'DELE 2', 'DELE 3', 'DELE 4'],
    );
  });
});
