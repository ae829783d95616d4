import { DrobotError } from '../errors/drobot-error.js';
import { aadstsCodeOf, aadstsError, aadstsGeneric } from './aadsts.errors.js';
import { oauthErrors } from './oauth.errors.js';

/** An OAuth error as a provider reports it, at the token endpoint or on the redirect (RFC 6749 §4.1.2.1, §5.2). */
export interface ProviderErrorReply {
  readonly error: string;
  readonly description?: string | undefined;
}

/** Replaces every occurrence of the given secrets in a text, so a provider echoing one cannot leak it. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('*****');
  return out;
}

/** The server's words in one line: `error: description`. */
export function replyText(reply: ProviderErrorReply): string {
  return reply.description ? `${reply.error}: ${reply.description}` : reply.error;
}

/**
 * Maps a provider error to DrobotError: AADSTS codes first (they say what to change in the app
 * registration), then the standard error codes. `invalid_grant` becomes "authorization required".
 */
export function providerError(
  reply: ProviderErrorReply,
  context: { readonly name?: string; readonly step: string },
): DrobotError {
  const detail = reply.description ?? reply.error;
  const serverReply = replyText(reply);
  const common = { step: context.step, serverReply };
  // The standard error code travels along: `invalid_grant` decides the account state, whatever AADSTS says.
  const base = { oauthError: reply.error, detail, name: context.name ?? '?' };
  const aadsts = aadstsCodeOf(reply.description);
  const specific = aadsts ? aadstsError(aadsts) : undefined;
  if (specific && (reply.error !== 'invalid_grant' || specific !== aadstsGeneric)) {
    return new DrobotError(specific, { ...common, params: { ...base, aadsts } });
  }
  switch (reply.error) {
    case 'invalid_grant':
      return new DrobotError(oauthErrors.authorizationRequired, { ...common, params: base });
    case 'access_denied':
      return new DrobotError(oauthErrors.accessDenied, { ...common, params: base });
    case 'invalid_client':
    case 'unauthorized_client':
      return new DrobotError(oauthErrors.invalidClient, { ...common, params: base });
    case 'invalid_scope':
      return new DrobotError(oauthErrors.invalidScope, { ...common, params: base });
    case 'expired_token':
      return new DrobotError(oauthErrors.deviceExpired, { ...common, params: base });
    case 'temporarily_unavailable':
    case 'server_error':
      return new DrobotError(oauthErrors.providerError, {
        ...common,
        params: { ...base, error: reply.error },
        retryable: true,
      });
    default:
      return new DrobotError(oauthErrors.providerError, {
        ...common,
        params: { ...base, error: reply.error },
      });
  }
}

/** True when the error means the grant is gone (revoked, expired, password changed): consent again. */
export function isInvalidGrant(error: unknown): boolean {
  return error instanceof DrobotError && error.params.oauthError === 'invalid_grant';
}
