import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { decryptSecret, encryptSecret, keyIdOfCiphertext, masterKeyFrom } from '../../src/secrets/cipher.js';

const keyA = masterKeyFrom(crypto.randomBytes(32));
const keyB = masterKeyFrom(crypto.randomBytes(32));
const ring = new Map([[keyA.id, keyA]]);

describe('secret cipher (AES-256-GCM)', () => {
  it('round-trips and tags the ciphertext with the key id', () => {
    const stored = encryptSecret(keyA, 'contraseña-ñ', 'account:1:password');
    assert.equal(keyIdOfCiphertext(stored), keyA.id);
    assert.ok(!stored.includes('contraseña'));
    assert.deepEqual(decryptSecret(ring, stored, 'account:1:password'), {
      ok: true,
      plaintext: 'contraseña-ñ',
    });
  });

  it('uses a fresh nonce each time', () => {
    assert.notEqual(encryptSecret(keyA, 'x', 'a'), encryptSecret(keyA, 'x', 'a'));
  });

  it('detects every changed byte instead of decrypting garbage', () => {
    const stored = encryptSecret(keyA, 'secret value', 'aad');
    const parts = stored.split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index] ?? '', 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      const changed = [...parts];
      changed[index] = bytes.toString('base64url');
      assert.deepEqual(decryptSecret(ring, changed.join('.'), 'aad'), { ok: false, reason: 'tampered' });
    }
  });

  it('binds a ciphertext to its owner and name', () => {
    const stored = encryptSecret(keyA, 'secret', 'account:1:password');
    assert.deepEqual(decryptSecret(ring, stored, 'account:2:password'), { ok: false, reason: 'tampered' });
  });

  it('reports a key it does not hold by id', () => {
    const stored = encryptSecret(keyB, 'secret', 'aad');
    assert.deepEqual(decryptSecret(ring, stored, 'aad'), {
      ok: false,
      reason: 'unknown_key',
      keyId: keyB.id,
    });
  });
});
