import type { Audience } from './providers.js';

/**
 * One set of OAuth tokens for one audience of an account, as stored (encrypted) in the secrets table under
 * the name `oauth_token:<audience>`. Never logged, never part of an API response or export.
 */
export interface TokenSet {
  readonly audience: Audience;
  readonly accessToken: string;
  readonly refreshToken?: string | undefined;
  /** ISO-8601 UTC. */
  readonly expiresAt: string;
  readonly scopes: readonly string[];
  readonly tokenType: string;
  /** The mailbox address, from the id_token when the provider returned one. */
  readonly email?: string | undefined;
  readonly username?: string | undefined;
  readonly obtainedAt: string;
  /** `app` when obtained with client credentials: renewed the same way, there is no refresh token. */
  readonly flow?: 'delegated' | 'app' | undefined;
}

/** What the token endpoint answered, reduced to the fields DRobot uses (RFC 6749 §5.1). */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type?: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly scope?: string;
  readonly id_token?: string;
}

/** A token set's public view: what may be shown (no token values). */
export interface TokenInfo {
  readonly audience: Audience;
  readonly expiresAt: string;
  readonly scopes: readonly string[];
  readonly email?: string | undefined;
  readonly username?: string | undefined;
  readonly hasRefreshToken: boolean;
  readonly flow: 'delegated' | 'app';
}

export const tokenSecretName = (audience: Audience): string => `oauth_token:${audience}`;

/** Claims of an id_token that name the user. The token came straight from the token endpoint over TLS. */
export function identityOf(idToken: string | undefined): { email?: string; username?: string } {
  const payload = idToken?.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const email = str(claims.email) ?? str(claims.upn);
    const username = str(claims.preferred_username) ?? email ?? str(claims.sub);
    return { ...(email ? { email } : {}), ...(username ? { username } : {}) };
  } catch {
    return {};
  }
}

/**
 * Builds the stored token set from a token response. A response without a refresh token keeps the
 * previous one (providers only send it when it rotates); a response without `scope` keeps the asked ones.
 */
export function tokenSetFrom(
  audience: Audience,
  response: TokenResponse,
  requestedScopes: readonly string[],
  now: Date,
  previous?: TokenSet,
  flow: 'delegated' | 'app' = 'delegated',
): TokenSet {
  const expiresIn = response.expires_in ?? 3600;
  const identity = identityOf(response.id_token);
  return {
    audience,
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    expiresAt: new Date(now.getTime() + expiresIn * 1000).toISOString(),
    scopes: response.scope ? response.scope.split(' ').filter(Boolean) : [...requestedScopes],
    tokenType: response.token_type ?? 'Bearer',
    email: identity.email ?? previous?.email,
    username: identity.username ?? previous?.username,
    obtainedAt: now.toISOString(),
    flow,
  };
}

/** True while the access token is valid for at least `marginMs` more. */
export function isFresh(set: TokenSet, now: Date, marginMs: number): boolean {
  return Date.parse(set.expiresAt) - now.getTime() > marginMs;
}

export function tokenInfo(set: TokenSet): TokenInfo {
  return {
    audience: set.audience,
    expiresAt: set.expiresAt,
    scopes: set.scopes,
    email: set.email,
    username: set.username,
    hasRefreshToken: Boolean(set.refreshToken),
    flow: set.flow ?? 'delegated',
  };
}

export function serializeTokenSet(set: TokenSet): string {
  return JSON.stringify(set);
}

export function parseTokenSet(text: string): TokenSet {
  return JSON.parse(text) as TokenSet;
}
