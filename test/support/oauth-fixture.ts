import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { OAuthAuthorizer } from '../../src/oauth/authorization.service.js';
import { PendingConsentRepository } from '../../src/oauth/pending.repository.js';
import { TokenRepository } from '../../src/oauth/token.repository.js';
import { TokenService } from '../../src/oauth/token.service.js';
import { masterKeyFrom } from '../../src/secrets/cipher.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, type TestDialect, type TestStore } from './databases.js';
import type { TestOAuthServer } from './oauth-server.js';
import { TEST_CLIENTS } from './oauth-server.js';

/** Every log line written during a test, to check no token ever reaches the log. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(chunk.toString('utf8'));
    done();
  }
  get text(): string {
    return this.lines.join('');
  }
}

/** The OAuth capability wired over one test database, as the composition root would. */
export interface OAuthFixture {
  readonly store: TestStore;
  readonly database: Database;
  readonly secrets: SecretStore;
  readonly accounts: AccountService;
  readonly accountRepository: AccountRepository;
  readonly tokens: TokenRepository;
  readonly tokenService: TokenService;
  readonly authorizer: OAuthAuthorizer;
  readonly log: LogCapture;
  readonly logger: Logger;
  /**
   * Another TokenService, as a second worker process has: on PostgreSQL over its own pool; on SQLite over
   * the same connection (a second better-sqlite3 connection in one process would block the event loop
   * while it waits for the file lock), so only the database lock keeps the two apart.
   */
  secondWorker(): Promise<{ tokenService: TokenService; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function createOAuthFixture(
  dialect: TestDialect,
  server: TestOAuthServer,
  /** Base64 master key, for tests whose child processes must read the same secrets. */
  masterKey: string = crypto.randomBytes(32).toString('base64'),
): Promise<OAuthFixture> {
  const store = await createTestStore(dialect);
  const database = await store.open();
  const key = masterKeyFrom(Buffer.from(masterKey, 'base64'));
  const secrets = new SecretStore({ current: key, all: new Map([[key.id, key]]), file: undefined });
  const log = new LogCapture();
  const logger = createLogger({ level: 'debug', stream: log });
  const authorities = { microsoft: server.microsoftAuthority, google: server.googleAuthority };
  const build = (db: Database) => {
    const accountRepository = new AccountRepository(secrets);
    const tokens = new TokenRepository(secrets);
    const tokenService = new TokenService({
      database: db,
      accounts: accountRepository,
      tokens,
      authorities,
      logger,
    });
    return { accountRepository, tokens, tokenService };
  };
  const main = build(database);
  const accounts = new AccountService({ database, repository: main.accountRepository, logger });
  const authorizer = new OAuthAuthorizer({
    database,
    accounts: main.accountRepository,
    tokenService: main.tokenService,
    pending: new PendingConsentRepository(secrets),
    authorities,
    logger,
  });
  return {
    store,
    database,
    secrets,
    accounts,
    ...main,
    authorizer,
    log,
    logger,
    async secondWorker() {
      if (dialect === 'sqlite') return { tokenService: build(database).tokenService, close: async () => {} };
      const other = await store.open();
      return { tokenService: build(other).tokenService, close: () => other.close() };
    },
    async close() {
      await database.close();
      await store.drop();
    },
  };
}

/** Account input for an Office 365 IMAP account registered as the public desktop client. */
export function office365Input(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    direction: 'inbound',
    protocol: 'imap',
    preset: 'office365',
    username: `${name}@contoso.test`,
    oauth: {
      clientId: TEST_CLIENTS.msDesktop.clientId,
      tenantId: 'contoso',
      useLoopback: true,
      useBrowser: true,
    },
    ...overrides,
  };
}

/** Account input for a Gmail SMTP account with the desktop client and its secret. */
export function gmailInput(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    direction: 'outbound',
    protocol: 'smtp',
    preset: 'gmail',
    username: `${name}@gmail.test`,
    oauth: {
      clientId: TEST_CLIENTS.googleDesktop.clientId,
      clientSecret: TEST_CLIENTS.googleDesktop.clientSecret,
      useLoopback: true,
      useBrowser: false,
    },
    ...overrides,
  };
}
