import type { AccountRepository } from '../accounts/account.repository.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { SecretStore } from '../secrets/secret.store.js';
import type { Database } from '../storage/database.js';
import { OAuthAuthorizer } from './authorization.service.js';
import { PendingConsentRepository } from './pending.repository.js';
import { TokenRepository } from './token.repository.js';
import { TokenService } from './token.service.js';

/** The parts of the application context OAuth is built from. */
export interface OAuthContext {
  readonly config: Pick<Config, 'oauthAuthorities'>;
  readonly database: Database;
  readonly secrets: SecretStore;
  readonly accountRepository: AccountRepository;
  readonly logger: Logger;
}

export interface OAuthServices {
  readonly tokens: TokenService;
  readonly authorizer: OAuthAuthorizer;
}

const built = new WeakMap<Database, OAuthServices>();

/**
 * The OAuth services of a context, built once per database so every user in the process (transports,
 * connection test, API, CLI) shares one token service and so one in-process refresh per account.
 */
export function oauthServicesFor(ctx: OAuthContext): OAuthServices {
  const existing = built.get(ctx.database);
  if (existing) return existing;
  const logger = ctx.logger.child({ module: 'oauth' });
  const authorities = ctx.config.oauthAuthorities;
  const tokens = new TokenService({
    database: ctx.database,
    accounts: ctx.accountRepository,
    tokens: new TokenRepository(ctx.secrets),
    authorities,
    logger,
  });
  const authorizer = new OAuthAuthorizer({
    database: ctx.database,
    accounts: ctx.accountRepository,
    tokenService: tokens,
    pending: new PendingConsentRepository(ctx.secrets),
    authorities,
    logger,
  });
  const services = { tokens, authorizer };
  built.set(ctx.database, services);
  return services;
}
