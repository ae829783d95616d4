import type { DrobotError } from '../errors/drobot-error.js';
import type { Audience } from '../oauth/providers.js';
import type { ApiConnection } from '../transports/http/api-adapter.js';
import type { AccessTokenProvider } from '../transports/ports.js';
import type { Credentials, Endpoint, SaslMethod } from '../transports/types.js';
import { SECRET_NAMES, type Account } from './account.model.js';
import { connectionPlanOf, endpointOf, isProtocolPlan, type ProtocolPlan } from './connection-plan.js';

/** Where a connection's secrets come from: the secret store, and the OAuth token service when configured. */
export interface ConnectionSecrets {
  secret(accountId: number, name: string): Promise<string | undefined>;
  /** Access tokens (the OAuth token service), when OAuth accounts are configured. */
  readonly accessToken?: TokenSource | undefined;
}

/** A token the OAuth token service handed out, and how it was obtained (app-only: client credentials). */
export interface GrantedToken {
  readonly accessToken: string;
  readonly flow: 'delegated' | 'app';
  /** The scopes the provider granted, when it said. */
  readonly scopes?: readonly string[] | undefined;
}

/**
 * The OAuth token service's `getAccessToken`: a valid token for one audience of an account; `refused`
 * names a token the server refused, to be replaced now.
 */
export type TokenSource = (
  accountId: number,
  audience: Audience,
  options?: { readonly refused?: string | undefined },
) => Promise<GrantedToken>;

/** A token provider over the token service that names the last token it handed out when asked to renew. */
function providerOver(
  get: TokenSource,
  accountId: number,
  audience: Audience,
  first?: string,
): AccessTokenProvider {
  let last = first;
  return async (renew) => {
    const token = await get(accountId, audience, renew && last !== undefined ? { refused: last } : {});
    last = token.accessToken;
    return last;
  };
}

/** A mail-protocol connection ready to open: the account's plan with its secrets. */
export interface ProtocolConnection {
  readonly plan: ProtocolPlan;
  /** Security resolved (`auto` decided by the plan's one rule), proxy with its password. */
  readonly endpoint: Endpoint;
  /** The credentials as of now (an OAuth token obtained for this connection). */
  readonly credentials: Credentials;
  readonly sasl: SaslMethod;
  /** OAuth accounts: a fresh token for each (re)connect of a long-lived connection (IMAP IDLE). */
  readonly accessToken: AccessTokenProvider | undefined;
}

/** The token audience of a mail-protocol OAuth account: Google for the Gmail preset, else Microsoft. */
export function tokenAudienceOf(account: Pick<Account, 'preset'>): 'outlook' | 'google' {
  return account.preset === 'gmail' ? 'google' : 'outlook';
}

/**
 * The account's token provider. The token service hands out a fresh token (refreshing one near its
 * expiry) on every call, so `renew` needs nothing more.
 */
export function accessTokenProviderOf(
  account: Pick<Account, 'id' | 'preset' | 'auth'>,
  secrets: ConnectionSecrets,
): AccessTokenProvider | undefined {
  const get = secrets.accessToken;
  if (account.auth !== 'oauth2' || !get) return undefined;
  return providerOver(get, account.id, tokenAudienceOf(account));
}

/** A REST API connection ready to open: where, and the token provider of its audience. */
export interface ApiAccountConnection {
  readonly connection: ApiConnection;
  readonly tokens: AccessTokenProvider;
  /** The token as first obtained: how (delegated or app-only) and with which scopes. */
  readonly granted: Pick<GrantedToken, 'flow' | 'scopes'>;
}

/**
 * The one translation from a Graph or Gmail API account to a connection, used by fetching and sending.
 * The stored token says whether it is app-only (Graph then reads `/users/{address}` instead of `/me`), as
 * in the connection test. `noToken` is the caller's error when no token service is configured.
 */
export async function apiConnectionOf(
  account: Account,
  secrets: ConnectionSecrets,
  noToken: () => DrobotError,
): Promise<ApiAccountConnection> {
  const kind = account.connection === 'graph' ? 'graph' : 'gmail';
  if (account.connection !== 'graph' && account.connection !== 'gmail-api') {
    throw new Error(`account ${account.name} does not use a REST API`);
  }
  const get = secrets.accessToken;
  if (!get) throw noToken();
  const audience: Audience = kind === 'graph' ? 'graph' : 'google';
  const first = await get(account.id, audience);
  const plan = connectionPlanOf(account, { appOnly: first.flow === 'app' });
  if (isProtocolPlan(plan)) throw new Error(`account ${account.name} does not use a REST API`);
  const proxyPassword = plan.proxy ? await secrets.secret(account.id, SECRET_NAMES.proxyPassword) : undefined;
  return {
    connection: {
      kind,
      apiUrl: plan.apiUrl,
      mailbox: plan.mailbox,
      timeoutMs: plan.timeoutMs,
      tls: plan.tls,
      proxy: plan.proxy ? { ...plan.proxy, password: proxyPassword } : undefined,
    },
    tokens: providerOver(get, account.id, audience, first.accessToken),
    granted: { flow: first.flow, scopes: first.scopes },
  };
}

/**
 * The one translation from an account and its secrets to a mail-protocol connection, used by fetching,
 * sending and the round trip (the connection test uses the same plan with the secrets it is given).
 * `noToken` is the caller's error for an OAuth account when no token service is configured.
 */
export async function protocolConnectionOf(
  account: Account,
  secrets: ConnectionSecrets,
  noToken: () => DrobotError,
): Promise<ProtocolConnection> {
  const plan = connectionPlanOf(account);
  if (!isProtocolPlan(plan)) throw new Error(`account ${account.name} does not use a mail protocol`);
  const proxyPassword = plan.proxy ? await secrets.secret(account.id, SECRET_NAMES.proxyPassword) : undefined;
  const accessToken = plan.auth.kind === 'oauth2' ? accessTokenProviderOf(account, secrets) : undefined;
  let credentials: Credentials;
  if (plan.auth.kind === 'none') credentials = { kind: 'none' };
  else if (plan.auth.kind === 'oauth2') {
    if (!accessToken) throw noToken();
    credentials = { kind: 'oauth2', username: plan.auth.username, accessToken: await accessToken(false) };
  } else {
    const password = (await secrets.secret(account.id, SECRET_NAMES.password)) ?? '';
    credentials = { kind: 'password', username: plan.auth.username, password };
  }
  return {
    plan,
    endpoint: endpointOf(plan, proxyPassword),
    credentials,
    sasl: plan.auth.kind === 'none' ? account.sasl : plan.auth.sasl,
    accessToken,
  };
}
