import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DrobotError } from '../errors/drobot-error.js';
import { masterKeyFrom, type MasterKey } from './cipher.js';
import { secretErrors } from './secret.errors.js';

/**
 * The master keys: one encrypts (`current`), every one decrypts. They come from `DROBOT_MASTER_KEY`
 * (comma-separated base64 keys, the first current) or from `keys.json` in the data directory, created
 * at first start and readable by its owner only.
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

function writeKeyFile(file: string, content: KeyFile, flag: 'w' | 'wx'): void {
  const tmp = flag === 'wx' ? file : `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag });
  if (tmp !== file) fs.renameSync(tmp, file);
}

/**
 * Makes `key` the current key of a file key ring, keeping `keep` so every secret still decrypts whatever
 * happens next. For a key ring from the environment nothing is written: the administrator sets the variable.
 */
export function withCurrentKey(keyring: Keyring, key: MasterKey, keep: readonly MasterKey[]): Keyring {
  const others = keep.filter((k) => k.id !== key.id);
  if (!keyring.file) return ring([key, ...others], undefined);
  const keys: Record<string, string> = { [key.id]: key.key.toString('base64') };
  for (const k of others) keys[k.id] = k.key.toString('base64');
  writeKeyFile(keyring.file, { current: key.id, keys }, 'w');
  return readKeyFile(keyring.file);
}
