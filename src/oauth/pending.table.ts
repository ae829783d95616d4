import type { Generated } from 'kysely';

/**
 * A consent started from the web console and not completed yet. Kept in the database (not in memory) so
 * the callback can land on any worker process. The PKCE verifier is a secret of kind `oauth_pending`.
 */
export interface OAuthPendingTable {
  id: Generated<number>;
  /** The `state` parameter: random, single use. */
  state: string;
  account_id: number;
  audience: string;
  redirect_uri: string;
  /** Space-separated requested scopes. */
  scopes: string;
  lang: string;
  created_at: string;
  expires_at: string;
}

export interface OAuthTables {
  oauth_pending: OAuthPendingTable;
}
