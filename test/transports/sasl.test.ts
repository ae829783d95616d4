import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseSaslMechanism,
  decodeChallenge,
  oauthbearer,
  oauthErrorAcknowledgement,
  saslLogin,
  saslPlain,
  scrubSecrets,
  secretForms,
  xoauth2,
} from '../../src/transports/sasl.js';
import type { Credentials } from '../../src/transports/types.js';

const password: Credentials = { kind: 'password', username: 'ana@example.test', password: 's3cret' };
const token: Credentials = { kind: 'oauth2', username: 'ana@example.test', accessToken: 'ya29.tok' };
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

describe('chooseSaslMechanism', () => {
  it('auto picks PLAIN over LOGIN for a password, whatever the order offered', () => {
    assert.deepEqual(chooseSaslMechanism(['LOGIN', 'PLAIN'], 'auto', password), {
      ok: true,
      mechanism: 'PLAIN',
    });
    assert.deepEqual(chooseSaslMechanism(['login'], 'auto', password), { ok: true, mechanism: 'LOGIN' });
  });

  it('auto picks OAUTHBEARER over XOAUTH2 for a token and never a password mechanism', () => {
    const all = ['PLAIN', 'LOGIN', 'XOAUTH2', 'OAUTHBEARER'];
    assert.deepEqual(chooseSaslMechanism(all, 'auto', token), { ok: true, mechanism: 'OAUTHBEARER' });
    assert.deepEqual(chooseSaslMechanism(['PLAIN', 'XOAUTH2'], 'auto', token), {
      ok: true,
      mechanism: 'XOAUTH2',
    });
    assert.deepEqual(chooseSaslMechanism(['PLAIN', 'LOGIN'], 'auto', token), {
      ok: false,
      reason: 'no_common_mechanism',
      offered: ['PLAIN', 'LOGIN'],
    });
  });

  it('a configured method is used only when offered and fitting the credentials', () => {
    assert.deepEqual(chooseSaslMechanism(['PLAIN', 'LOGIN'], 'login', password), {
      ok: true,
      mechanism: 'LOGIN',
    });
    assert.equal(chooseSaslMechanism(['PLAIN'], 'login', password).ok, false);
    assert.equal(chooseSaslMechanism(['XOAUTH2', 'PLAIN'], 'xoauth2', password).ok, false);
    assert.deepEqual(chooseSaslMechanism(['XOAUTH2', 'OAUTHBEARER'], 'xoauth2', token), {
      ok: true,
      mechanism: 'XOAUTH2',
    });
    assert.deepEqual(chooseSaslMechanism(['XOAUTH2', 'OAUTHBEARER'], 'oauthbearer', token), {
      ok: true,
      mechanism: 'OAUTHBEARER',
    });
  });

  it('nothing offered, or no credentials, is no common mechanism', () => {
    assert.deepEqual(chooseSaslMechanism([], 'auto', password), {
      ok: false,
      reason: 'no_common_mechanism',
      offered: [],
    });
    assert.equal(chooseSaslMechanism(['PLAIN'], 'auto', { kind: 'none' }).ok, false);
  });
});

describe('SASL encoders', () => {
  it('PLAIN is NUL user NUL password in UTF-8', () => {
    assert.equal(decode(saslPlain('josé', 'contraseña')), '\u0000josé\u0000contraseña');
    assert.equal(saslPlain('a', 'b'), 'AGEAYg==');
  });

  it('LOGIN answers user then password', () => {
    assert.deepEqual(saslLogin('a', 'b').map(decode), ['a', 'b']);
  });

  it('XOAUTH2 matches the documented layout', () => {
    // The example from Google's XOAUTH2 documentation.
    assert.equal(
      xoauth2('someuser@example.com', 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg'),
      'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==',
    );
  });

  it('OAUTHBEARER carries the GS2 header, host and port, escaping , and =', () => {
    assert.equal(
      decode(oauthbearer('a,b=c@x', 'tok', 'mail.example.test', 995)),
      'n,a=a=2Cb=3Dc@x,\u0001host=mail.example.test\u0001port=995\u0001auth=Bearer tok\u0001\u0001',
    );
  });

  it('acknowledges a failed OAuth login the way each mechanism expects', () => {
    assert.equal(oauthErrorAcknowledgement('XOAUTH2'), '');
    assert.equal(decode(oauthErrorAcknowledgement('OAUTHBEARER')), '\u0001');
  });

  it('decodes a base64 challenge and leaves other text alone', () => {
    assert.equal(decodeChallenge(Buffer.from('{"status":"401"}').toString('base64')), '{"status":"401"}');
    assert.equal(decodeChallenge('not base64!'), 'not base64!');
  });
});

describe('scrubbing secrets', () => {
  it('removes the password and its encodings from a reply', () => {
    const forms = secretForms(password);
    const reply = `-ERR bad s3cret ${saslPlain('ana@example.test', 's3cret')} ${Buffer.from('s3cret').toString('base64')}`;
    const scrubbed = scrubSecrets(reply, forms);
    assert.ok(!scrubbed.includes('s3cret'));
    assert.ok(!scrubbed.includes(Buffer.from('s3cret').toString('base64')));
    assert.equal(scrubbed, '*****', 'the whole reply, not masks among its words');
    assert.deepEqual(secretForms({ kind: 'none' }), []);
  });
});
