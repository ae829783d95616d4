import { DrobotError } from '../errors/drobot-error.js';
import { userErrors } from './user.errors.js';

export const ROLES = ['admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** A user as shown: never the password hash. */
export interface UserView {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
}

export const PASSWORD_MIN = 10;
/** Bytes hashed are bounded: a megabyte "password" would only cost the server time. */
export const PASSWORD_MAX = 1024;

const NAME_PATTERN = /^[a-z0-9._@-]{1,64}$/;

/** Names are compared lower-cased: "Ana" and "ana" are one person. */
export function normalizeName(name: string): string {
  const lower = name.trim().toLowerCase();
  if (!NAME_PATTERN.test(lower)) {
    throw new DrobotError(userErrors.badName, { field: 'name', params: { name: name.slice(0, 80) } });
  }
  return lower;
}

export function parseRole(role: string): Role {
  const found = ROLES.find((r) => r === role);
  if (!found)
    throw new DrobotError(userErrors.badRole, { field: 'role', params: { role: role.slice(0, 40) } });
  return found;
}

export function checkPassword(password: string): void {
  // Characters as a person counts them (an emoji is one, not two UTF-16 units); the upper bound is the bytes
  // scrypt is given.
  if ([...password].length < PASSWORD_MIN) {
    throw new DrobotError(userErrors.weakPassword, { field: 'password', params: { min: PASSWORD_MIN } });
  }
  if (Buffer.byteLength(password) > PASSWORD_MAX) {
    throw new DrobotError(userErrors.longPassword, { field: 'password', params: { max: PASSWORD_MAX } });
  }
}
