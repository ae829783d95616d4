import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapSmtpError } from '../../src/transports/smtp/smtp.error-map.js';

const target = { host: '127.0.0.1', port: 587 };

test('530/538 "Must issue a STARTTLS command first" names the security setting, not the password', () => {
  for (const [responseCode, response] of [
    [530, '530 5.7.0 Must issue a STARTTLS command first'],
    [538, '538 5.7.11 Encryption required for requested authentication mechanism'],
  ] as const) {
    const error = mapSmtpError({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode, response }, target, []);
    assert.equal(error.code, 'smtp_encryption_required');
    assert.equal(error.retryable, false);
    const es = error.render('es');
    const en = error.render('en');
    assert.match(es.hint ?? '', /No es la contraseña: cambie la seguridad de la cuenta a «starttls»/);
    assert.match(en.hint ?? '', /--security starttls/);
    assert.equal(es.serverReply, response);
  }
  // A plain wrong password still says so.
  const wrong = mapSmtpError(
    { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 5.7.8 invalid' },
    target,
    [],
  );
  assert.equal(wrong.code, 'smtp_auth_failed');
});
