import { clientParams, requestToken, type HttpOptions } from '../token.client.js';
import type { TokenResponse } from '../token.model.js';

/**
 * The client credentials grant (RFC 6749 §4.4): the app acts alone, with its secret and a `.default` scope
 * (Microsoft app-only Graph or Exchange). No refresh token: a new token is requested when one expires.
 */
export function requestClientCredentials(
  tokenEndpoint: string,
  client: { readonly clientId: string; readonly clientSecret: string },
  scopes: readonly string[],
  http: HttpOptions = {},
): Promise<TokenResponse> {
  return requestToken(
    tokenEndpoint,
    {
      grant_type: 'client_credentials',
      scope: scopes.join(' '),
      ...clientParams(client.clientId, client.clientSecret),
    },
    http,
  );
}
