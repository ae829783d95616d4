import type { Account } from '../accounts/account.model.js';
import type { AccountRepository } from '../accounts/account.repository.js';
import { notFoundError } from '../errors/common.errors.js';
import { DrobotError } from '../errors/drobot-error.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { inTransaction, type Database } from '../storage/database.js';
import { authorizationUrl, newAuthorizationSecrets, readCallback } from './flows/authorization-request.js';
import { requestClientCredentials } from './flows/client-credentials.flow.js';
import { exchangeCode, type OAuthClient } from './flows/code-exchange.js';
import { runDeviceFlow, type DeviceCodePrompt } from './flows/device.flow.js';
import { runLoopbackConsent } from './flows/loopback.flow.js';
import { oauthErrors } from './oauth.errors.js';
import { oauthSettingsOf, type OAuthAuthorities, type OAuthSettings } from './oauth-settings.js';
import type { PendingConsentRepository } from './pending.repository.js';
import { providerError } from './provider-error.js';
import { scopesFor, type ScopeRequest } from './providers.js';
import type { HttpOptions } from './token.client.js';
import { tokenInfo, tokenSetFrom, type TokenInfo, type TokenResponse } from './token.model.js';
import type { TokenService } from './token.service.js';

/** How the consent is obtained: browser + loopback listener, device code, or app-only client credentials. */
export type AuthorizeMode = 'loopback' | 'device' | 'app';

export interface AuthorizeOptions {
  /**
   * The flow; by default the account's settings decide: the loopback listener when "use HTTP listener" is
   * set, else the device code for Microsoft (Google offers no device code for mail: the listener again).
   */
  readonly mode?: AuthorizeMode | undefined;
  /** Open the default browser; the account's "use default browser" setting when undefined. */
  readonly openBrowser?: boolean | undefined;
  readonly lang: Lang;
  /** Receives the URL to open (always, so it can be shown when no browser opens). */
  readonly onUrl?: ((url: string) => void) | undefined;
  readonly onDeviceCode?: ((prompt: DeviceCodePrompt) => void) | undefined;
  readonly opener?: ((url: string) => Promise<unknown>) | undefined;
  readonly timeoutMs?: number | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface OAuthAuthorizerDeps {
  readonly database: Database;
  readonly accounts: AccountRepository;
  readonly tokenService: TokenService;
  readonly pending: PendingConsentRepository;
  readonly authorities?: OAuthAuthorities | undefined;
  readonly logger?: Logger | undefined;
  readonly clock?: (() => Date) | undefined;
  readonly http?: Omit<HttpOptions, 'name'> | undefined;
  /** How long a console consent may take; 10 minutes by default. */
  readonly consoleTtlMs?: number | undefined;
}

/** The result of a console consent, for the callback page and the API. */
export interface ConsoleCompletion {
  readonly accountId: number;
  readonly accountName: string;
  readonly lang: Lang;
  readonly token: TokenInfo;
}

/**
 * Obtains an account's tokens with the flow the caller chooses, and stores them only when the whole flow
 * succeeded: a failure (declined consent, wrong state, provider error, endpoint down) stores nothing.
 */
export class OAuthAuthorizer {
  private readonly clock: () => Date;
  private readonly logger: Logger;

  constructor(private readonly deps: OAuthAuthorizerDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.logger = deps.logger ?? silentLogger;
  }

  /** Authorizes every audience the account needs (usually one); returns what was stored. */
  async authorize(accountId: number, given: AuthorizeOptions): Promise<TokenInfo[]> {
    const { account, settings, client } = await this.load(accountId);
    const options = { ...given, mode: given.mode ?? defaultMode(settings) };
    const flow = options.mode === 'app' ? 'app' : 'delegated';
    const requests = scopesFor(account, flow);
    if (requests.length === 0) {
      throw new DrobotError(oauthErrors.noAppFlow, { params: { provider: settings.provider } });
    }
    if (options.mode === 'device' && settings.provider !== 'microsoft') {
      throw new DrobotError(oauthErrors.noDeviceFlow, { params: { provider: settings.provider } });
    }
    const stored: TokenInfo[] = [];
    for (const request of requests) {
      const response = await this.obtain(account, settings, client, request, options);
      const set = tokenSetFrom(request.audience, response, request.scopes, this.clock(), undefined, flow);
      await this.deps.tokenService.store(account.id, set);
      stored.push(tokenInfo(set));
    }
    this.logger.info('oauth account authorized', { account: account.name, mode: options.mode });
    return stored;
  }

  /**
   * Starts a consent from the web console: remembers state and PKCE verifier in the database (any worker
   * can complete it) and returns the URL to send the browser to.
   */
  async startConsole(
    accountId: number,
    options: { readonly redirectUri: string; readonly lang: Lang },
  ): Promise<{ readonly url: string; readonly expiresAt: string }> {
    const { account, settings } = await this.load(accountId);
    const [request] = scopesFor(account, 'delegated');
    if (!request)
      throw new DrobotError(oauthErrors.notOAuth, { params: { name: account.name, preset: account.preset } });
    const secrets = newAuthorizationSecrets();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + (this.deps.consoleTtlMs ?? 10 * 60_000)).toISOString();
    await inTransaction(this.deps.database, async (trx) => {
      await this.deps.pending.purgeExpired(trx, now);
      await this.deps.pending.add(
        trx,
        {
          state: secrets.state,
          accountId,
          audience: request.audience,
          redirectUri: options.redirectUri,
          scopes: request.scopes,
          lang: options.lang,
          verifier: secrets.verifier,
          expiresAt,
        },
        now,
      );
    });
    const url = authorizationUrl({
      authorizeEndpoint: settings.endpoints.authorize,
      clientId: settings.clientId,
      redirectUri: options.redirectUri,
      scopes: request.scopes,
      state: secrets.state,
      challenge: secrets.challenge,
      extra: settings.extraAuthorize,
      loginHint: account.username || undefined,
    });
    return { url, expiresAt };
  }

  /**
   * Completes a console consent from the callback's query (code or error, and state). `onAccount` learns
   * the account as soon as the state names it, so a failure after that can still be told on its form.
   */
  async completeConsole(
    query: URLSearchParams,
    onAccount?: (account: { readonly id: number; readonly name: string }) => void,
  ): Promise<ConsoleCompletion> {
    const callback = readCallback(query);
    const state = callback.kind === 'other' ? undefined : callback.state;
    const pending = state
      ? await inTransaction(this.deps.database, (trx) => this.deps.pending.take(trx, state, this.clock()))
      : undefined;
    if (!pending || callback.kind === 'other') {
      throw new DrobotError(oauthErrors.stateMismatch, { step: 'consent' });
    }
    const { account, settings, client } = await this.load(pending.accountId);
    onAccount?.({ id: account.id, name: account.name });
    if (callback.kind === 'error') {
      throw providerError(
        { error: callback.error, description: callback.description },
        { step: 'consent', name: account.name },
      );
    }
    const response = await exchangeCode(
      settings.endpoints.token,
      client,
      { code: callback.code, redirectUri: pending.redirectUri, verifier: pending.verifier },
      { ...this.deps.http, name: account.name },
    );
    const set = tokenSetFrom(pending.audience, response, pending.scopes, this.clock());
    await this.deps.tokenService.store(account.id, set);
    this.logger.info('oauth account authorized', { account: account.name, mode: 'console' });
    return {
      accountId: account.id,
      accountName: account.name,
      lang: isLang(pending.lang) ? pending.lang : 'es',
      token: tokenInfo(set),
    };
  }

  private async load(
    accountId: number,
  ): Promise<{ account: Account; settings: OAuthSettings; client: OAuthClient }> {
    const db = this.deps.database.db;
    const account = await this.deps.accounts.findById(db, accountId);
    if (!account) {
      throw notFoundError('account', accountId);
    }
    const settings = oauthSettingsOf(account, this.deps.authorities);
    const clientSecret = await this.deps.accounts.secret(db, accountId, 'oauth_client_secret');
    return { account, settings, client: { clientId: settings.clientId, clientSecret } };
  }

  private obtain(
    account: Account,
    settings: OAuthSettings,
    client: OAuthClient,
    request: ScopeRequest,
    options: AuthorizeOptions & { readonly mode: AuthorizeMode },
  ): Promise<TokenResponse> {
    const http = { ...this.deps.http, name: account.name };
    if (options.mode === 'app') {
      if (!client.clientSecret) {
        throw new DrobotError(oauthErrors.missingClientSecret, {
          params: { name: account.name },
          field: 'oauth.clientSecret',
        });
      }
      return requestClientCredentials(
        settings.endpoints.token,
        { clientId: client.clientId, clientSecret: client.clientSecret },
        request.scopes,
        http,
      );
    }
    if (options.mode === 'device') {
      return runDeviceFlow({
        deviceEndpoint: settings.endpoints.device,
        tokenEndpoint: settings.endpoints.token,
        client,
        scopes: request.scopes,
        onPrompt: options.onDeviceCode ?? (() => undefined),
        sleep: options.sleep,
        http,
      });
    }
    return runLoopbackConsent({
      endpoints: settings.endpoints,
      client,
      scopes: request.scopes,
      extra: settings.extraAuthorize,
      loginHint: account.username || undefined,
      lang: options.lang,
      openBrowser: options.openBrowser ?? settings.useBrowser,
      onUrl: options.onUrl ?? (() => undefined),
      opener: options.opener,
      timeoutMs: options.timeoutMs,
      http,
    });
  }
}

/** The flow an account's settings ask for when the caller names none. */
export function defaultMode(settings: Pick<OAuthSettings, 'useLoopback' | 'provider'>): AuthorizeMode {
  if (settings.useLoopback || settings.provider !== 'microsoft') return 'loopback';
  return 'device';
}
