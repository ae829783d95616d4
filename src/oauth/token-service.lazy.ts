import type { OAuthContext } from './oauth.factory.js';
import type { TokenService } from './token.service.js';

/**
 * The token service of a context (`oauthServicesFor`), its modules loaded with the first token asked for:
 * fetching, sending and testing a password account never need OAuth's flows, client and repositories.
 */
export async function tokenServiceOf(ctx: OAuthContext): Promise<TokenService> {
  return (await import('./oauth.factory.js')).oauthServicesFor(ctx).tokens;
}
