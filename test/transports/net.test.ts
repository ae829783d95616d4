import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { DrobotError } from '../../src/errors/drobot-error.js';
import { connectEndpoint } from '../../src/transports/net/connect.js';
import { LineConnection } from '../../src/transports/net/line-connection.js';
import { resolveHost } from '../../src/transports/net/resolve.js';
import { connectTcp } from '../../src/transports/net/tcp.js';
import { startTls, TlsCertificateError } from '../../src/transports/net/tls.js';
import type { ProxySettings, TlsTrust } from '../../src/transports/types.js';
import { startHttpConnectProxy, type HttpConnectProxy } from '../support/http-connect-proxy.js';
import { createTestPki, type CertFiles, type TestPki } from '../support/pki.js';
import { startSilentServer, type SilentServer } from '../support/silent-server.js';
import { startSocks5Proxy, type Socks5Proxy } from '../support/socks5-proxy.js';

const TIMEOUT = 800;
const verifyTrust: TlsTrust = { insecureSkipVerify: false };

const open = new Set<net.Socket>();

async function listen(server: net.Server): Promise<number> {
  server.on('connection', (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A plain server that greets and answers every line with an error, like POP3 does. */
function greetingServer(): net.Server {
  return net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('+OK ready\r\n');
    socket.on('data', () => socket.write('-ERR unknown command\r\n'));
  });
}

function tlsServer(cert: CertFiles): tls.Server {
  const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => {
    socket.on('error', () => undefined);
    socket.write('+OK secure\r\n');
  });
  server.on('tlsClientError', () => undefined);
  return server;
}

async function expectCode(promise: Promise<unknown>, code: string, step?: string): Promise<DrobotError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DrobotError, `expected a DrobotError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (step) assert.equal(error.step, step);
    return error;
  }
  assert.fail(`expected ${code}`);
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('network layer', () => {
  let pki: TestPki;
  const servers: net.Server[] = [];
  const ports: Record<'plain' | 'good' | 'expired' | 'wrongName' | 'selfSigned', number> = {
    plain: 0,
    good: 0,
    expired: 0,
    wrongName: 0,
    selfSigned: 0,
  };
  let silent: SilentServer;
  let socks: Socks5Proxy;
  let socksAuth: Socks5Proxy;
  let socksRefusing: Socks5Proxy;
  let http: HttpConnectProxy;
  let httpAuth: HttpConnectProxy;
  let httpRefusing: HttpConnectProxy;

  before(async () => {
    pki = createTestPki();
    const make = async (key: keyof typeof ports, server: net.Server) => {
      servers.push(server);
      ports[key] = await listen(server);
    };
    await make('plain', greetingServer());
    await make('good', tlsServer(pki.server));
    await make('expired', tlsServer(pki.expired));
    await make('wrongName', tlsServer(pki.wrongName));
    await make('selfSigned', tlsServer(pki.selfSigned));
    silent = await startSilentServer();
    socks = await startSocks5Proxy();
    socksAuth = await startSocks5Proxy({ username: 'proxyuser', password: 'proxy-secret' });
    socksRefusing = await startSocks5Proxy({ refuse: true });
    http = await startHttpConnectProxy();
    httpAuth = await startHttpConnectProxy({ username: 'proxyuser', password: 'proxy-secret' });
    httpRefusing = await startHttpConnectProxy({ refuse: true });
  });

  after(async () => {
    for (const socket of open) socket.destroy();
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all(
      [silent, socks, socksAuth, socksRefusing, http, httpAuth, httpRefusing].map((s) => s.stop()),
    );
  });

  describe('dns and tcp', () => {
    it('skips the lookup for IP literals and resolves names', async () => {
      const literal = await resolveHost('127.0.0.1', { timeoutMs: TIMEOUT });
      assert.deepEqual(literal.addresses, ['127.0.0.1']);
      assert.equal(literal.literal, true);
      const named = await resolveHost('localhost', { timeoutMs: TIMEOUT });
      assert.equal(named.literal, false);
      assert.ok(named.addresses.length > 0);
    });

    it('reports an unknown host at the dns step', async () => {
      const error = await expectCode(
        resolveHost('no-such-host.invalid', { timeoutMs: 3000 }),
        'dns_not_found',
        'dns',
      );
      assert.match(error.render('es').message, /no-such-host\.invalid/);
    });

    it('reports a DNS lookup that takes too long', async () => {
      const never = () => new Promise<never>(() => undefined);
      await expectCode(resolveHost('slow.example', { timeoutMs: 100, lookup: never }), 'dns_timeout', 'dns');
    });

    it('reports a closed port as refused', async () => {
      const port = await closedPort();
      const error = await expectCode(
        connectTcp({ host: '127.0.0.1', port, timeoutMs: TIMEOUT }),
        'connection_refused',
        'tcp',
      );
      assert.match(error.render('en').hint ?? '', new RegExp(String(port)));
    });

    it('times out waiting for a silent server within the timeout plus a small margin', async () => {
      const socket = await connectEndpoint({ host: '127.0.0.1', port: silent.port, timeoutMs: TIMEOUT });
      const lines = new LineConnection(socket, { host: '127.0.0.1', port: silent.port, timeoutMs: TIMEOUT });
      const started = Date.now();
      const error = await expectCode(lines.readLine(), 'reply_timeout', 'greeting');
      const took = Date.now() - started;
      assert.ok(took >= TIMEOUT - 20 && took < TIMEOUT + 500, `took ${took} ms`);
      assert.match(error.render('en').message, /800 ms/);
      assert.equal(await lines.looksLikeTlsPort(200), false, 'a silent plain server is not a TLS port');
      lines.close();
    });
  });

  describe('tls', () => {
    async function handshake(port: number, trust: TlsTrust, host = 'localhost') {
      const socket = await connectEndpoint({ host, port, timeoutMs: TIMEOUT });
      return startTls(socket, { host, port, trust, timeoutMs: TIMEOUT });
    }

    it('trusts the test CA when it is configured and describes the certificate', async () => {
      const session = await handshake(ports.good, { ...verifyTrust, caPem: pki.caPem });
      assert.equal(session.certificate.verified, true);
      assert.equal(session.certificate.fingerprintSha256, pki.server.sha256);
      assert.ok(session.certificate.altNames.includes('localhost'));
      assert.match(session.certificate.issuer, /DRobot Test CA/);
      assert.ok(session.certificate.validTo > new Date().toISOString());
      const lines = new LineConnection(session.socket, {
        host: 'localhost',
        port: ports.good,
        timeoutMs: TIMEOUT,
      });
      assert.equal(await lines.readLine(), '+OK secure');
      lines.close();
    });

    it('verifies 127.0.0.1 against the IP address in the certificate', async () => {
      const session = await handshake(ports.good, { ...verifyTrust, caPem: pki.caPem }, '127.0.0.1');
      assert.equal(session.certificate.verified, true);
      session.socket.destroy();
    });

    it('refuses a certificate from an unknown CA, with the certificate attached', async () => {
      const error = await expectCode(handshake(ports.good, verifyTrust), 'tls_cert_untrusted', 'tls');
      assert.ok(error instanceof TlsCertificateError);
      assert.equal(error.certificate.verified, false);
      assert.equal(error.certificate.fingerprintSha256, pki.server.sha256);
      await expectCode(handshake(ports.selfSigned, verifyTrust), 'tls_cert_untrusted', 'tls');
    });

    it('refuses an expired certificate', async () => {
      await expectCode(
        handshake(ports.expired, { ...verifyTrust, caPem: pki.caPem }),
        'tls_cert_expired',
        'tls',
      );
    });

    it('refuses a certificate for another name', async () => {
      const error = await expectCode(
        handshake(ports.wrongName, { ...verifyTrust, caPem: pki.caPem }),
        'tls_hostname_mismatch',
        'tls',
      );
      assert.match(error.render('en').message, /other\.invalid/);
    });

    it('accepts exactly the pinned certificate', async () => {
      const pin = pki.selfSigned.sha256.toUpperCase().replace(/(..)(?!$)/g, '$1:');
      const session = await handshake(ports.selfSigned, { ...verifyTrust, pinSha256: pin });
      assert.equal(session.certificate.verified, true);
      session.socket.destroy();
      await expectCode(
        handshake(ports.good, { ...verifyTrust, pinSha256: pki.selfSigned.sha256 }),
        'tls_pin_mismatch',
        'tls',
      );
    });

    it('accepts anything when verification is off, and says it was not verified', async () => {
      const session = await handshake(ports.selfSigned, { insecureSkipVerify: true });
      assert.equal(session.certificate.verified, false);
      assert.ok(session.certificate.verifyError);
      session.socket.destroy();
    });

    it('recognises a plain server on the port', async () => {
      const error = await expectCode(handshake(ports.plain, verifyTrust), 'tls_on_plain_port', 'tls');
      assert.match(error.render('en').message, new RegExp(`port ${ports.plain}`));
    });

    it('times out a handshake nobody answers', async () => {
      const started = Date.now();
      await expectCode(handshake(silent.port, verifyTrust, '127.0.0.1'), 'tls_handshake_timeout', 'tls');
      assert.ok(Date.now() - started < TIMEOUT + 500);
    });

    it('recognises a TLS port spoken to in plain text', async () => {
      const socket = await connectEndpoint({ host: '127.0.0.1', port: ports.good, timeoutMs: TIMEOUT });
      const lines = new LineConnection(socket, { host: '127.0.0.1', port: ports.good, timeoutMs: 300 });
      await expectCode(lines.readLine(), 'reply_timeout', 'greeting');
      assert.equal(await lines.looksLikeTlsPort(300), true);
      lines.close();
    });

    it('reads the greeting of a plain server', async () => {
      const socket = await connectEndpoint({ host: 'localhost', port: ports.plain, timeoutMs: TIMEOUT });
      const lines = new LineConnection(socket, { host: 'localhost', port: ports.plain, timeoutMs: TIMEOUT });
      assert.equal(await lines.readLine(), '+OK ready');
      lines.close();
    });
  });

  describe('proxies', () => {
    const proxy = (type: 'socks5' | 'http', port: number, auth?: [string, string]): ProxySettings => ({
      type,
      host: '127.0.0.1',
      port,
      ...(auth ? { username: auth[0], password: auth[1] } : {}),
    });

    async function greetingThrough(settings: ProxySettings, host = 'localhost'): Promise<string> {
      const socket = await connectEndpoint({ host, port: ports.plain, timeoutMs: TIMEOUT, proxy: settings });
      const lines = new LineConnection(socket, { host, port: ports.plain, timeoutMs: TIMEOUT });
      try {
        return await lines.readLine();
      } finally {
        lines.close();
      }
    }

    for (const type of ['socks5', 'http'] as const) {
      describe(type, () => {
        const open = () => (type === 'socks5' ? socks : http);
        const withAuth = () => (type === 'socks5' ? socksAuth : httpAuth);
        const refusing = () => (type === 'socks5' ? socksRefusing : httpRefusing);

        it('tunnels to the server, by name and by address', async () => {
          const before = open().connections;
          assert.equal(await greetingThrough(proxy(type, open().port)), '+OK ready');
          assert.equal(await greetingThrough(proxy(type, open().port), '127.0.0.1'), '+OK ready');
          assert.equal(open().connections, before + 2);
        });

        it('keeps a greeting that arrives before anyone reads it', async () => {
          const socket = await connectEndpoint({
            host: 'localhost',
            port: ports.plain,
            timeoutMs: TIMEOUT,
            proxy: proxy(type, open().port),
          });
          await new Promise((resolve) => setTimeout(resolve, 50));
          const lines = new LineConnection(socket, {
            host: 'localhost',
            port: ports.plain,
            timeoutMs: TIMEOUT,
          });
          assert.equal(await lines.readLine(), '+OK ready');
          lines.close();
        });

        it('logs in to the proxy', async () => {
          const settings = proxy(type, withAuth().port, ['proxyuser', 'proxy-secret']);
          assert.equal(await greetingThrough(settings), '+OK ready');
        });

        it('carries TLS through the tunnel', async () => {
          const socket = await connectEndpoint({
            host: 'localhost',
            port: ports.good,
            timeoutMs: TIMEOUT,
            proxy: proxy(type, open().port),
          });
          const session = await startTls(socket, {
            host: 'localhost',
            port: ports.good,
            trust: { ...verifyTrust, caPem: pki.caPem },
            timeoutMs: TIMEOUT,
          });
          assert.equal(session.certificate.verified, true);
          session.socket.destroy();
        });

        it('reports wrong or missing proxy credentials', async () => {
          const error = await expectCode(
            greetingThrough(proxy(type, withAuth().port, ['proxyuser', 'wrong-secret'])),
            'proxy_auth_failed',
            'proxy',
          );
          assert.doesNotMatch(JSON.stringify(error.render('en')), /wrong-secret/);
          await expectCode(greetingThrough(proxy(type, withAuth().port)), 'proxy_auth_failed', 'proxy');
        });

        it('reports a proxy that refuses the target', async () => {
          const error = await expectCode(
            greetingThrough(proxy(type, refusing().port)),
            'proxy_refused',
            'proxy',
          );
          assert.match(error.render('es').hint ?? '', /proxy/);
        });

        it('reports a proxy that never answers, within the timeout', async () => {
          const started = Date.now();
          await expectCode(greetingThrough(proxy(type, silent.port)), 'proxy_refused', 'proxy');
          const took = Date.now() - started;
          assert.ok(took >= TIMEOUT - 20 && took < TIMEOUT + 500, `took ${took} ms`);
        });

        it('reports a proxy nobody listens on', async () => {
          await expectCode(greetingThrough(proxy(type, await closedPort())), 'proxy_refused', 'tcp');
        });
      });
    }
  });
});
