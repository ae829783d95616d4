import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseAuth } from '../../src/diagnostics/auth-choice.js';
import type { ConnectionTestSpec } from '../../src/diagnostics/index.js';
import { planSteps } from '../../src/diagnostics/plan.js';
import { DrobotError } from '../../src/errors/drobot-error.js';
import type { Credentials } from '../../src/transports/types.js';

const password: Credentials = { kind: 'password', username: 'u', password: 'p' };
const token: Credentials = { kind: 'oauth2', username: 'u', accessToken: 't' };

function spec(protocol: ConnectionTestSpec['protocol'], proxy = false): ConnectionTestSpec {
  return {
    protocol,
    endpoint: {
      host: 'mail.example.test',
      port: 993,
      security: 'auto',
      timeoutMs: 5000,
      tls: { insecureSkipVerify: false },
      ...(proxy ? { proxy: { type: 'socks5' as const, host: 'proxy.example.test', port: 1080 } } : {}),
    },
    sasl: 'auto',
    credentials: password,
    smtpAuth: true,
  };
}

describe('connection test plan', () => {
  it('lists the steps in order for each security', () => {
    assert.deepEqual(planSteps(spec('imap'), 'implicit', false), [
      'dns',
      'tcp',
      'tls',
      'greeting',
      'capabilities',
      'auth',
      'mailbox',
    ]);
    assert.deepEqual(planSteps(spec('smtp', true), 'starttls', true), [
      'token',
      'dns',
      'tcp',
      'proxy',
      'greeting',
      'capabilities',
      'starttls',
      'tls',
      'auth',
      'send',
    ]);
    assert.deepEqual(planSteps(spec('pop3'), 'none', false).slice(2, 5), ['tls', 'greeting', 'capabilities']);
  });
});

describe('authentication choice', () => {
  it('auto takes the strongest mechanism offered', () => {
    assert.deepEqual(chooseAuth(['LOGIN', 'PLAIN'], 'auto', password, false), {
      kind: 'sasl',
      mechanism: 'PLAIN',
    });
    assert.deepEqual(chooseAuth(['XOAUTH2', 'OAUTHBEARER', 'PLAIN'], 'auto', token, false), {
      kind: 'sasl',
      mechanism: 'OAUTHBEARER',
    });
  });

  it('falls back to the password command only when the settings allow it', () => {
    assert.deepEqual(chooseAuth([], 'auto', password, true), { kind: 'command' });
    assert.deepEqual(chooseAuth(['CRAM-MD5'], 'login', password, true), { kind: 'command' });
    assert.throws(
      () => chooseAuth(['CRAM-MD5'], 'plain', password, true),
      (error: unknown) => error instanceof DrobotError && error.code === 'no_common_auth_method',
    );
    assert.throws(
      () => chooseAuth(['PLAIN', 'LOGIN'], 'xoauth2', password, false),
      (error: unknown) =>
        error instanceof DrobotError &&
        error.code === 'no_common_auth_method' &&
        /PLAIN, LOGIN/.test(error.message),
    );
  });
});
