import type { AccessTokenProvider, ApiSourceSettings, ApiTransportSettings } from '../ports.js';
import { ApiClient } from './api-client.js';

/** An API transport's settings without its token provider, which the factories take apart. */
export type ApiConnection = Omit<ApiTransportSettings, 'accessToken'>;
export type ApiSourceConnection = Omit<ApiSourceSettings, 'accessToken'>;

/** What tests (and only tests) change in an API adapter. */
export interface ApiAdapterOptions {
  /** Waits out Retry-After; a test passes one that records the wait instead of sleeping. */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** The REST client of an API account: its base URL, TLS trust, proxy, deadlines and tokens. */
export function apiClientFor(
  settings: ApiConnection,
  tokens: AccessTokenProvider,
  options: ApiAdapterOptions = {},
): ApiClient {
  return new ApiClient({
    baseUrl: settings.apiUrl,
    accessToken: tokens,
    timeoutMs: settings.timeoutMs,
    tls: settings.tls,
    proxy: settings.proxy,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
}
