import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { runConnectionTest } from '../../src/diagnostics/index.js';
import type { ConnectionTestResult, ConnectionTestSpec, StepName } from '../../src/diagnostics/index.js';
import type { Endpoint, Security } from '../../src/transports/types.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startHttpConnectProxy, type HttpConnectProxy } from '../support/http-connect-proxy.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSilentServer, type SilentServer } from '../support/silent-server.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { startSocks5Proxy, type Socks5Proxy } from '../support/socks5-proxy.js';

const USER = 'alice@example.test';
const PASSWORD = 'Pa55-w0rd!s3cret';
const TIMEOUT = 1500;

type Protocol = ConnectionTestSpec['protocol'];

let pki: TestPki;
let dovecot: DovecotServer;
let smtp: TestSmtpServer;
const results: ConnectionTestResult[] = [];

function portOf(protocol: Protocol, implicit: boolean): number {
  if (protocol === 'smtp') return implicit ? smtp.tlsPort : smtp.port;
  if (protocol === 'pop3') return implicit ? dovecot.ports.pop3s : dovecot.ports.pop3;
  return implicit ? dovecot.ports.imaps : dovecot.ports.imap;
}

function spec(
  protocol: Protocol,
  security: Security,
  over: Partial<ConnectionTestSpec> = {},
  endpoint: Partial<Endpoint> = {},
): ConnectionTestSpec {
  return {
    protocol,
    endpoint: {
      host: 'localhost',
      port: portOf(protocol, security === 'implicit'),
      security,
      timeoutMs: TIMEOUT,
      tls: { caPem: pki.caPem, insecureSkipVerify: false },
      ...endpoint,
    },
    sasl: 'auto',
    credentials: { kind: 'password', username: USER, password: PASSWORD },
    smtpAuth: true,
    ...over,
  };
}

async function run(s: ConnectionTestSpec): Promise<ConnectionTestResult> {
  const result = await runConnectionTest(s);
  results.push(result);
  return result;
}

function statuses(result: ConnectionTestResult): string[] {
  return result.steps.map((s) => `${s.name}:${s.status}`);
}

function failure(result: ConnectionTestResult, step: StepName, code: string) {
  assert.equal(result.ok, false, JSON.stringify(result.steps, null, 1));
  assert.equal(result.failedStep, step, JSON.stringify(result.steps, null, 1));
  const failed = result.steps.find((s) => s.name === step);
  assert.equal(failed?.error?.code, code, JSON.stringify(failed));
  assert.ok(failed.error.hint, `a hint for ${code}`);
  const after = result.steps.slice(result.steps.indexOf(failed) + 1);
  assert.ok(
    after.every((s) => s.status === 'skipped'),
    'the rest are skipped',
  );
  return failed.error;
}

const lastStep = (protocol: Protocol) => (protocol === 'smtp' ? 'send' : 'mailbox');

before(async () => {
  pki = createTestPki();
  dovecot = await startDovecot({ pki, users: [{ user: USER, password: PASSWORD }] });
  dovecot.deliver(USER, Buffer.from('From: a@example.test\r\nSubject: one\r\n\r\nbody\r\n'));
  dovecot.deliver(USER, Buffer.from('From: b@example.test\r\nSubject: two\r\n\r\nbody\r\n'), { seen: true });
  smtp = await startSmtpServer({ pki, users: { [USER]: PASSWORD } });
});

after(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
  // Whatever happened, the password never appears in a result.
  assert.ok(results.length > 20);
  for (const result of results) assert.doesNotMatch(JSON.stringify(result), /Pa55-w0rd|proxy-s3cret/);
});

describe('connection test: success for every protocol and security', () => {
  for (const protocol of ['pop3', 'imap', 'smtp'] as const) {
    it(`${protocol}: implicit TLS`, async () => {
      const result = await run(spec(protocol, 'implicit'));
      assert.deepEqual(statuses(result), [
        'dns:ok',
        'tcp:ok',
        'tls:ok',
        'greeting:ok',
        'capabilities:ok',
        'auth:ok',
        `${lastStep(protocol)}:${protocol === 'smtp' ? 'skipped' : 'ok'}`,
      ]);
      assert.equal(result.ok, true);
      const tlsStep = result.steps.find((s) => s.name === 'tls');
      const certificate = tlsStep?.data?.certificate as { verified: boolean; fingerprintSha256: string };
      assert.equal(certificate.verified, true);
      assert.equal(certificate.fingerprintSha256, pki.server.sha256);
      assert.match(tlsStep?.detail ?? '', /verificado/);
      assert.deepEqual(result.warnings, []);
    });

    it(`${protocol}: auto on a non-standard port is STARTTLS, as fetching and sending take it`, async () => {
      // The port speaks TLS from the first byte, but `auto` on a port that is not 993/995/465 means
      // STARTTLS everywhere: the test says so (and which setting to choose) instead of passing where
      // fetching or sending would then fail.
      const result = await run(spec(protocol, 'auto', { lang: 'en' }, { port: portOf(protocol, true) }));
      assert.equal(result.ok, false);
      assert.equal(result.failedStep, 'greeting');
      const failed = result.steps.find((s) => s.name === 'greeting');
      assert.equal(failed?.error?.code, 'plain_on_tls_port', JSON.stringify(result.steps, null, 1));
      assert.deepEqual(
        result.steps.slice(0, 3).map((s) => s.name),
        ['dns', 'tcp', 'greeting'],
      );
    });

    for (const security of ['starttls', 'auto'] as const) {
      it(`${protocol}: ${security} on the plain port`, async () => {
        const result = await run(spec(protocol, security));
        assert.deepEqual(statuses(result), [
          'dns:ok',
          'tcp:ok',
          'greeting:ok',
          'capabilities:ok',
          'starttls:ok',
          'tls:ok',
          'auth:ok',
          `${lastStep(protocol)}:${protocol === 'smtp' ? 'skipped' : 'ok'}`,
        ]);
        assert.deepEqual(result.warnings, []);
      });
    }

    it(`${protocol}: no security, with a warning about the password in clear`, async () => {
      const result = await run(spec(protocol, 'none', { lang: 'en' }));
      assert.equal(result.ok, true, JSON.stringify(result.steps));
      assert.equal(result.steps.find((s) => s.name === 'tls')?.status, 'skipped');
      const command = protocol === 'pop3' ? 'STLS' : 'STARTTLS';
      assert.deepEqual(result.warnings, [
        `The server offers ${command}, but the configured security is "none": choose STARTTLS to encrypt the connection.`,
        'The credentials were sent over an unencrypted connection.',
      ]);
    });
  }

  it('reports mailbox counts', async () => {
    const imap = await run(spec('imap', 'implicit'));
    const folder = imap.steps.find((s) => s.name === 'mailbox');
    assert.equal(folder?.data?.exists, 2);
    assert.equal(folder?.data?.unseen, 1);
    assert.ok(Number(folder?.data?.uidValidity) > 0);
    const pop3 = await run(spec('pop3', 'implicit'));
    assert.equal(pop3.steps.find((s) => s.name === 'mailbox')?.data?.count, 2);
  });

  it('sends a real test message when asked to', async () => {
    const before = smtp.messages.length;
    const result = await run(spec('smtp', 'starttls', { sendTestTo: 'desk@example.test' }));
    assert.equal(result.steps.find((s) => s.name === 'send')?.status, 'ok');
    assert.equal(smtp.messages.length, before + 1);
    assert.deepEqual(smtp.messages.at(-1)?.envelope.to, ['desk@example.test']);
    assert.equal(smtp.messages.at(-1)?.envelope.from, USER);
  });

  it('a refused test recipient fails at the send step with the server reply', async () => {
    const picky = await startSmtpServer({
      pki,
      users: { [USER]: PASSWORD },
      script: { onRcptTo: () => ({ code: 550, message: '5.1.1 No such user here' }) },
    });
    try {
      const result = await run(
        spec('smtp', 'starttls', { sendTestTo: 'nobody@example.test' }, { port: picky.port }),
      );
      const error = failure(result, 'send', 'send_rejected');
      assert.match(error.serverReply ?? '', /550 5\.1\.1 No such user here/);
      assert.equal(picky.messages.length, 0);
    } finally {
      await picky.stop();
    }
  });

  it('skips SMTP AUTH when the account does not use it', async () => {
    const open = await startSmtpServer({ pki });
    try {
      const result = await run(spec('smtp', 'starttls', { smtpAuth: false }, { port: open.port }));
      assert.equal(result.ok, true);
      assert.equal(result.steps.find((s) => s.name === 'auth')?.status, 'skipped');
    } finally {
      await open.stop();
    }
  });

  it('warns when certificate verification is off', async () => {
    const result = await run(spec('imap', 'implicit', { lang: 'en' }, { tls: { insecureSkipVerify: true } }));
    assert.equal(result.ok, true);
    const certificate = result.steps.find((s) => s.name === 'tls')?.data?.certificate as {
      verified: boolean;
    };
    assert.equal(certificate.verified, false);
    assert.match(result.warnings.join(' '), /verification is turned off/);
  });
});

describe('connection test: failures at the right step, with a hint', () => {
  let silent: SilentServer;
  const inProcess: net.Server[] = [];

  before(async () => {
    silent = await startSilentServer();
  });
  after(async () => {
    await silent.stop();
    for (const server of inProcess) server.close();
  });

  for (const protocol of ['pop3', 'imap', 'smtp'] as const) {
    it(`${protocol}: wrong password`, async () => {
      const result = await run(
        spec(protocol, 'starttls', {
          credentials: { kind: 'password', username: USER, password: 'Pa55-w0rd!wrong' },
        }),
      );
      const error = failure(result, 'auth', protocol === 'pop3' ? 'pop3_auth_failed' : 'auth_failed');
      assert.doesNotMatch(JSON.stringify(result), /Pa55-w0rd/);
      assert.ok(error.message.length > 0);
    });

    it(`${protocol}: a silent server times out within the timeout`, async () => {
      const timeoutMs = 1000;
      const result = await run(spec(protocol, 'none', {}, { port: silent.port, timeoutMs }));
      const error = failure(result, 'greeting', protocol === 'pop3' ? 'pop3_timeout' : 'reply_timeout');
      const step = result.steps.find((s) => s.name === 'greeting');
      assert.ok(step && step.durationMs >= timeoutMs - 50, `waited ${step?.durationMs} ms`);
      assert.ok(result.durationMs < timeoutMs + 1200, `took ${result.durationMs} ms`);
      assert.match(`${error.message} ${error.hint}`, /1000 ms/);
    });

    it(`${protocol}: plain text to the implicit TLS port`, async () => {
      const result = await run(spec(protocol, 'none', {}, { port: portOf(protocol, true), timeoutMs: 800 }));
      const error = failure(result, 'greeting', 'plain_on_tls_port');
      assert.match(error.hint ?? '', /TLS/);
    });

    it(`${protocol}: TLS to the plain port`, async () => {
      const result = await run(spec(protocol, 'implicit', {}, { port: portOf(protocol, false) }));
      const error = failure(result, 'tls', 'tls_on_plain_port');
      assert.match(error.hint ?? '', /STARTTLS/);
    });
  }

  it('an unknown host fails at dns', async () => {
    const result = await run(spec('imap', 'implicit', {}, { host: 'mail.no-such-domain.invalid' }));
    const error = failure(result, 'dns', 'dns_not_found');
    assert.match(error.message, /mail\.no-such-domain\.invalid/);
  });

  it('a closed port fails at tcp', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = failure(await run(spec('pop3', 'implicit', {}, { port })), 'tcp', 'connection_refused');
    assert.match(error.message, new RegExp(String(port)));
  });

  it('an untrusted certificate becomes trusted once its CA is configured', async () => {
    const untrusted = await run(spec('imap', 'implicit', {}, { tls: { insecureSkipVerify: false } }));
    const error = failure(untrusted, 'tls', 'tls_cert_untrusted');
    const shown = untrusted.steps.find((s) => s.name === 'tls')?.data?.certificate as {
      issuer: string;
      fingerprintSha256: string;
    };
    assert.match(shown.issuer, /DRobot Test CA/);
    // The plain hint names the flags and the fingerprint to check and pin.
    assert.match(error.hint ?? '', /--ca-file/);
    assert.ok(error.hint?.includes(`--pin-sha256 ${shown.fingerprintSha256}`), error.hint);
    assert.match(shown.fingerprintSha256, /^[0-9a-f]{64}$/);
    const trusted = await run(spec('imap', 'implicit'));
    assert.equal(trusted.ok, true);
  });

  it('a pinned fingerprint is trusted without the CA', async () => {
    const pinned = await run(
      spec('pop3', 'implicit', {}, { tls: { insecureSkipVerify: false, pinSha256: pki.server.sha256 } }),
    );
    assert.equal(pinned.ok, true, JSON.stringify(pinned.steps));
  });

  it('a certificate for another name, and an expired one, fail at tls', async () => {
    for (const [cert, code] of [
      [pki.wrongName, 'tls_hostname_mismatch'],
      [pki.expired, 'tls_cert_expired'],
    ] as const) {
      const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (s) => s.end('* OK\r\n'));
      server.on('tlsClientError', () => undefined);
      inProcess.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as net.AddressInfo).port;
      failure(await run(spec('imap', 'implicit', {}, { port })), 'tls', code);
    }
  });

  it('no common authentication method', async () => {
    const result = await run(spec('smtp', 'starttls', { sasl: 'xoauth2' }));
    const error = failure(result, 'auth', 'no_common_auth_method');
    assert.match(error.message, /PLAIN/);
  });

  it('explicit or auto STARTTLS against a server that does not offer it', async () => {
    const bare = await startSmtpServer({ pki, users: { [USER]: PASSWORD }, hideStartTls: true });
    try {
      failure(
        await run(spec('smtp', 'starttls', {}, { port: bare.port })),
        'starttls',
        'starttls_not_offered',
      );
      // `auto` requires STARTTLS off the TLS ports, as sending does: never a silent plain-text login.
      failure(
        await run(spec('smtp', 'auto', { lang: 'en' }, { port: bare.port })),
        'starttls',
        'starttls_not_offered',
      );
    } finally {
      await bare.stop();
    }
  });
});

describe('connection test: through proxies', () => {
  let socks: Socks5Proxy;
  let http: HttpConnectProxy;
  let socksRefusing: Socks5Proxy;
  let httpRefusing: HttpConnectProxy;
  const auth = { username: 'proxyuser', password: 'proxy-s3cret' };

  before(async () => {
    socks = await startSocks5Proxy(auth);
    http = await startHttpConnectProxy(auth);
    socksRefusing = await startSocks5Proxy({ refuse: true });
    httpRefusing = await startHttpConnectProxy({ refuse: true });
  });
  after(async () => {
    await Promise.all([socks, http, socksRefusing, httpRefusing].map((p) => p.stop()));
  });

  for (const type of ['socks5', 'http'] as const) {
    for (const protocol of ['pop3', 'imap', 'smtp'] as const) {
      for (const security of ['implicit', 'starttls'] as const) {
        it(`${protocol} ${security} through ${type}`, async () => {
          const port = type === 'socks5' ? socks.port : http.port;
          const proxy = { type, host: '127.0.0.1', port, ...auth };
          const result = await run(spec(protocol, security, {}, { proxy }));
          assert.equal(result.ok, true, JSON.stringify(result.steps, null, 1));
          assert.equal(result.steps.find((s) => s.name === 'proxy')?.status, 'ok');
          assert.deepEqual(
            result.steps.slice(0, 3).map((s) => s.name),
            ['dns', 'tcp', 'proxy'],
          );
        });
      }
    }

    it(`a refusing ${type} proxy fails at the proxy step`, async () => {
      const port = type === 'socks5' ? socksRefusing.port : httpRefusing.port;
      const result = await run(spec('imap', 'implicit', {}, { proxy: { type, host: '127.0.0.1', port } }));
      failure(result, 'proxy', 'proxy_refused');
    });

    it(`wrong ${type} proxy credentials fail at the proxy step`, async () => {
      const port = type === 'socks5' ? socks.port : http.port;
      const proxy = { type, host: '127.0.0.1', port, username: 'proxyuser', password: 'proxy-s3cret-wrong' };
      failure(await run(spec('smtp', 'implicit', {}, { proxy })), 'proxy', 'proxy_auth_failed');
    });
  }
});
