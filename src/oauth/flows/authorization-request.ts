import crypto from 'node:crypto';

/** A PKCE pair (RFC 7636, S256) and an unguessable `state`, made fresh for each authorization. */
export interface AuthorizationSecrets {
  readonly state: string;
  readonly verifier: string;
  readonly challenge: string;
}

export function newAuthorizationSecrets(): AuthorizationSecrets {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return {
    state: crypto.randomBytes(16).toString('base64url'),
    verifier,
    challenge: challengeOf(verifier),
  };
}

export function challengeOf(verifier: string): string {
  return crypto.createHash('sha256').update(verifier).digest('base64url');
}

/** Everything the authorization URL carries. */
export interface AuthorizationUrlInput {
  readonly authorizeEndpoint: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string;
  readonly challenge: string;
  /** Provider extras, e.g. Google's `access_type=offline` and `prompt=consent`. */
  readonly extra?: Readonly<Record<string, string>>;
  /** Pre-fills the sign-in name (`login_hint`). */
  readonly loginHint?: string | undefined;
}

/** Builds the URL the user's browser opens (RFC 6749 §4.1.1 with PKCE). Pure. */
export function authorizationUrl(input: AuthorizationUrlInput): string {
  const url = new URL(input.authorizeEndpoint);
  const params: Record<string, string> = {
    client_id: input.clientId,
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: input.scopes.join(' '),
    state: input.state,
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
    ...input.extra,
  };
  if (input.loginHint) params.login_hint = input.loginHint;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

/** What came back to the redirect URI, read from its query. */
export type CallbackParams =
  | { readonly kind: 'code'; readonly state: string; readonly code: string }
  | {
      readonly kind: 'error';
      readonly state: string | undefined;
      readonly error: string;
      readonly description: string | undefined;
    }
  | { readonly kind: 'other' };

export function readCallback(query: URLSearchParams): CallbackParams {
  const state = query.get('state') ?? undefined;
  const error = query.get('error');
  if (error) {
    return { kind: 'error', state, error, description: query.get('error_description') ?? undefined };
  }
  const code = query.get('code');
  if (code && state) return { kind: 'code', state, code };
  return { kind: 'other' };
}

/** Compares states in constant time. */
export function sameState(expected: string, received: string | undefined): boolean {
  if (received === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
