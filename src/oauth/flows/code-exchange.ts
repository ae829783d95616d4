import { clientParams, requestToken, type HttpOptions } from '../token.client.js';
import type { TokenResponse } from '../token.model.js';

/** The client of a token request: its id, and its secret when the registration has one. */
export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
}

/** Redeems an authorization code with its PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export function exchangeCode(
  tokenEndpoint: string,
  client: OAuthClient,
  input: { readonly code: string; readonly redirectUri: string; readonly verifier: string },
  http: HttpOptions = {},
): Promise<TokenResponse> {
  return requestToken(
    tokenEndpoint,
    {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.verifier,
      ...clientParams(client.clientId, client.clientSecret),
    },
    http,
  );
}

/** Uses a refresh token (RFC 6749 §6), asking for the scopes the token set was granted. */
export function refreshTokens(
  tokenEndpoint: string,
  client: OAuthClient,
  input: { readonly refreshToken: string; readonly scopes: readonly string[] },
  http: HttpOptions = {},
): Promise<TokenResponse> {
  const form: Record<string, string> = {
    grant_type: 'refresh_token',
    refresh_token: input.refreshToken,
    ...clientParams(client.clientId, client.clientSecret),
  };
  if (input.scopes.length > 0) form.scope = input.scopes.join(' ');
  return requestToken(tokenEndpoint, form, http);
}
