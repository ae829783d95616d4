import { DrobotError } from '../errors/drobot-error.js';
import type { Executor } from '../storage/database.js';
import { decryptSecret, encryptSecret, type MasterKey } from './cipher.js';
import type { Keyring } from './keyring.js';
import { secretErrors } from './secret.errors.js';

/** Who a secret belongs to: an account, or another kind of record later (a template signing key, …). */
export interface SecretOwner {
  readonly kind: string;
  readonly id: number;
}

function aadOf(owner: SecretOwner, name: string): string {
  return `drobot:${owner.kind}:${owner.id}:${name}`;
}

/**
 * Encrypted secrets at rest. Repositories call this at their boundary; nothing above them sees a
 * ciphertext, and nothing below them sees a plaintext.
 */
export class SecretStore {
  constructor(private keyring: Keyring) {}

  get currentKeyId(): string {
    return this.keyring.current.id;
  }

  useKeyring(keyring: Keyring): void {
    this.keyring = keyring;
  }

  /** Stores (or, with null, deletes) one secret. */
  async put(ex: Executor, owner: SecretOwner, name: string, plaintext: string | null): Promise<void> {
    if (plaintext === null) {
      await ex
        .deleteFrom('secrets')
        .where('owner_kind', '=', owner.kind)
        .where('owner_id', '=', owner.id)
        .where('name', '=', name)
        .execute();
      return;
    }
    const row = {
      owner_kind: owner.kind,
      owner_id: owner.id,
      name,
      key_id: this.keyring.current.id,
      ciphertext: encryptSecret(this.keyring.current, plaintext, aadOf(owner, name)),
      updated_at: new Date().toISOString(),
    };
    await ex
      .insertInto('secrets')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['owner_kind', 'owner_id', 'name']).doUpdateSet({
          key_id: row.key_id,
          ciphertext: row.ciphertext,
          updated_at: row.updated_at,
        }),
      )
      .execute();
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
    const rows = await ex
      .selectFrom('secrets')
      .select(['name'])
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.id)
      .execute();
    return new Set(rows.map((r) => r.name));
  }

  async removeAll(ex: Executor, owner: SecretOwner): Promise<void> {
    await ex
      .deleteFrom('secrets')
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.id)
      .execute();
  }

  /**
   * Re-encrypts every secret under `next` inside the caller's transaction; any failure to decrypt aborts
   * the whole rotation. Returns how many secrets were re-encrypted.
   */
  async reencryptAll(ex: Executor, next: MasterKey): Promise<number> {
    const rows = await ex.selectFrom('secrets').selectAll().execute();
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
    const result = decryptSecret(this.keyring.all, ciphertext, aadOf(owner, name));
    if (result.ok) return result.plaintext;
    if (result.reason === 'unknown_key') {
      throw new DrobotError(secretErrors.unknownKey, {
        params: { name, keyId: result.keyId, currentKeyId: this.keyring.current.id },
      });
    }
    throw new DrobotError(secretErrors.tampered, { params: { name } });
  }
}
