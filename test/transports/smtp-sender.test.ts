import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { DrobotError } from '../../src/errors/drobot-error.js';
import { createSmtpSender, type SmtpMail } from '../support/smtp-sender.js';
import type { Credentials, Endpoint, TlsTrust } from '../../src/transports/types.js';
import { startHttpConnectProxy, type HttpConnectProxy } from '../support/http-connect-proxy.js';
import { drobotFailure } from '../support/failure.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { startSocks5Proxy, type Socks5Proxy } from '../support/socks5-proxy.js';

const PASSWORD = 'S3cret-pässword';
const TOKEN = 'ya29.test-access-token';
let pki: TestPki;
let server: TestSmtpServer;
let socks: Socks5Proxy;
let http: HttpConnectProxy;

before(async () => {
  pki = createTestPki();
  server = await startSmtpServer({
    pki,
    users: { 'desk@example.test': PASSWORD },
    xoauth2: (user, token) => user === 'desk@example.test' && token === TOKEN,
  });
  socks = await startSocks5Proxy({ username: 'proxyuser', password: 'proxypass' });
  http = await startHttpConnectProxy();
});

after(async () => {
  await server.stop();
  await socks.stop();
  await http.stop();
});

const trust = (): TlsTrust => ({ caPem: pki.caPem, insecureSkipVerify: false });
const password: Credentials = { kind: 'password', username: 'desk@example.test', password: PASSWORD };

function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    host: '127.0.0.1',
    port: server.port,
    security: 'starttls',
    timeoutMs: 3000,
    tls: trust(),
    ...overrides,
  };
}

let counter = 0;
function mail(): SmtpMail {
  counter += 1;
  return {
    from: 'desk@example.test',
    fromName: 'Mesa de servicio',
    to: 'ana@example.test',
    subject: `Prueba ${counter} ñ`,
    text: 'Texto',
    html: '<p>Texto</p>',
    messageId: `<test.${counter}.${Date.now()}@example.test>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

function assertNoSecret(error: DrobotError): void {
  const shown = JSON.stringify([error.message, error.serverReply, error.render('es'), error.render('en')]);
  for (const secret of [PASSWORD, TOKEN, Buffer.from(PASSWORD).toString('base64')]) {
    assert.ok(!shown.includes(secret), 'no secret in the error');
  }
}

describe('SMTP sender', () => {
  test('STARTTLS with AUTH PLAIN: delivered with our Message-ID and headers', async () => {
    server.reset();
    const sender = createSmtpSender({ endpoint: endpoint(), credentials: password, sasl: 'plain' });
    const m = mail();
    const result = await sender.send(m);
    await sender.close();
    assert.match(result.response, /^250 /);
    assert.equal(result.messageId, m.messageId);
    const [received] = await server.waitForMessages(1);
    assert.equal(received?.messageId, m.messageId);
    assert.equal(received?.secure, true);
    assert.equal(received?.user, 'desk@example.test');
    assert.equal(received?.authMethod, 'PLAIN');
    assert.equal(received?.headers['auto-submitted'], 'auto-generated');
    assert.match(received?.headers.from ?? '', /Mesa de servicio.*<desk@example\.test>/);
  });

  test('implicit TLS with AUTH LOGIN', async () => {
    server.reset();
    const sender = createSmtpSender({
      endpoint: endpoint({ port: server.tlsPort, security: 'implicit' }),
      credentials: password,
      sasl: 'login',
    });
    await sender.send(mail());
    await sender.close();
    assert.equal(server.messages[0]?.authMethod, 'LOGIN');
    assert.equal(server.messages[0]?.secure, true);
  });

  test('XOAUTH2 with an access token; a rejected token is a permanent auth failure without the token', async () => {
    server.reset();
    const oauth: Credentials = { kind: 'oauth2', username: 'desk@example.test', accessToken: TOKEN };
    const sender = createSmtpSender({ endpoint: endpoint(), credentials: oauth });
    await sender.send(mail());
    await sender.close();
    assert.equal(server.messages[0]?.authMethod, 'XOAUTH2');

    const bad = createSmtpSender({
      endpoint: endpoint(),
      credentials: { kind: 'oauth2', username: 'desk@example.test', accessToken: 'expired-token' },
    });
    const error = await drobotFailure(bad.send(mail()));
    await bad.close();
    assert.equal(error.code, 'smtp_auth_failed');
    assert.equal(error.retryable, false);
    assert.equal(error.step, 'auth');
  });

  test('a wrong password: permanent, with the server reply, never the password', async () => {
    const sender = createSmtpSender({
      endpoint: endpoint(),
      credentials: { ...password, password: `${PASSWORD}-wrong` },
    });
    const error = await drobotFailure(sender.send(mail()));
    await sender.close();
    assert.equal(error.code, 'smtp_auth_failed');
    assert.equal(error.retryable, false);
    assert.equal(error.step, 'auth');
    assert.match(error.serverReply ?? '', /^535 /);
    assertNoSecret(error);
  });

  test('4xx at RCPT is retryable, 5xx at MAIL FROM is not; each keeps the reply and the command', async () => {
    server.reset({ onRcptTo: () => ({ code: 452, message: '4.2.2 Mailbox full' }) });
    const sender = createSmtpSender({ endpoint: endpoint(), credentials: password });
    const transient = await drobotFailure(sender.send(mail()));
    assert.equal(transient.code, 'smtp_transient');
    assert.equal(transient.retryable, true);
    assert.equal(transient.step, 'rcpt');
    assert.match(transient.serverReply ?? '', /452 4\.2\.2 Mailbox full/);

    server.reset({ onMailFrom: () => ({ code: 554, message: '5.7.1 Sender not allowed' }) });
    const permanent = await drobotFailure(sender.send(mail()));
    await sender.close();
    assert.equal(permanent.code, 'smtp_permanent');
    assert.equal(permanent.retryable, false);
    assert.equal(permanent.step, 'mail');
    assert.match(permanent.serverReply ?? '', /554 5\.7\.1 Sender not allowed/);
    assert.match(permanent.render('es').message, /rechazó el envío \(554\)/);
    server.reset({});
  });

  test('an untrusted certificate fails at the TLS step; a pinned fingerprint is checked', async () => {
    const untrusted = createSmtpSender({
      endpoint: endpoint({ tls: { insecureSkipVerify: false } }),
      credentials: password,
    });
    const error = await drobotFailure(untrusted.send(mail()));
    await untrusted.close();
    // The network layer's own error, as when fetching: what is wrong with the certificate, in both languages.
    assert.equal(error.code, 'tls_cert_untrusted');
    assert.equal(error.step, 'tls');
    assert.equal(error.retryable, true);

    const wrongPin = createSmtpSender({
      endpoint: endpoint({ tls: { ...trust(), pinSha256: 'ab'.repeat(32) } }),
      credentials: password,
    });
    assert.equal((await drobotFailure(wrongPin.send(mail()))).code, 'tls_pin_mismatch');
    await wrongPin.close();

    server.reset();
    const rightPin = createSmtpSender({
      endpoint: endpoint({ tls: { ...trust(), pinSha256: pki.server.sha256.replace(/(..)(?!$)/g, '$1:') } }),
      credentials: password,
    });
    await rightPin.send(mail());
    await rightPin.close();
    assert.equal(server.messages.length, 1);
  });

  test('nothing listening: a retryable network error', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const sender = createSmtpSender({ endpoint: endpoint({ port: closed }), credentials: password });
    const error = await drobotFailure(sender.send(mail()));
    await sender.close();
    assert.equal(error.code, 'connection_refused');
    assert.equal(error.retryable, true);
    assert.equal(error.step, 'tcp');
    assert.match(error.render('es').message, /127\.0\.0\.1/);
  });

  test('through a SOCKS5 proxy with credentials, and through an HTTP CONNECT proxy', async () => {
    server.reset();
    const before = { socks: socks.connections, http: http.connections };
    const viaSocks = createSmtpSender({
      endpoint: endpoint({
        proxy: {
          type: 'socks5',
          host: '127.0.0.1',
          port: socks.port,
          username: 'proxyuser',
          password: 'proxypass',
        },
      }),
      credentials: password,
    });
    await viaSocks.send(mail());
    await viaSocks.close();
    const viaHttp = createSmtpSender({
      endpoint: endpoint({ proxy: { type: 'http', host: '127.0.0.1', port: http.port } }),
      credentials: password,
    });
    await viaHttp.send(mail());
    await viaHttp.close();
    assert.equal(server.messages.length, 2);
    assert.equal(socks.connections, before.socks + 1);
    assert.equal(http.connections, before.http + 1);
  });

  test('a pooled sender reuses its connections', async () => {
    server.reset();
    const opened = server.connectionCount();
    const sender = createSmtpSender({
      endpoint: endpoint(),
      credentials: password,
      pool: { maxConnections: 2, maxMessages: 100 },
    });
    await Promise.all(Array.from({ length: 12 }, () => sender.send(mail())));
    await sender.close();
    assert.equal(server.messages.length, 12);
    assert.ok(server.connectionCount() - opened <= 2, `opened ${server.connectionCount() - opened}`);
  });
});
