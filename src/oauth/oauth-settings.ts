import { signsIn } from '../accounts/account.kind.js';
import type { Account } from '../accounts/account.model.js';
import { DrobotError } from '../errors/drobot-error.js';
import { oauthErrors } from './oauth.errors.js';
import {
  endpointsFor,
  extraAuthorizeParams,
  providerOfPreset,
  type ProviderEndpoints,
  type ProviderId,
} from './providers.js';

/** Authorization server base URLs from the configuration, overriding the providers' documented ones. */
export interface OAuthAuthorities {
  readonly microsoft?: string | undefined;
  readonly google?: string | undefined;
}

/** What a flow needs to know about an account's OAuth app registration (secret apart). */
export interface OAuthSettings {
  readonly provider: ProviderId;
  readonly endpoints: ProviderEndpoints;
  readonly clientId: string;
  readonly extraAuthorize: Readonly<Record<string, string>>;
  readonly useLoopback: boolean;
  readonly useBrowser: boolean;
}

/**
 * Resolves an account's OAuth settings; a missing client id or (Microsoft) tenant is an error naming the
 * field, and an account that does not sign in at all (an SMTP relay, whatever its stored type) has none to
 * authorize with. The account's own authority wins over the configured one. Pure.
 */
export function oauthSettingsOf(account: Account, authorities: OAuthAuthorities = {}): OAuthSettings {
  if (!signsIn(account)) {
    throw new DrobotError(oauthErrors.noLogin, { params: { name: account.name }, field: 'smtpAuth' });
  }
  const provider = providerOfPreset(account.preset);
  if (!provider || account.auth !== 'oauth2') {
    throw new DrobotError(oauthErrors.notOAuth, { params: { name: account.name, preset: account.preset } });
  }
  const clientId = account.oauth.clientId?.trim();
  if (!clientId) {
    throw new DrobotError(oauthErrors.missingClientId, {
      params: { name: account.name },
      field: 'oauth.clientId',
    });
  }
  const tenant = account.oauth.tenantId?.trim();
  if (provider === 'microsoft' && !tenant) {
    throw new DrobotError(oauthErrors.missingTenant, {
      params: { name: account.name },
      field: 'oauth.tenantId',
    });
  }
  const authority = account.oauth.authority?.trim() || authorities[provider];
  return {
    provider,
    endpoints: endpointsFor(provider, { tenant, authority }),
    clientId,
    extraAuthorize: extraAuthorizeParams(provider),
    useLoopback: account.oauth.useLoopback,
    useBrowser: account.oauth.useBrowser,
  };
}
