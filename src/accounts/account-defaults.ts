import { DEFAULT_AUTHORITY, effectiveAuthority, type ProviderId } from '../oauth/providers.js';
import { DEFAULT_API_URLS } from './api-urls.js';

/** Where a default authority comes from: the configuration (`DROBOT_OAUTH_*_AUTHORITY`) or the provider. */
export type DefaultAuthoritySource = 'configuration' | 'provider';

/**
 * What an account that leaves a setting empty uses, before there is an account: the API address per API
 * connection type, the authority per OAuth provider. The console shows them in a new account's form.
 */
export interface AccountDefaults {
  readonly apiUrls: { readonly graph: string; readonly 'gmail-api': string };
  readonly authorities: Readonly<
    Record<ProviderId, { readonly url: string; readonly source: DefaultAuthoritySource }>
  >;
}

/** A preset of each provider, to resolve its authority as an account of it without its own would. */
const PROVIDER_PRESET: Readonly<Record<ProviderId, string>> = { microsoft: 'office365', google: 'gmail' };

/** The defaults, with the authorities the configuration sets (`Config['oauthAuthorities']`) in place. */
export function accountDefaults(
  configured: Readonly<Partial<Record<ProviderId, string | undefined>>> = {},
): AccountDefaults {
  const authorityOf = (provider: ProviderId) => {
    const used = effectiveAuthority(PROVIDER_PRESET[provider], null, configured);
    return used?.source === 'configuration'
      ? { url: used.url, source: 'configuration' as const }
      : { url: DEFAULT_AUTHORITY[provider], source: 'provider' as const };
  };
  return {
    apiUrls: { graph: DEFAULT_API_URLS.graph, 'gmail-api': DEFAULT_API_URLS.gmail },
    authorities: { microsoft: authorityOf('microsoft'), google: authorityOf('google') },
  };
}
