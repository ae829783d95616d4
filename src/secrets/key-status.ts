import type { Executor } from '../storage/database.js';
import { keyRingRepository } from './key-ring.repository.js';
import type { SecretStore } from './secret.store.js';

/** One master key as `drobot keys status` shows it. */
export interface KeyStatus {
  readonly keyId: string;
  /** What the database says: `current`, `retired`, or `unrecorded` (only in this process's keys). */
  readonly state: 'current' | 'retired' | 'unrecorded';
  /** Whether this process holds the key (in its key file or DROBOT_MASTER_KEY). */
  readonly held: boolean;
  /** How many secrets it protects. */
  readonly secrets: number;
  readonly fingerprint: string | null;
  readonly createdAt: string | null;
  readonly retiredAt: string | null;
}

export interface KeysReport {
  readonly source: string;
  readonly currentKeyId: string | null;
  readonly keys: readonly KeyStatus[];
  /** Secrets under a key this process does not hold: it cannot use them. */
  readonly unreadableSecrets: number;
}

/** Every key the database or this process knows, with the number of secrets each one protects. */
export async function keysReport(ex: Executor, secrets: SecretStore): Promise<KeysReport> {
  const ring = secrets.reload();
  const recorded = await keyRingRepository.all(ex);
  const usage = await keyRingRepository.usage(ex);
  const ids = [...new Set([...recorded.map((r) => r.keyId), ...usage.keys(), ...ring.all.keys()])];
  const keys = ids.map((keyId): KeyStatus => {
    const row = recorded.find((r) => r.keyId === keyId);
    return {
      keyId,
      state: row?.state ?? 'unrecorded',
      held: ring.all.has(keyId),
      secrets: usage.get(keyId) ?? 0,
      fingerprint: row?.fingerprint.slice(0, 16) ?? null,
      createdAt: row?.createdAt ?? null,
      retiredAt: row?.retiredAt ?? null,
    };
  });
  const order = { current: 0, retired: 1, unrecorded: 2 } as const;
  keys.sort(
    (a, b) => order[a.state] - order[b.state] || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
  );
  return {
    source: ring.file ?? 'DROBOT_MASTER_KEY',
    currentKeyId: recorded.find((r) => r.state === 'current')?.keyId ?? null,
    keys,
    unreadableSecrets: keys.filter((k) => !k.held).reduce((n, k) => n + k.secrets, 0),
  };
}
