import type { Account } from '../accounts/account.model.js';
import { DrobotError, isDrobotError } from '../errors/drobot-error.js';
import { oauthErrors } from './oauth.errors.js';
import { IDENTITY_SCOPES, MICROSOFT_SCOPES, scopesFor, type Audience } from './providers.js';
import type { TokenService } from './token.service.js';

/** The outcome of the connection test's "token" step: a value, never an exception. */
export type TokenCheck =
  | {
      readonly ok: true;
      readonly audience: Audience;
      readonly refreshed: boolean;
      readonly expiresAt: string;
      readonly scopes: readonly string[];
      readonly email?: string | undefined;
    }
  | { readonly ok: false; readonly audience?: Audience | undefined; readonly error: DrobotError };

const NOT_REQUIRED = new Set<string>([...IDENTITY_SCOPES, MICROSOFT_SCOPES.offline]);

/** The audience whose token an account's transport logs in with. */
export function audienceOf(
  account: Pick<Account, 'preset' | 'connection' | 'direction' | 'protocol'>,
): Audience | undefined {
  return scopesFor(account, 'delegated')[0]?.audience;
}

/** Scopes the account needs that a token lacks (app-only `.default` tokens carry what the tenant granted). */
export function missingScopes(
  account: Pick<Account, 'preset' | 'connection' | 'direction' | 'protocol'>,
  flow: 'delegated' | 'app',
  granted: readonly string[],
): string[] {
  const needed = scopesFor(account, flow).flatMap((r) => r.scopes);
  const have = new Set(granted.map((s) => s.toLowerCase()));
  // A sending Graph account without Mail.ReadWrite still sends (with sendMail, not a draft).
  const optional: string[] = account.direction === 'outbound' ? [MICROSOFT_SCOPES.graphRead] : [];
  return needed.filter((s) => !NOT_REQUIRED.has(s) && !optional.includes(s) && !have.has(s.toLowerCase()));
}

/**
 * Checks an account's token for the connection test: present, valid (refreshed when needed), and with the
 * scopes the account's connection needs.
 */
export async function checkAccountToken(tokens: TokenService, account: Account): Promise<TokenCheck> {
  const audience = audienceOf(account);
  if (!audience) {
    const error = new DrobotError(oauthErrors.notOAuth, {
      params: { name: account.name, preset: account.preset },
    });
    return { ok: false, error };
  }
  try {
    const token = await tokens.getAccessToken(account.id, audience);
    const missing = missingScopes(account, token.flow, token.scopes);
    if (missing.length > 0) {
      const error = new DrobotError(oauthErrors.insufficientScopes, {
        params: { name: account.name, missing: missing.join(' ') },
        step: 'token',
      });
      return { ok: false, audience, error };
    }
    return {
      ok: true,
      audience,
      refreshed: token.refreshed,
      expiresAt: token.expiresAt,
      scopes: token.scopes,
      email: token.email,
    };
  } catch (error) {
    if (isDrobotError(error)) return { ok: false, audience, error };
    throw error;
  }
}
