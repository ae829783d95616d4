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

test("a reply of another class where one was due is the server's fault: retried, named with its reply, in both languages", () => {
  for (const [command, code, responseCode, response] of [
    ['MAIL FROM', 'EENVELOPE', 354, '354 go ahead'],
    ['DATA', 'EENVELOPE', 250, '250 ok'],
    ['DATA', 'EMESSAGE', 354, '354 send more'],
    ['DATA', 'EMESSAGE', 199, '199 what'],
  ] as const) {
    const error = mapSmtpError({ code, command, responseCode, response }, target, []);
    assert.equal(error.code, 'smtp_unexpected_reply', `${command} ${responseCode}`);
    assert.equal(error.retryable, true);
    const es = error.render('es');
    const en = error.render('en');
    assert.equal(
      en.message,
      `The SMTP server 127.0.0.1:587 answered ${command} with ${responseCode}, a reply SMTP does not allow there.`,
    );
    assert.match(es.message, new RegExp(`respondió ${responseCode} a ${command}`));
    assert.match(es.hint ?? '', /Se reintentará/);
    assert.equal(en.serverReply, response);
  }
  // A message that could not be prepared (no reply at all) is still not retried.
  const prepared = mapSmtpError({ code: 'EMESSAGE', command: 'DATA', message: 'bad input' }, target, []);
  assert.equal(prepared.code, 'smtp_message_rejected');
  assert.equal(prepared.retryable, false);
});
