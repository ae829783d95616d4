import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DrobotError } from '../errors/drobot-error.js';
import { masterKeyFrom, type MasterKey } from './cipher.js';
import { secretErrors } from './secret.errors.js';

/**
 * The master keys this process holds: every one decrypts. They come from `DROBOT_MASTER_KEY`
 * (comma-separated base64 keys, the first current) or from `keys.json` in the data directory, created
 * at first start and readable by its owner only. Which key encrypts is decided by the database (the
 * `key_ring` table, see key-ring.repository.ts); `current` here only seeds that table on a first start.
 */
export interface Keyring {
  readonly current: MasterKey;
  readonly all: ReadonlyMap<string, MasterKey>;
  /** Where the keys live: the file, or undefined when they come from the environment. */
  readonly file: string | undefined;
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
}

export const KEY_FILE_NAME = 'keys.json';

function decodeKey(b64: string, source: string): MasterKey {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new DrobotError(secretErrors.badMasterKey, { params: { source } });
  return masterKeyFrom(key);
}

function ring(keys: MasterKey[], file: string | undefined): Keyring {
  const [current] = keys;
  if (!current)
    throw new DrobotError(secretErrors.badMasterKey, { params: { source: file ?? 'DROBOT_MASTER_KEY' } });
  return { current, all: new Map(keys.map((k) => [k.id, k])), file };
}

export function generateKey(): Buffer {
  return crypto.randomBytes(32);
}

/** What already is encrypted in the database, so a lost key file is not silently replaced. */
export interface ExistingSecrets {
  readonly count: number;
  readonly keyId: string | undefined;
}

/**
 * Loads the keyring, creating the key file on first start when no key is configured. A key file is only
 * created while the database holds no secret: otherwise the key was lost, and that is an error.
 */
export function loadKeyring(options: {
  masterKey: string | undefined;
  dataDir: string;
  existing?: ExistingSecrets;
}): Keyring {
  if (options.masterKey) {
    const keys = options.masterKey.split(',').map((k) => decodeKey(k, 'DROBOT_MASTER_KEY'));
    return ring(keys, undefined);
  }
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  if (!fs.existsSync(file)) {
    const existing = options.existing;
    if (existing && existing.count > 0) {
      throw new DrobotError(secretErrors.missingKey, {
        params: { count: existing.count, keyId: existing.keyId ?? '?', file },
      });
    }
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const key = masterKeyFrom(generateKey());
    writeKeyFile(file, { current: key.id, keys: { [key.id]: key.key.toString('base64') } }, 'wx');
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): Keyring {
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DrobotError(secretErrors.keyFileUnsafe, {
      params: { file, mode: mode.toString(8).padStart(4, '0') },
    });
  }
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch {
    throw new DrobotError(secretErrors.badMasterKey, { params: { source: file } });
  }
  const entries = Object.values(parsed.keys ?? {}).map((b64) => decodeKey(b64, file));
  const current = entries.find((k) => k.id === parsed.current);
  if (!current) throw new DrobotError(secretErrors.badMasterKey, { params: { source: file } });
  return ring([current, ...entries.filter((k) => k !== current)], file);
}

/** Written and flushed to disk before anything is encrypted with a key in it: a crash never loses a key. */
function writeKeyFile(file: string, content: KeyFile, flag: 'w' | 'wx'): void {
  const tmp = flag === 'wx' ? file : `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, flag, 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (tmp !== file) fs.renameSync(tmp, file);
  syncDir(path.dirname(file));
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems cannot flush a directory; the rename is still atomic.
  }
}

/**
 * The key ring read again from its file, keeping every key already held (a key dropped from the file
 * meanwhile protects no secret any more, so holding it on is harmless). From the environment nothing
 * changes while the process runs.
 */
export function reloadKeyring(keyring: Keyring): Keyring {
  if (!keyring.file || !fs.existsSync(keyring.file)) return keyring;
  const fresh = readKeyFile(keyring.file);
  const all = new Map(fresh.all);
  for (const [id, key] of keyring.all) if (!all.has(id)) all.set(id, key);
  return { current: fresh.current, all, file: keyring.file };
}

/** A ring holding one more key (not current), e.g. a key made by a rotation from the environment. */
export function withExtraKey(keyring: Keyring, key: MasterKey): Keyring {
  const all = new Map(keyring.all);
  all.set(key.id, key);
  return { current: keyring.current, all, file: keyring.file };
}

/**
 * Rewrites a key file: `add` joins the keys already there, `drop` leaves, `current` is recorded. The file is
 * replaced atomically (written beside it, then renamed), so a reader sees the old or the new file, never a
 * half; callers hold the database's key lock, so two writers never interleave.
 */
export function updateKeyFile(
  file: string,
  change: { add?: readonly MasterKey[]; drop?: ReadonlySet<string>; current?: string },
): Keyring {
  const before = readKeyFile(file);
  const keys: Record<string, string> = {};
  for (const k of [...before.all.values(), ...(change.add ?? [])]) {
    if (!change.drop?.has(k.id)) keys[k.id] = k.key.toString('base64');
  }
  const current = change.current && keys[change.current] ? change.current : before.current.id;
  if (!keys[current]) throw new DrobotError(secretErrors.badMasterKey, { params: { source: file } });
  writeKeyFile(file, { current, keys }, 'w');
  return readKeyFile(file);
}
