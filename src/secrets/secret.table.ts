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
