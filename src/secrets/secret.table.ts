/**
 * One encrypted secret: its owner (`account` + id, …), its name (`password`, `proxy_password`,
 * `oauth_client_secret`, `oauth_token`, …) and the ciphertext, tagged with the id of the key that made it.
 */
export interface SecretTable {
  owner_kind: string;
  owner_id: number;
  name: string;
  key_id: string;
  ciphertext: string;
  updated_at: string;
}

/**
 * One master key the database knows, by id: which one encrypts (`current`, exactly one) and which are
 * `retired` (they may still decrypt what was not re-encrypted yet). Never the key itself.
 */
export interface KeyRingTable {
  key_id: string;
  state: 'current' | 'retired';
  /** A digest of the key (not its id), so a key file holding another key under the same id is told apart. */
  fingerprint: string;
  created_at: string;
  retired_at: string | null;
}
