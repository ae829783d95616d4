import { DrobotError } from '../errors/drobot-error.js';
import { chooseSaslMechanism, type SaslMechanism } from '../transports/sasl.js';
import type { Credentials, SaslMethod } from '../transports/types.js';
import { diagnosticsErrors } from './diagnostics.errors.js';

/** How to log in: a SASL mechanism, or the protocol's own password command (IMAP LOGIN). */
export type AuthChoice =
  { readonly kind: 'sasl'; readonly mechanism: SaslMechanism } | { readonly kind: 'command' };

/**
 * Picks how to log in from what the server offers. `auto` takes the strongest SASL mechanism offered;
 * with a password, `auto` and `login` fall back to the protocol's password command when it has one.
 * Throws `no_common_auth_method` (step `auth`) otherwise.
 */
export function chooseAuth(
  offered: readonly string[],
  configured: SaslMethod,
  credentials: Credentials,
  passwordCommand: boolean,
): AuthChoice {
  const choice = chooseSaslMechanism(offered, configured, credentials);
  if (choice.ok) return { kind: 'sasl', mechanism: choice.mechanism };
  const fallback =
    credentials.kind === 'password' && passwordCommand && (configured === 'auto' || configured === 'login');
  if (fallback) return { kind: 'command' };
  throw new DrobotError(diagnosticsErrors.noCommonAuth, {
    step: 'auth',
    params: { configured, offered: offered.length > 0 ? offered.join(', ') : '-' },
  });
}

/** The secret a credential logs in with. */
export function secretOf(credentials: Credentials): string {
  if (credentials.kind === 'password') return credentials.password;
  return credentials.kind === 'oauth2' ? credentials.accessToken : '';
}
