import { DrobotError } from '../errors/drobot-error.js';
import type { Logger } from '../logging/logger.js';
import { inTransaction, type Database, type Executor } from '../storage/database.js';
import { masterKeyFrom, type MasterKey } from './cipher.js';
import { fingerprintOf, keyRingRepository } from './key-ring.repository.js';
import { generateKey, updateKeyFile, withExtraKey } from './keyring.js';
import { secretErrors } from './secret.errors.js';
import type { SecretStore } from './secret.store.js';

export interface RotationResult {
  readonly reencrypted: number;
  readonly previousKeyId: string;
  readonly keyId: string;
  /** Retired keys dropped from the key file because no secret uses them any more. */
  readonly dropped: readonly string[];
}

interface RotationDeps {
  readonly database: Database;
  readonly secrets: SecretStore;
  readonly logger: Logger;
}

/**
 * Re-encrypts every secret under a new master key in one transaction that holds the database's key lock
 * (PostgreSQL: the current key's row; SQLite: the write lock), so concurrent writers and rotations, in any
 * process on any host, wait for it or see the new key.
 *
 * With a key file: the new key is written to the file (and flushed) before anything is encrypted with it;
 * if the transaction fails, the new key leaves the file again and nothing changed. The retired key stays
 * in the file until no secret uses it, which after a complete re-encryption is at once (a second, locked
 * step: a crash in between leaves only a harmless extra key, dropped by the next rotation or start).
 *
 * From the environment: a key listed in DROBOT_MASTER_KEY that the database has never seen becomes the
 * new key (the administrator prepared it on every process first). Without one the rotation is refused and
 * nothing changes: a key made here would exist only in this command's output until someone copied it, and
 * every secret would be lost with it if that output went nowhere.
 */
export async function rotateMasterKey(deps: RotationDeps): Promise<RotationResult> {
  const { secrets } = deps;
  const outcome = await inTransaction(deps.database, async (trx) => {
    const previousKeyId = await lockedCurrent(trx, secrets);
    const ring = secrets.reload();
    const known = new Set((await keyRingRepository.all(trx)).map((r) => r.keyId));
    let next: MasterKey;
    if (ring.file) {
      next = masterKeyFrom(generateKey());
      secrets.useKeyring(updateKeyFile(ring.file, { add: [next] }));
    } else {
      const prepared = [...ring.all.values()].find((k) => !known.has(k.id));
      if (!prepared) {
        throw new DrobotError(secretErrors.noPreparedKey, {
          params: { ids: [...ring.all.keys()].join(', '), keyId: previousKeyId },
        });
      }
      next = prepared;
      secrets.useKeyring(withExtraKey(ring, next));
    }
    try {
      const count = await secrets.reencryptAll(trx, next);
      await keyRingRepository.makeCurrent(trx, next, new Date().toISOString());
      return { previousKeyId, next, count };
    } catch (error) {
      // Still under the lock: no other rotation is writing the key file now.
      if (ring.file) secrets.useKeyring(updateKeyFile(ring.file, { drop: new Set([next.id]) }));
      throw error;
    }
  });
  const dropped = await pruneRetiredKeys(deps);
  deps.logger.info('master key rotated', {
    previousKeyId: outcome.previousKeyId,
    keyId: outcome.next.id,
    fingerprint: fingerprintOf(outcome.next).slice(0, 16),
    // Not `secrets`: the logger hides fields named like a secret, and this is only how many there were.
    count: outcome.count,
    dropped,
  });
  return {
    reencrypted: outcome.count,
    previousKeyId: outcome.previousKeyId,
    keyId: outcome.next.id,
    dropped,
  };
}

/** The current key's id, locked for the rotation; recorded from this process's ring when none is yet. */
async function lockedCurrent(trx: Executor, secrets: SecretStore): Promise<string> {
  const found = await keyRingRepository.currentId(trx, 'update');
  if (found !== undefined) return found;
  await keyRingRepository.seed(trx, await secrets.seedKey(trx), new Date().toISOString());
  return (await keyRingRepository.currentId(trx, 'update')) ?? secrets.ring.current.id;
}

/**
 * Drops from the key file the keys that are not current and protect no secret, under the key lock (a
 * rotation that added a key meanwhile is not undone), and records the current key as the file's own.
 */
export async function pruneRetiredKeys(deps: RotationDeps): Promise<string[]> {
  const file = deps.secrets.ring.file;
  if (!file) return [];
  return inTransaction(deps.database, async (trx) => {
    const current = await keyRingRepository.currentId(trx, 'update');
    if (current === undefined) return [];
    const ring = deps.secrets.reload();
    const used = await keyRingRepository.usage(trx);
    const drop = new Set([...ring.all.keys()].filter((id) => id !== current && (used.get(id) ?? 0) === 0));
    if (!ring.all.has(current)) return [];
    const fileRing = updateKeyFile(file, { drop, current });
    deps.secrets.useKeyring(fileRing);
    return [...drop];
  });
}
