import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparableAddress, isMailAddress, sendableAddress } from '../../src/transports/mime/mail-address.js';

test('a domain in Unicode is sent in A-labels; a UTF-8 local part is kept as it is', () => {
  assert.equal(sendableAddress('ana@añoranza.es'), 'ana@xn--aoranza-4za.es');
  assert.equal(sendableAddress('josé@correo.münchen.de'), 'josé@correo.xn--mnchen-3ya.de');
  assert.equal(sendableAddress('josé@ejemplo.es'), 'josé@ejemplo.es');
  assert.equal(sendableAddress('日本語@例え.テスト'), '日本語@xn--r8jz45g.xn--zckzah');
  // ASCII as it always was: kept as written, a dot at an end let through.
  assert.equal(sendableAddress('Ana.Perez+caso@Example.TEST'), 'Ana.Perez+caso@Example.TEST');
  assert.equal(sendableAddress('ana.@example.test'), 'ana.@example.test');
});

test('not an address: controls, spaces, invisible characters, two dots, a bad domain', () => {
  const refused = [
    'jo\u0085sé@ejemplo.es', // a C1 control
    'jo\u007fsé@ejemplo.es',
    'josé pérez@ejemplo.es',
    'josé\u00a0pérez@ejemplo.es', // a no-break space
    'jo\u200bsé@ejemplo.es', // a zero-width space
    '\u202ejosé@ejemplo.es', // a right-to-left override: shows another address than the one written
    'jo\u2066sé@ejemplo.es', // a bidirectional isolate
    'jo\ud800sé@ejemplo.es', // half of a surrogate pair: not UTF-8
    'jo..sé@ejemplo.es',
    '"ana perez"@ejemplo.es',
    'ana@añoranza', // one label
    'ana@añ oranza.es',
    '@añoranza.es',
    'añoranza.es',
  ];
  for (const value of refused) assert.equal(isMailAddress(value), false, JSON.stringify(value));
});

test('length limits are in octets: 64 for the local part, 254 for the address as sent', () => {
  assert.equal(isMailAddress(`${'ñ'.repeat(32)}@ejemplo.es`), true, '64 octets');
  assert.equal(isMailAddress(`${'ñ'.repeat(32)}a@ejemplo.es`), false, '65 octets in 33 characters');
  const label = 'a'.repeat(63);
  const domain = `${label}.${label}.${label}.${'a'.repeat(56)}.es`;
  assert.equal(isMailAddress(`ab@${domain}`), true, '254 octets');
  assert.equal(isMailAddress(`ñb@${domain}`), false, '254 characters, 255 octets');
});

test('addresses compare lowercased, their domains in A-labels', () => {
  assert.equal(comparableAddress(' Ana@Añoranza.ES '), 'ana@xn--aoranza-4za.es');
  assert.equal(comparableAddress('ana@xn--aoranza-4za.es'), 'ana@xn--aoranza-4za.es');
  assert.equal(comparableAddress('not an address'), 'not an address');
});
