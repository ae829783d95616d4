import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runConnectionTest, type ConnectionTestSpec } from '../../src/diagnostics/index.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startScriptedSmtp, type ScriptedSmtp } from './scripted-smtp.js';

const USER = 'help@example.test';
const PASSWORD = 'Hunter2-secret';

describe('hints from well-known server replies', () => {
  let scripted: ScriptedSmtp;

  before(async () => {
    scripted = await startScriptedSmtp();
  });
  after(() => scripted.stop());

  const spec = (lang: 'es' | 'en', sasl: ConnectionTestSpec['sasl'] = 'auto'): ConnectionTestSpec => ({
    protocol: 'smtp',
    endpoint: {
      host: '127.0.0.1',
      port: scripted.port,
      security: 'none',
      timeoutMs: 1000,
      tls: { insecureSkipVerify: false },
    },
    sasl,
    credentials: { kind: 'password', username: USER, password: PASSWORD },
    smtpAuth: true,
    lang,
  });

  const cases = [
    {
      reply:
        '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
      en: /Set-CASMailbox/,
      es: /desactivado SMTP AUTH/,
    },
    {
      reply: '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.',
      en: /basic authentication.*OAuth 2\.0/,
      es: /autenticación básica/,
    },
    {
      reply:
        '534-5.7.9 Application-specific password required. For more information, go to\r\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor',
      en: /app password/,
      es: /contraseña de aplicación/,
    },
    {
      reply:
        '535-5.7.8 Username and Password not accepted. For more information, go to\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials',
      en: /Google did not accept/,
      es: /Google no aceptó/,
    },
    {
      reply: '530 5.7.0 Must issue a STARTTLS command first',
      en: /security to "starttls" \(drobot accounts edit NAME --security starttls\)/,
      es: /cambie la seguridad de la cuenta a «starttls»/,
    },
    {
      reply: '538 5.7.11 Encryption required for requested authentication mechanism',
      en: /it is not the password/,
      es: /no es la contraseña/,
    },
    {
      reply: '535 5.7.8 Authentication credentials invalid',
      en: /Check the username and password/,
      es: /Compruebe el usuario y la contraseña/,
    },
  ];

  it('a refusing greeting fails at the greeting step', async () => {
    scripted.greeting = '554 5.7.1 No SMTP service here';
    try {
      const result = await runConnectionTest(spec('en'));
      assert.equal(result.failedStep, 'greeting');
      const error = result.steps.find((s) => s.name === 'greeting')?.error;
      assert.equal(error?.code, 'greeting_rejected');
      assert.equal(error?.serverReply, '554 5.7.1 No SMTP service here');
    } finally {
      scripted.greeting = '220-scripted.test ESMTP\r\n220 ready';
    }
  });

  it('the timeout bounds a whole reply, not only each line', async () => {
    scripted.ehloDripMs = 300;
    try {
      const started = Date.now();
      const result = await runConnectionTest(spec('en'));
      assert.equal(result.failedStep, 'capabilities');
      const error = result.steps.find((s) => s.name === 'capabilities')?.error;
      assert.equal(error?.code, 'reply_too_slow');
      assert.match(error?.message ?? '', /1000 ms/);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      scripted.ehloDripMs = 0;
    }
  });

  it('reads a multi-line greeting and falls back to HELO', async () => {
    scripted.authReply = '235 2.7.0 Accepted';
    const result = await runConnectionTest(spec('en'), { clientName: 'old.client.test' });
    assert.equal(result.ok, true, JSON.stringify(result.steps, null, 1));
    assert.match(result.steps.find((s) => s.name === 'greeting')?.detail ?? '', /scripted\.test ESMTP ready/);
    assert.deepEqual(result.steps.find((s) => s.name === 'capabilities')?.data?.authMechanisms, [
      'PLAIN',
      'LOGIN',
    ]);
  });

  for (const entry of cases) {
    it(`recognises "${entry.reply.slice(0, 60)}…"`, async () => {
      scripted.authReply = entry.reply;
      for (const lang of ['en', 'es'] as const) {
        for (const sasl of ['plain', 'login'] as const) {
          const result = await runConnectionTest(spec(lang, sasl));
          assert.equal(result.failedStep, 'auth');
          const error = result.steps.find((s) => s.name === 'auth')?.error;
          assert.equal(error?.code, 'auth_failed');
          assert.match(error?.hint ?? '', entry[lang]);
          assert.match(error?.serverReply ?? '', /5\.7\./);
          assert.doesNotMatch(JSON.stringify(result), /Hunter2/);
          assert.doesNotMatch(JSON.stringify(result), new RegExp(Buffer.from(PASSWORD).toString('base64')));
        }
      }
    });
  }
});

describe('OAuth accounts: the token step', () => {
  let pki: TestPki;
  let smtp: TestSmtpServer;
  const TOKEN = 'ya29.test-access-token';

  before(async () => {
    pki = createTestPki();
    smtp = await startSmtpServer({ pki, xoauth2: (user, token) => user === USER && token === TOKEN });
  });
  after(() => smtp.stop());

  const spec = (accessToken: string): ConnectionTestSpec => ({
    protocol: 'smtp',
    endpoint: {
      host: 'localhost',
      port: smtp.tlsPort,
      security: 'implicit',
      timeoutMs: 1500,
      tls: { caPem: pki.caPem, insecureSkipVerify: false },
    },
    sasl: 'auto',
    credentials: { kind: 'oauth2', username: USER, accessToken },
    smtpAuth: true,
    lang: 'en',
  });

  it('gets a fresh token first and logs in with XOAUTH2', async () => {
    const result = await runConnectionTest(spec('stale'), { getAccessToken: async () => TOKEN });
    assert.equal(result.ok, true, JSON.stringify(result.steps, null, 1));
    assert.equal(result.steps[0]?.name, 'token');
    assert.equal(result.steps.find((s) => s.name === 'auth')?.data?.mechanism, 'XOAUTH2');
    assert.doesNotMatch(JSON.stringify(result), /ya29|test-access-token/);
  });

  it('reports a rejected token with the server’s error answered', async () => {
    const result = await runConnectionTest(spec('ya29.revoked-token'));
    assert.equal(result.failedStep, 'auth');
    const error = result.steps.find((s) => s.name === 'auth')?.error;
    assert.equal(error?.code, 'auth_failed');
    assert.match(error?.serverReply ?? '', /401/);
    assert.doesNotMatch(JSON.stringify(result), /revoked-token/);
  });

  it('reports a token that cannot be had at the token step', async () => {
    const result = await runConnectionTest(spec('x'), {
      getAccessToken: () => Promise.reject(new Error('invalid_grant')),
    });
    assert.equal(result.failedStep, 'token');
    const error = result.steps[0]?.error;
    assert.equal(error?.code, 'token_failed');
    assert.match(error?.message ?? '', /invalid_grant/);
    assert.ok(result.steps.slice(1).every((s) => s.status === 'skipped'));
  });
});
