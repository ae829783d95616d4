import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeFingerprint } from '../../src/transports/net/certificate.js';
import { connectRequest } from '../../src/transports/net/http-connect.tunnel.js';
import { looksLikeTlsRecord, tlsProbeWindowMs } from '../../src/transports/net/plain-on-tls.js';
import { classifyHandshakeFailure } from '../../src/transports/net/tls-failure.js';
import { withTimeout } from '../../src/transports/net/timeout.js';

const context = { host: 'mail.example.test', port: 110, tlsPort: '995' };

function failure(code: string | undefined, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('network layer, pure parts', () => {
  it('classifies a handshake answered in plain text', () => {
    for (const error of [
      failure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      failure(undefined, 'error:0A0000C6:SSL routines::packet length too long'),
      failure(
        'ECONNRESET',
        'Client network socket disconnected before secure TLS connection was established',
      ),
      undefined,
    ]) {
      const classified = classifyHandshakeFailure(error, context);
      assert.equal(classified.code, 'tls_on_plain_port');
      assert.equal(classified.step, 'tls');
      assert.match(classified.render('en').hint ?? '', /port 110.*995/);
    }
  });

  it('keeps other handshake failures as they are', () => {
    const classified = classifyHandshakeFailure(
      failure('ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'no protocols'),
      context,
    );
    assert.equal(classified.code, 'tls_failed');
    assert.match(classified.message, /ERR_SSL_NO_PROTOCOLS_AVAILABLE/);
  });

  it('recognises a TLS record', () => {
    assert.equal(looksLikeTlsRecord(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46])), true);
    assert.equal(looksLikeTlsRecord(Buffer.from('+OK ready\r\n')), false);
    assert.equal(looksLikeTlsRecord(Buffer.from('* OK IMAP\r\n')), false);
    assert.equal(looksLikeTlsRecord(Buffer.alloc(0)), false);
  });

  it('bounds the TLS check window', () => {
    assert.equal(tlsProbeWindowMs(500), 200);
    assert.equal(tlsProbeWindowMs(5000), 500);
    assert.equal(tlsProbeWindowMs(60000), 1000);
  });

  it('writes a CONNECT request, with Basic credentials only when configured', () => {
    const target = { host: 'mail.example.test', port: 993, timeoutMs: 1000 };
    assert.equal(
      connectRequest({ type: 'http', host: 'p', port: 3128 }, target),
      'CONNECT mail.example.test:993 HTTP/1.1\r\nHost: mail.example.test:993\r\n\r\n',
    );
    const withAuth = connectRequest(
      { type: 'http', host: 'p', port: 3128, username: 'u', password: 'pw' },
      target,
    );
    assert.match(withAuth, /\r\nProxy-Authorization: Basic dTpwdw==\r\n\r\n$/);
    assert.match(
      connectRequest({ type: 'http', host: 'p', port: 1 }, { ...target, host: '::1' }),
      /^CONNECT \[::1\]:993 /,
    );
  });

  it('normalizes fingerprints as people type them', () => {
    assert.equal(normalizeFingerprint('AB:cd:01'), 'abcd01');
    assert.equal(normalizeFingerprint(' abcd 01 '), 'abcd01');
  });
});

describe('withTimeout', () => {
  /** Holds the thread, as a process busy elsewhere does: timers due meanwhile fire late, together. */
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  it('rejects with its own error when the promise does not settle in time', async () => {
    const never = new Promise<never>(() => undefined);
    // The bound's timer never keeps a process alive: this one holds it while the test waits.
    const alive = setInterval(() => undefined, 1000);
    try {
      await assert.rejects(
        withTimeout(never, 10, () => new Error('outer bound')),
        /outer bound/,
      );
    } finally {
      clearInterval(alive);
    }
  });

  it('lets a tighter deadline due in the same late turn give its own answer', async () => {
    // The inner deadline settles from an immediate after its timer, as a connection's reply budget does.
    const inner = new Promise<never>((_resolve, reject) => {
      setTimeout(() => setImmediate(() => reject(new Error('reply too slow'))), 10);
    });
    const bounded = withTimeout(inner, 20, () => new Error('step timeout'));
    busy(80);
    await assert.rejects(bounded, /reply too slow/);
  });

  it('still answers with the value when the promise settles first', async () => {
    assert.equal(await withTimeout(Promise.resolve(7), 10, () => new Error('late')), 7);
  });
});
