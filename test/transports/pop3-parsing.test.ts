import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authFailureOf, pop3Errors } from '../../src/transports/pop3/pop3.errors.js';
import { MultilineDecoder } from '../../src/transports/pop3/pop3.multiline.js';
import {
  greetingTimestamp,
  parseContinuation,
  parseList,
  parseStat,
  parseStatus,
  parseUidl,
  printable,
  saslMechanismsOf,
} from '../../src/transports/pop3/pop3.replies.js';

/** Feeds the wire bytes in the given pieces; returns the body and what followed the terminator. */
function decode(pieces: Buffer[]): { body: Buffer; rest: Buffer; done: boolean } {
  const decoder = new MultilineDecoder();
  const out: Buffer[] = [];
  const rest: Buffer[] = [];
  for (const piece of pieces) {
    const step = decoder.push(piece);
    out.push(step.out);
    rest.push(step.rest);
  }
  return { body: Buffer.concat(out), rest: Buffer.concat(rest), done: decoder.done };
}

function splitEvery(bytes: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return pieces;
}

describe('multi-line decoding', () => {
  const wire = Buffer.from('Subject: x\r\n\r\n..dot line\r\n...\r\nmid . dot\r\n.\r\n+OK next\r\n', 'latin1');
  const body = Buffer.from('Subject: x\r\n\r\n.dot line\r\n..\r\nmid . dot\r\n', 'latin1');

  it('undoes dot-stuffing and stops at the terminator, whatever the chunking', () => {
    for (const size of [1, 2, 3, 5, 7, 64, wire.length]) {
      const result = decode(splitEvery(wire, size));
      assert.equal(result.done, true, `chunk size ${size}`);
      assert.deepEqual(result.body, body, `chunk size ${size}`);
      assert.equal(result.rest.toString('latin1'), '+OK next\r\n', `chunk size ${size}`);
    }
  });

  it('keeps 8-bit bytes and bare CRs untouched', () => {
    const raw = Buffer.from([0x41, 0xe9, 0xf1, 0x0d, 0x42, 0x0d, 0x0a, 0x00, 0xff, 0x0d, 0x0a]);
    const result = decode([Buffer.concat([raw, Buffer.from('.\r\n')])]);
    assert.deepEqual(result.body, raw);
  });

  it('is not done before the terminator and keeps ".\\r" followed by more as a line', () => {
    const partial = decode([Buffer.from('a\r\n.\r'), Buffer.from('x\r\n')]);
    assert.equal(partial.done, false);
    assert.equal(partial.body.toString('latin1'), 'a\r\n\rx\r\n');
  });

  it('matches a line-by-line reference on stuffed bodies cut at every point and in random pieces', () => {
    // Seeded, so a failure is the same on every run.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['.', '.', '\r\n', '\n', '\r', 'a', 'b c', '\u00e9', '..'];
    for (let round = 0; round < 40; round++) {
      const lines: string[] = [];
      for (let l = random(12); l > 0; l--) {
        let line = '';
        for (let k = random(6); k > 0; k--) line += alphabet[random(alphabet.length)] ?? '';
        lines.push(line.replace(/\r?\n/g, ''));
      }
      // The reference: every line ends with CRLF, a leading dot is doubled on the wire.
      const expected = Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');
      const wire = Buffer.from(
        `${lines.map((l) => `${l.startsWith('.') ? '.' : ''}${l}\r\n`).join('')}.\r\n+OK`,
        'latin1',
      );
      for (let cut = 0; cut <= wire.length; cut++) {
        const result = decode([wire.subarray(0, cut), wire.subarray(cut)]);
        assert.deepEqual(result.body, expected, `round ${round}, cut at ${cut}`);
        assert.equal(result.rest.toString('latin1'), '+OK', `round ${round}, cut at ${cut}`);
      }
      const pieces: Buffer[] = [];
      for (let i = 0; i < wire.length;) {
        const size = 1 + random(9);
        pieces.push(wire.subarray(i, i + size));
        i += size;
      }
      assert.deepEqual(decode(pieces).body, expected, `round ${round}, random pieces`);
    }
  });

  it('hands a chunk without a dotted line start back as it is, without copying it', () => {
    const decoder = new MultilineDecoder();
    const chunk = Buffer.from('Subject: x\r\n\r\nno dots. at line starts\r\n', 'latin1');
    const step = decoder.push(chunk);
    assert.equal(step.done, false);
    assert.equal(step.out, chunk);
    const tail = decoder.push(Buffer.from('last line\r\n.\r\n', 'latin1'));
    assert.equal(tail.done, true);
    assert.equal(tail.out.toString('latin1'), 'last line\r\n');
  });

  it('an empty body is just the terminator', () => {
    const result = decode([Buffer.from('.\r\n')]);
    assert.equal(result.done, true);
    assert.equal(result.body.length, 0);
  });
});

describe('reply parsing', () => {
  it('reads status lines and continuations', () => {
    assert.deepEqual(parseStatus(Buffer.from('+OK 2 320')), { ok: true, text: '2 320' });
    assert.deepEqual(parseStatus(Buffer.from('-ERR [AUTH] no')), { ok: false, text: '[AUTH] no' });
    assert.equal(parseStatus(Buffer.from('+OKAY')), undefined);
    assert.equal(parseStatus(Buffer.from('* OK IMAP')), undefined);
    assert.equal(parseContinuation(Buffer.from('+ eyJ9')), 'eyJ9');
    assert.equal(parseContinuation(Buffer.from('+')), '');
    assert.equal(parseContinuation(Buffer.from('+OK')), undefined);
  });

  it('reads STAT, LIST, UIDL, CAPA and the APOP timestamp', () => {
    assert.deepEqual(parseStat('2 320'), { count: 2, size: 320 });
    assert.equal(parseStat('two'), undefined);
    assert.deepEqual(parseList(['1 120', '2 200', 'junk']), [
      { n: 1, size: 120 },
      { n: 2, size: 200 },
    ]);
    assert.deepEqual(parseUidl(['1 0000000a5f00aa01', '2 x-y']), [
      { n: 1, uid: '0000000a5f00aa01' },
      { n: 2, uid: 'x-y' },
    ]);
    assert.deepEqual(saslMechanismsOf(['TOP', 'SASL plain LOGIN xoauth2', 'STLS']), [
      'PLAIN',
      'LOGIN',
      'XOAUTH2',
    ]);
    assert.deepEqual(saslMechanismsOf(['TOP']), []);
    assert.equal(
      greetingTimestamp('Dovecot ready. <1896.697170952@dbc.mtview.ca.us>'),
      '<1896.697170952@dbc.mtview.ca.us>',
    );
    assert.equal(greetingTimestamp('ready'), undefined);
  });

  it('shows binary bytes escaped and cut', () => {
    assert.equal(printable(Buffer.from([0x16, 0x03, 0x01, 0x41])), '\\x16\\x03\\x01A');
    assert.equal(printable(Buffer.alloc(100, 0x41), 4), 'AAAA…');
  });

  it('classifies refused logins by RFC 3206 code and by known provider texts', () => {
    assert.equal(authFailureOf('[AUTH] Username and password not accepted.').def, pop3Errors.authFailed);
    assert.equal(
      authFailureOf(
        '[AUTH] Application-specific password required: https://support.google.com/accounts/answer/185833',
      ).def,
      pop3Errors.appPasswordRequired,
    );
    assert.equal(
      authFailureOf('Logon failure: basic authentication is disabled').def,
      pop3Errors.basicAuthDisabled,
    );
    assert.deepEqual(authFailureOf('[IN-USE] Mailbox locked'), {
      def: pop3Errors.mailboxInUse,
      retryable: true,
    });
    assert.equal(authFailureOf('[SYS/TEMP] try later').retryable, true);
  });

  it('every POP3 error has a Spanish and an English message', () => {
    for (const def of Object.values(pop3Errors)) {
      assert.ok(def.message.es.length > 0 && def.message.en.length > 0, def.code);
      assert.notEqual(def.message.es, def.message.en, def.code);
      assert.match(def.code, /^pop3_/);
    }
  });
});
