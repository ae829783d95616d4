import type { Generated } from 'kysely';

/** A person who signs in to the console: an administrator or a help desk agent. */
export interface UserTable {
  id: Generated<number>;
  /** Lower-cased, unique. */
  name: string;
  role: string;
  /** `scrypt$N$r$p$salt$hash` (base64url); never leaves the repository. */
  password_hash: string;
  created_at: string;
  updated_at: string;
}

/** A signed-in browser: only the SHA-256 of its cookie is kept, so a database dump signs no one in. */
export interface SessionTable {
  id_hash: string;
  user_id: number;
  /** Synchronizer token every change must echo in the `X-CSRF-Token` header. */
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

/** Failed sign-ins, per address (`ip:…`) and per user (`user:…`), counted over a window. */
export interface SignInFailureTable {
  id: Generated<number>;
  key: string;
  failed_at: string;
}

/** The one-time address that creates the first administrator: only its SHA-256 is kept. */
export interface SetupTokenTable {
  token_hash: string;
  expires_at: string;
  used_at: string | null;
}

export interface UserTables {
  users: UserTable;
  sessions: SessionTable;
  sign_in_failures: SignInFailureTable;
  setup_tokens: SetupTokenTable;
}
