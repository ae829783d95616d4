import type { Account } from '../accounts/account.model.js';
import type { AccountRepository } from '../accounts/account.repository.js';
import { notFoundError } from '../errors/common.errors.js';
import { DrobotError } from '../errors/drobot-error.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { inTransaction, type Database, type Executor } from '../storage/database.js';
import { refreshTokens } from './flows/code-exchange.js';
import { requestClientCredentials } from './flows/client-credentials.flow.js';
import { oauthErrors } from './oauth.errors.js';
import { oauthSettingsOf, type OAuthAuthorities } from './oauth-settings.js';
import { isInvalidGrant } from './provider-error.js';
import type { Audience } from './providers.js';
import type { HttpOptions } from './token.client.js';
import { isFresh, tokenInfo, tokenSetFrom, type TokenInfo, type TokenSet } from './token.model.js';
import { lockAccount, type TokenRepository } from './token.repository.js';

export interface TokenServiceDeps {
  readonly database: Database;
  readonly accounts: AccountRepository;
  readonly tokens: TokenRepository;
  readonly authorities?: OAuthAuthorities | undefined;
  readonly logger?: Logger | undefined;
  readonly clock?: (() => Date) | undefined;
  /** Refresh this long before expiry; 5 minutes by default. */
  readonly refreshMarginMs?: number | undefined;
  readonly http?: Omit<HttpOptions, 'name'> | undefined;
}

/** What a transport logs in with: never logged, never returned by the API. */
export interface AccessToken {
  readonly accessToken: string;
  readonly expiresAt: string;
  readonly scopes: readonly string[];
  /** The mailbox the token belongs to, when the provider said so. */
  readonly email?: string | undefined;
  /** True when this call refreshed the token (the connection test shows it). */
  readonly refreshed: boolean;
  readonly flow: 'delegated' | 'app';
}

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

type RefreshOutcome =
  | { readonly ok: true; readonly set: TokenSet; readonly refreshed: boolean }
  | { readonly ok: false; readonly error: DrobotError };

/**
 * Hands out valid access tokens, refreshing them before they expire. One refresh per account and audience
 * at a time: in this process by sharing the pending refresh, across processes by locking the account row
 * and checking again. A rotated refresh token is stored in the same transaction. `invalid_grant` puts the
 * account in "authorization required" with the provider's message.
 */
export class TokenService {
  private readonly inFlight = new Map<string, Promise<RefreshOutcome>>();
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private readonly margin: number;

  constructor(private readonly deps: TokenServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.logger = deps.logger ?? silentLogger;
    this.margin = deps.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  }

  /**
   * A valid access token for one audience of an account. `refused`: a token the API refused before it
   * expired (a 401: revoked, or changed rights); while it is still the stored one it is refreshed now, but
   * a token another worker stored meanwhile is used as it is.
   */
  async getAccessToken(
    accountId: number,
    audience: Audience,
    options: { readonly refused?: string | undefined } = {},
  ): Promise<AccessToken> {
    const db = this.deps.database.db;
    const account = await this.account(db, accountId);
    const current = await this.deps.tokens.get(db, accountId, audience);
    const refused =
      options.refused !== undefined && current?.accessToken === options.refused ? options.refused : undefined;
    if (current && !refused && isFresh(current, this.clock(), this.margin)) return toAccess(current, false);
    if (!current) {
      throw new DrobotError(oauthErrors.tokenMissing, { params: { name: account.name, audience } });
    }
    const key = `${accountId}:${audience}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.refreshLocked(accountId, audience, refused).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    let outcome: RefreshOutcome;
    try {
      outcome = await pending;
    } catch (error) {
      // The provider is down but the token has not expired yet: use it, the next call tries again.
      if (!(error instanceof DrobotError && error.retryable) || refused || !isFresh(current, this.clock(), 0))
        throw error;
      this.logger.warn('oauth refresh failed; using the current token until it expires', {
        account: account.name,
        audience,
        expiresAt: current.expiresAt,
        code: error.code,
      });
      return toAccess(current, false);
    }
    if (!outcome.ok) throw outcome.error;
    return toAccess(outcome.set, outcome.refreshed);
  }

  /** Stores a newly authorized token set and makes the account usable again, in one transaction. */
  async store(accountId: number, set: TokenSet): Promise<void> {
    await inTransaction(this.deps.database, async (trx) => {
      const account = await this.find(trx, accountId);
      await this.deps.tokens.put(trx, accountId, set);
      if (account.state !== 'disabled') await this.deps.accounts.setState(trx, accountId, 'ready', null);
    });
    this.logger.info('oauth tokens stored', {
      accountId,
      audience: set.audience,
      expiresAt: set.expiresAt,
      email: set.email,
    });
  }

  /** What may be shown about an account's tokens (no token values). */
  async info(accountId: number): Promise<TokenInfo[]> {
    const db = this.deps.database.db;
    const infos: TokenInfo[] = [];
    for (const audience of await this.deps.tokens.audiences(db, accountId)) {
      const set = await this.deps.tokens.get(db, accountId, audience);
      if (set) infos.push(tokenInfo(set));
    }
    return infos;
  }

  private async find(ex: Executor, accountId: number): Promise<Account> {
    const account = await this.deps.accounts.findById(ex, accountId);
    if (!account) {
      throw notFoundError('account', accountId);
    }
    return account;
  }

  /** The account, unless it must be authorized again: then the robot does not use it. */
  private async account(ex: Executor, accountId: number): Promise<Account> {
    const account = await this.find(ex, accountId);
    if (account.state === 'authorization_required') {
      // No token and no provider's reason: it was never authorized, nothing was lost.
      if (account.secrets.tokens.length === 0 && !account.stateDetail) {
        throw new DrobotError(oauthErrors.notAuthorizedYet, {
          params: { name: account.name },
          step: 'token',
        });
      }
      throw new DrobotError(oauthErrors.authorizationRequired, {
        params: { name: account.name, detail: account.stateDetail ?? '' },
        step: 'token',
      });
    }
    return account;
  }

  /** Check, lock the row, check again, refresh, store: all in one transaction. */
  private async refreshLocked(
    accountId: number,
    audience: Audience,
    refused: string | undefined,
  ): Promise<RefreshOutcome> {
    const outcome = await inTransaction(this.deps.database, async (trx): Promise<RefreshOutcome> => {
      await lockAccount(trx, this.deps.database.dialect, accountId);
      const account = await this.account(trx, accountId);
      const set = await this.deps.tokens.get(trx, accountId, audience);
      if (!set) {
        const error = new DrobotError(oauthErrors.tokenMissing, { params: { name: account.name, audience } });
        return { ok: false, error };
      }
      const replaced = refused !== undefined && set.accessToken !== refused;
      if ((refused === undefined || replaced) && isFresh(set, this.clock(), this.margin)) {
        return { ok: true, set, refreshed: false };
      }
      try {
        const next = await this.renew(trx, account, set);
        await this.deps.tokens.put(trx, accountId, next);
        return { ok: true, set: next, refreshed: true };
      } catch (error) {
        if (!isInvalidGrant(error)) throw error;
        const detail = String((error as DrobotError).params.detail ?? '');
        await this.deps.accounts.setState(trx, accountId, 'authorization_required', detail);
        this.logger.warn('oauth grant no longer valid; authorization required', {
          account: account.name,
          audience,
          detail,
        });
        return { ok: false, error: error as DrobotError };
      }
    });
    if (outcome.ok && outcome.refreshed) {
      this.logger.info('oauth access token refreshed', {
        accountId,
        audience,
        expiresAt: outcome.set.expiresAt,
      });
    }
    return outcome;
  }

  private async renew(ex: Executor, account: Account, set: TokenSet): Promise<TokenSet> {
    const settings = oauthSettingsOf(account, this.deps.authorities);
    const clientSecret = await this.deps.accounts.secret(ex, account.id, 'oauth_client_secret');
    const http = { ...this.deps.http, name: account.name };
    if (set.flow === 'app') {
      if (!clientSecret) {
        throw new DrobotError(oauthErrors.missingClientSecret, {
          params: { name: account.name },
          field: 'oauth.clientSecret',
        });
      }
      const response = await requestClientCredentials(
        settings.endpoints.token,
        { clientId: settings.clientId, clientSecret },
        set.scopes,
        http,
      );
      return tokenSetFrom(set.audience, response, set.scopes, this.clock(), set, 'app');
    }
    if (!set.refreshToken) {
      throw new DrobotError(oauthErrors.authorizationRequired, {
        params: { name: account.name, detail: 'no refresh token', oauthError: 'invalid_grant' },
        step: 'token',
      });
    }
    const response = await refreshTokens(
      settings.endpoints.token,
      { clientId: settings.clientId, clientSecret },
      // Microsoft wants the scopes again (one resource per token); Google takes the grant's own.
      { refreshToken: set.refreshToken, scopes: settings.provider === 'microsoft' ? set.scopes : [] },
      http,
    );
    return tokenSetFrom(set.audience, response, set.scopes, this.clock(), set);
  }
}

function toAccess(set: TokenSet, refreshed: boolean): AccessToken {
  return {
    accessToken: set.accessToken,
    expiresAt: set.expiresAt,
    scopes: set.scopes,
    email: set.email,
    refreshed,
    flow: set.flow ?? 'delegated',
  };
}
