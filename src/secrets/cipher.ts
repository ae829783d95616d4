import crypto from 'node:crypto';

/**
 * Authenticated encryption of one secret with AES-256-GCM. The stored form is
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); the additional data binds the ciphertext to its
 * owner and name, so a ciphertext copied onto another account does not decrypt.
 */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

const VERSION = 'v1';

/** A key's id: a short digest of the key itself, so a wrong key is told apart from a damaged ciphertext. */
export function keyIdOf(key: Buffer): string {
  return crypto.createHash('sha256').update('drobot-key-id').update(key).digest('hex').slice(0, 12);
}

export function masterKeyFrom(key: Buffer): MasterKey {
  return { id: keyIdOf(key), key };
}

export function encryptSecret(master: MasterKey, plaintext: string, aad: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', master.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    master.id,
    iv.toString('base64url'),
    tag.toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export type DecryptResult =
  | { readonly ok: true; readonly plaintext: string }
  | { readonly ok: false; readonly reason: 'unknown_key'; readonly keyId: string }
  | { readonly ok: false; readonly reason: 'tampered' };

/** Key id of a stored ciphertext, or undefined when it is not in DRobot's format. */
export function keyIdOfCiphertext(stored: string): string | undefined {
  const parts = stored.split('.');
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : undefined;
}

export function decryptSecret(
  keys: ReadonlyMap<string, MasterKey>,
  stored: string,
  aad: string,
): DecryptResult {
  const parts = stored.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return { ok: false, reason: 'tampered' };
  const [, keyId = '', iv = '', tag = '', body = ''] = parts;
  const master = keys.get(keyId);
  if (!master) return { ok: false, reason: 'unknown_key', keyId };
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', master.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    return { ok: true, plaintext: plaintext.toString('utf8') };
  } catch {
    return { ok: false, reason: 'tampered' };
  }
}
