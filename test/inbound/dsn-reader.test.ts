import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeUtf8Address, readDeliveryStatus } from '../../src/inbound/parse/dsn.reader.js';

/** A status part with one per-recipient block made of these fields. */
function report(...fields: string[]): string {
  return `Reporting-MTA: dns; mx.example.test\r\n\r\n${fields.join('\r\n')}\r\nAction: failed\r\nStatus: 5.1.1\r\n`;
}
const recipientOf = (...fields: string[]) => readDeliveryStatus(report(...fields)).recipient;

describe('delivery report recipients: the utf-8 address type (RFC 6533 §3)', () => {
  test('utf-8-addr-xtext: each \\x{HEX} escape is its character, in any case of hex digit', () => {
    assert.equal(recipientOf('Final-Recipient: utf-8; jos\\x{E9}@ejemplo.es'), 'josé@ejemplo.es');
    assert.equal(recipientOf('Final-Recipient: utf-8;jos\\x{e9}@a\\x{F1}oranza.es'), 'josé@añoranza.es');
    // Two to six digits: `+` and `\` of the address itself, a character beyond the BMP.
    assert.equal(
      recipientOf('Final-Recipient: UTF-8; ana\\x{2B}ayuda\\x{5C}@ejemplo.es'),
      'ana+ayuda\\@ejemplo.es',
    );
    assert.equal(decodeUtf8Address('\\x{1F600}\\x{10FFFD}@ejemplo.es'), '\u{1F600}\u{10FFFD}@ejemplo.es');
  });

  test('utf-8-addr-unitext: UTF-8 as it is, escapes still read, lowercased like any address', () => {
    assert.equal(recipientOf('Final-Recipient: utf-8; JOSÉ@Añoranza.es'), 'josé@añoranza.es');
    assert.equal(
      recipientOf('Final-Recipient: utf-8; <maría\\x{2E}luisa@ejemplo.es>'),
      'maría.luisa@ejemplo.es',
    );
    assert.equal(recipientOf('Original-Recipient: utf-8; josé@ejemplo.es'), 'josé@ejemplo.es');
  });

  test('a malformed escape, a control character or no scalar value makes the address unusable', () => {
    for (const value of [
      'jos\\x{E9@ejemplo.es',
      'jos\\x{}@ejemplo.es',
      'jos\\x{E 9}@ejemplo.es',
      'jos\\x{0000E9}@ejemplo.es\\',
      'jos\\x{10000E9}@ejemplo.es',
      'jos\\u00e9@ejemplo.es',
      'jos\\X{E9}@ejemplo.es',
      'ana\\@ejemplo.es',
      'ana\\x{0}@ejemplo.es',
      'ana\\x{A}@ejemplo.es',
      'ana\\x{7F}@ejemplo.es',
      'ana\\x{85}@ejemplo.es',
      'ana\u0085@ejemplo.es',
      'ana\\x{D800}@ejemplo.es',
      '\\x{D83D}\\x{DE00}@ejemplo.es',
      'ana\\x{110000}@ejemplo.es',
      '',
    ]) {
      assert.equal(decodeUtf8Address(value), null, JSON.stringify(value));
      assert.equal(recipientOf(`Final-Recipient: utf-8; ${value}`), null, JSON.stringify(value));
    }
  });

  test('a huge or endless escape is refused at once, and a long run of escapes too', () => {
    const started = process.hrtime.bigint();
    assert.equal(decodeUtf8Address(`a\\x{${'9'.repeat(1_000_000)}}@ejemplo.es`), null);
    assert.equal(decodeUtf8Address(`a\\x{${'E'.repeat(1_000_000)}`), null);
    assert.equal(decodeUtf8Address('\\x{E9}'.repeat(200_000)), null);
    assert.equal(recipientOf(`Final-Recipient: utf-8; ${'\\x{'.repeat(300_000)}@ejemplo.es`), null);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 1000, `${ms} ms`);
    // The longest address (64-octet local part) written all in escapes still reads.
    const local = '\\x{E9}'.repeat(32);
    assert.equal(decodeUtf8Address(`${local}@ejemplo.es`), `${'é'.repeat(32)}@ejemplo.es`);
  });

  test('an unusable Final-Recipient leaves the Original-Recipient to say who it was', () => {
    assert.equal(
      recipientOf(
        'Final-Recipient: utf-8; jos\\x{E9@ejemplo.es',
        'Original-Recipient: utf-8; jos\\x{E9}@ejemplo.es',
      ),
      'josé@ejemplo.es',
    );
    assert.equal(recipientOf('Final-Recipient: utf-8; jos\\x{E9@ejemplo.es'), null);
  });
});

describe('delivery report recipients: the rfc822 address type and xtext', () => {
  test('a Final-Recipient is the envelope address exactly (RFC 3464 §2.3.2): a `+HH` is no escape there', () => {
    assert.equal(recipientOf('Final-Recipient: rfc822; Ana+2Bx@Example.test'), 'ana+2bx@example.test');
    assert.equal(recipientOf('Final-Recipient: rfc822;<ana@example.test>'), 'ana@example.test');
  });

  test('an Original-Recipient copied from ORCPT in xtext (RFC 3461 §4) is decoded', () => {
    const original = (value: string) => recipientOf(`Original-Recipient: rfc822; ${value}`);
    assert.equal(original('ana+2Bayuda@example.test'), 'ana+ayuda@example.test');
    assert.equal(original('ana+2Bayuda+3Dx@example.test'), 'ana+ayuda=x@example.test');
    // Not xtext: a `+` of the address itself, or a pair that an ORCPT address (printable ASCII) cannot hold.
    assert.equal(original('ana+ayuda@example.test'), 'ana+ayuda@example.test');
    assert.equal(original('ana+2bayuda@example.test'), 'ana+2bayuda@example.test');
    assert.equal(original('ana+AB@example.test'), 'ana+ab@example.test');
    assert.equal(original('ana+0A@example.test'), 'ana+0a@example.test');
    assert.equal(original('ana+2@example.test'), 'ana+2@example.test');
  });

  test('another address type is taken as written', () => {
    assert.equal(recipientOf('Final-Recipient: x400; C=ES;A=x;P=y;S=Perez'), 'c=es;a=x;p=y;s=perez');
    assert.equal(recipientOf('Final-Recipient: ana@example.test'), 'ana@example.test');
  });
});
