import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extraCaContext } from '../../src/transports/net/extra-ca.js';
import { connectTcp } from '../../src/transports/net/tcp.js';
import { startTls } from '../../src/transports/net/tls.js';
import { imapOptions } from '../../src/transports/imap/imap.session.js';
import { createTestPki, type CertFiles, type TestPki } from '../support/pki.js';

/** An account's extra CA: trusted on top of the process's CAs, by that account's connections only. */

function tlsServer(cert: CertFiles): Promise<{ server: tls.Server; port: number }> {
  const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => {
    socket.on('error', () => undefined);
    socket.end('+OK\r\n');
  });
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as net.AddressInfo).port }),
    ),
  );
}

/** Whether a handshake with these options verifies the server's certificate (and why not). */
function verdict(port: number, options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () => {
      resolve(socket.authorized ? 'trusted' : String(socket.authorizationError));
      socket.destroy();
    });
    socket.on('error', (error) => resolve(`error ${error.message}`));
  });
}

describe('an extra CA certificate', () => {
  let ours: TestPki;
  let other: TestPki;
  let oursPort: number;
  let otherPort: number;
  const servers: tls.Server[] = [];

  before(async () => {
    ours = createTestPki();
    other = createTestPki();
    for (const [pki, set] of [
      [ours, (p: number) => (oursPort = p)],
      [other, (p: number) => (otherPort = p)],
    ] as const) {
      const { server, port } = await tlsServer(pki.server);
      servers.push(server);
      set(port);
    }
  });
  after(() => servers.forEach((s) => s.close()));

  it('is trusted by the handshake of a connection that names it', async () => {
    const socket = await connectTcp({ host: '127.0.0.1', port: oursPort, timeoutMs: 2000 });
    const session = await startTls(socket.socket, {
      host: '127.0.0.1',
      port: oursPort,
      trust: { caPem: ours.caPem, insecureSkipVerify: false },
      timeoutMs: 2000,
    });
    assert.equal(session.certificate.verified, true);
    session.socket.destroy();
  });

  it('is trusted by no other connection of the process: not the defaults, not another CA’s context', async () => {
    extraCaContext(ours.caPem);
    assert.equal(await verdict(oursPort, {}), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.equal(
      await verdict(oursPort, { secureContext: tls.createSecureContext() }),
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    );
    assert.equal(
      await verdict(oursPort, { secureContext: extraCaContext(other.caPem) }),
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    );
    assert.equal(await verdict(otherPort, { secureContext: extraCaContext(other.caPem) }), 'trusted');
  });

  it('is built once per certificate and given to IMAP as to POP3 and SMTP (one TLS handshake for both)', () => {
    const context = extraCaContext(ours.caPem);
    assert.equal(extraCaContext(ours.caPem), context);
    assert.notEqual(extraCaContext(other.caPem), context);
    const endpoint = {
      host: 'mail.example.test',
      port: 993,
      security: 'implicit' as const,
      timeoutMs: 1000,
      tls: { caPem: ours.caPem, insecureSkipVerify: false },
    };
    const imap = imapOptions({
      ...endpoint,
      credentials: { kind: 'password', username: 'u', password: 'p' },
    } as Parameters<typeof imapOptions>[0]);
    assert.equal((imap.tls as tls.ConnectionOptions).secureContext, context);
  });

  it('keeps the CAs the process trusts (here a system store given with --use-openssl-ca)', async () => {
    // In a child whose root store is `other`'s CA alone: a context with `ours` as its extra CA trusts both.
    const module = fileURLToPath(new URL('../../src/transports/net/extra-ca.js', import.meta.url));
    const script = `
      import tls from 'node:tls';
      import { extraCaContext } from ${JSON.stringify(module)};
      const verdict = (port, options) => new Promise((resolve) => {
        const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () => {
          resolve(s.authorized ? 'trusted' : String(s.authorizationError)); s.destroy();
        });
        s.on('error', (e) => resolve('error ' + e.message));
      });
      const context = extraCaContext(process.env.OURS_CA);
      console.log(JSON.stringify({
        ours: await verdict(${oursPort}, { secureContext: context }),
        system: await verdict(${otherPort}, { secureContext: context }),
        defaultsOurs: await verdict(${oursPort}, {}),
        defaultsSystem: await verdict(${otherPort}, {}),
      }));`;
    // Asynchronous: the servers the child connects to run in this process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--use-openssl-ca', '--input-type=module', '-e', script],
      {
        env: {
          ...process.env,
          SSL_CERT_FILE: other.caFile,
          SSL_CERT_DIR: '/nonexistent',
          OURS_CA: ours.caPem,
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    assert.deepEqual(JSON.parse(stdout), {
      ours: 'trusted',
      system: 'trusted',
      defaultsOurs: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      defaultsSystem: 'trusted',
    });
  });
});
