import type { Logger } from '../logging/logger.js';
import { inTransaction, type Database } from '../storage/database.js';
import { masterKeyFrom } from './cipher.js';
import { generateKey, withCurrentKey, type Keyring } from './keyring.js';
import type { SecretStore } from './secret.store.js';

export interface RotationResult {
  readonly reencrypted: number;
  readonly previousKeyId: string;
  readonly keyId: string;
  /**
   * The new key in base64 when the keys come from DROBOT_MASTER_KEY: the administrator must put it
   * there before the next start. Undefined when the key file was updated.
   */
  readonly newMasterKey: string | undefined;
}

/**
 * Re-encrypts every secret under a new master key in one transaction. With a key file, the new key is
 * written first (beside the old one), the secrets re-encrypted, then the old key retired; if anything
 * fails, the old key stays current and nothing in the database changed.
 */
export async function rotateMasterKey(deps: {
  database: Database;
  secrets: SecretStore;
  keyring: Keyring;
  logger: Logger;
}): Promise<RotationResult> {
  const { keyring } = deps;
  const old = [...keyring.all.values()];
  const next = masterKeyFrom(generateKey());
  const staged = withCurrentKey(keyring, next, old);
  let count: number;
  try {
    count = await inTransaction(deps.database, (trx) => deps.secrets.reencryptAll(trx, next));
  } catch (error) {
    withCurrentKey(staged, keyring.current, old);
    throw error;
  }
  const final = withCurrentKey(staged, next, []);
  deps.secrets.useKeyring(final);
  deps.logger.info('master key rotated', {
    previousKeyId: keyring.current.id,
    keyId: next.id,
    secrets: count,
  });
  return {
    reencrypted: count,
    previousKeyId: keyring.current.id,
    keyId: next.id,
    newMasterKey: keyring.file ? undefined : next.key.toString('base64'),
  };
}
