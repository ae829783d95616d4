import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { DrobotError } from '../errors/drobot-error.js';
import { serverErrors } from './server.errors.js';

export const ADMIN_TOKEN_FILE = 'admin.token';

/** As for DROBOT_ADMIN_TOKEN: a shorter token could be guessed. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The token the REST API requires: DROBOT_ADMIN_TOKEN, or a random one kept in the data directory
 * (owner-readable only), made at first start. A token file others can read is refused, like the key
 * file. Returns where it comes from, never the value, for messages.
 */
export function resolveAdminToken(config: Config): { value: string; source: string } {
  if (config.adminToken) return { value: config.adminToken, source: 'DROBOT_ADMIN_TOKEN' };
  const file = path.join(config.dataDir, ADMIN_TOKEN_FILE);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `${crypto.randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DrobotError(serverErrors.tokenFileUnsafe, {
      params: { file, mode: mode.toString(8).padStart(4, '0') },
    });
  }
  const value = fs.readFileSync(file, 'utf8').trim();
  if (value.length < MIN_TOKEN_LENGTH) {
    throw new DrobotError(serverErrors.tokenFileWeak, { params: { file, min: MIN_TOKEN_LENGTH } });
  }
  return { value, source: file };
}

/** Compares two tokens in constant time. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
