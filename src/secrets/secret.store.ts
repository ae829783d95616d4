import { DrobotError } from '../errors/drobot-error.js';
import type { Executor } from '../storage/database.js';
import { decryptSecret, encryptSecret, type MasterKey } from './cipher.js';
import { keyRingRepository, onPostgres } from './key-ring.repository.js';
import { reloadKeyring, type Keyring } from './keyring.js';
import { secretErrors } from './secret.errors.js';

/** Who a secret belongs to: an account, or another kind of record later (a template signing key, …). */
export interface SecretOwner {
  readonly kind: string;
  readonly id: number;
}

function aadOf(owner: SecretOwner, name: string): string {
  return `drobot:${owner.kind}:${owner.id}:${name}`;
}

/** Tries before a write gives up because rotations keep replacing the current key under it. */
const WRITE_ATTEMPTS = 5;

/**
 * Encrypted secrets at rest. Repositories call this at their boundary; nothing above them sees a
 * ciphertext, and nothing below them sees a plaintext.
 *
 * Which key encrypts is asked of the database in the writing transaction, never taken from memory: a
 * rotation run by another process (on this host or another) is seen at the next write, and the key it
 * made is read from the key file then. The write itself only lands while that key is still current, so a
 * secret is never stored under a key a rotation has just retired (and will drop from the key file).
 */
export class SecretStore {
  constructor(private keyring: Keyring) {}

  /** The keys this process holds now. */
  get ring(): Keyring {
    return this.keyring;
  }

  useKeyring(keyring: Keyring): void {
    this.keyring = keyring;
  }

  /** Reads the key file again (a rotation elsewhere may have added a key). */
  reload(): Keyring {
    this.keyring = reloadKeyring(this.keyring);
    return this.keyring;
  }

  /** Whether this process can decrypt what `keyId` encrypted (reading the key file again if needed). */
  holds(keyId: string): boolean {
    return this.keyring.all.has(keyId) || this.reload().all.has(keyId);
  }

  /** The key to encrypt with: the database's current key, recorded from this ring on a first start. */
  async encryptingKey(ex: Executor): Promise<MasterKey> {
    let id = await keyRingRepository.currentId(ex, 'share');
    if (id === undefined) {
      await keyRingRepository.seed(ex, await this.seedKey(ex), new Date().toISOString());
      id = await keyRingRepository.currentId(ex, 'share');
    }
    if (id === undefined) throw new DrobotError(secretErrors.keyChanging, {});
    const key = this.keyring.all.get(id) ?? this.reload().all.get(id);
    if (!key) {
      throw new DrobotError(secretErrors.currentKeyUnavailable, {
        params: { keyId: id, source: this.keyring.file ?? 'DROBOT_MASTER_KEY' },
      });
    }
    return key;
  }

  /**
   * The key to record as current when the database has none yet (a first start, or an installation from
   * before the key ring): the held key most secrets use, else this ring's first key. So listing a new key
   * first in DROBOT_MASTER_KEY before the first rotation does not make it current by accident.
   */
  async seedKey(ex: Executor): Promise<MasterKey> {
    const usage = [...(await keyRingRepository.usage(ex))].sort((a, b) => b[1] - a[1]);
    for (const [keyId] of usage) {
      const key = this.keyring.all.get(keyId);
      if (key) return key;
    }
    return this.keyring.current;
  }

  /** Stores (or, with null, deletes) one secret. */
  async put(ex: Executor, owner: SecretOwner, name: string, plaintext: string | null): Promise<void> {
    // The lock on the current key lasts until commit, so a write outside a transaction gets its own.
    if (onPostgres(ex) && !ex.isTransaction) {
      await ex.transaction().execute((trx) => this.put(trx, owner, name, plaintext));
      return;
    }
    if (plaintext === null) {
      // Locks in the same order as a rotation (key, then secrets), so the two never deadlock.
      await keyRingRepository.currentId(ex, 'share');
      await ex
        .deleteFrom('secrets')
        .where('owner_kind', '=', owner.kind)
        .where('owner_id', '=', owner.id)
        .where('name', '=', name)
        .execute();
      return;
    }
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const key = await this.encryptingKey(ex);
      const ciphertext = encryptSecret(key, plaintext, aadOf(owner, name));
      const now = new Date().toISOString();
      // Written only while `key` is still the current one: one statement, so no rotation slips in between.
      const result = await ex
        .insertInto('secrets')
        .columns(['owner_kind', 'owner_id', 'name', 'key_id', 'ciphertext', 'updated_at'])
        .expression((eb) =>
          eb
            .selectFrom('key_ring')
            .select([
              eb.cast<string>(eb.val(owner.kind), 'text').as('owner_kind'),
              eb.cast<number>(eb.val(owner.id), 'integer').as('owner_id'),
              eb.cast<string>(eb.val(name), 'text').as('name'),
              'key_ring.key_id',
              eb.cast<string>(eb.val(ciphertext), 'text').as('ciphertext'),
              eb.cast<string>(eb.val(now), 'text').as('updated_at'),
            ])
            .where('key_ring.key_id', '=', key.id)
            .where('key_ring.state', '=', 'current'),
        )
        .onConflict((oc) =>
          oc.columns(['owner_kind', 'owner_id', 'name']).doUpdateSet((eb) => ({
            key_id: eb.ref('excluded.key_id'),
            ciphertext: eb.ref('excluded.ciphertext'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return;
    }
    throw new DrobotError(secretErrors.keyChanging, {});
  }

  /** Decrypts one secret; undefined when it is not set. A wrong key or a changed byte is an error. */
  async get(ex: Executor, owner: SecretOwner, name: string): Promise<string | undefined> {
    const row = await ex
      .selectFrom('secrets')
      .select(['ciphertext'])
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.id)
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? this.open(owner, name, row.ciphertext) : undefined;
  }

  /** Names of the secrets an owner has set (to show "*****" or "not set"). */
  async names(ex: Executor, owner: SecretOwner): Promise<Set<string>> {
    return new Set((await this.keyIds(ex, owner)).keys());
  }

  /** Each secret of an owner with the id of the key that encrypted it. */
  async keyIds(ex: Executor, owner: SecretOwner): Promise<Map<string, string>> {
    const rows = await ex
      .selectFrom('secrets')
      .select(['name', 'key_id'])
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.id)
      .execute();
    return new Map(rows.map((r) => [r.name, r.key_id]));
  }

  async removeAll(ex: Executor, owner: SecretOwner): Promise<void> {
    await keyRingRepository.currentId(ex, 'share');
    await ex
      .deleteFrom('secrets')
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.id)
      .execute();
  }

  /**
   * Re-encrypts every secret under `next` inside the caller's transaction (which holds the key lock); any
   * failure to decrypt aborts the whole rotation. Returns how many secrets were re-encrypted.
   */
  async reencryptAll(ex: Executor, next: MasterKey): Promise<number> {
    let q = ex.selectFrom('secrets').selectAll();
    if (onPostgres(ex)) q = q.forUpdate();
    const rows = await q.execute();
    const now = new Date().toISOString();
    for (const row of rows) {
      const owner = { kind: row.owner_kind, id: row.owner_id };
      const plaintext = this.open(owner, row.name, row.ciphertext);
      await ex
        .updateTable('secrets')
        .set({
          key_id: next.id,
          ciphertext: encryptSecret(next, plaintext, aadOf(owner, row.name)),
          updated_at: now,
        })
        .where('owner_kind', '=', row.owner_kind)
        .where('owner_id', '=', row.owner_id)
        .where('name', '=', row.name)
        .execute();
    }
    return rows.length;
  }

  private open(owner: SecretOwner, name: string, ciphertext: string): string {
    let result = decryptSecret(this.keyring.all, ciphertext, aadOf(owner, name));
    // A key made by a rotation in another process since this one read the key file.
    if (!result.ok && result.reason === 'unknown_key') {
      result = decryptSecret(this.reload().all, ciphertext, aadOf(owner, name));
    }
    if (result.ok) return result.plaintext;
    if (result.reason === 'unknown_key') {
      throw new DrobotError(secretErrors.unknownKey, {
        params: { name, keyId: result.keyId, currentKeyId: this.keyring.current.id },
      });
    }
    throw new DrobotError(secretErrors.tampered, { params: { name } });
  }
}
