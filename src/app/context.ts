import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AccountRepository } from '../accounts/account.repository.js';
import { AccountService } from '../accounts/account.service.js';
import { AccountTestService } from '../accounts/account-test.service.js';
import { oauthServicesFor } from '../oauth/oauth.factory.js';
import type { Config } from '../config/config.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { loadKeyring, type ExistingSecrets, type Keyring } from '../secrets/keyring.js';
import { SecretStore } from '../secrets/secret.store.js';
import { openDatabase, type Database } from '../storage/database.js';

/**
 * The composition root: the one place that builds concrete parts from the configuration. The CLI,
 * the HTTP server and the workers all start from here.
 */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: Database;
  readonly keyring: Keyring;
  readonly secrets: SecretStore;
  readonly accounts: AccountService;
  readonly accountRepository: AccountRepository;
  /** The connection test ("Conexión de prueba") of saved and draft accounts. */
  readonly accountTests: AccountTestService;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** Where log lines go besides the data directory's log file (the server passes stderr). */
  readonly logStream?: Writable;
}

/** A stream that writes each log line to every target. */
function fanOut(targets: Writable[]): Writable {
  return {
    write(chunk: string) {
      for (const t of targets) t.write(chunk);
      return true;
    },
  } as unknown as Writable;
}

async function existingSecrets(database: Database): Promise<ExistingSecrets> {
  const row = await database.db
    .selectFrom('secrets')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('key_id').as('keyId')])
    .executeTakeFirst();
  return { count: Number(row?.count ?? 0), keyId: row?.keyId ?? undefined };
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const logFile = fs.createWriteStream(path.join(config.dataDir, 'drobot.log'), { flags: 'a', mode: 0o600 });
  const stream = options.logStream ? fanOut([logFile, options.logStream]) : logFile;
  const logger = createLogger({ level: config.logLevel, stream });
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  let keyring: Keyring;
  try {
    keyring = loadKeyring({
      masterKey: config.masterKey,
      dataDir: config.dataDir,
      existing: await existingSecrets(database),
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const secrets = new SecretStore(keyring);
  const accountRepository = new AccountRepository(secrets);
  const accounts = new AccountService({
    database,
    repository: accountRepository,
    logger: logger.child({ module: 'accounts' }),
  });
  const { tokens } = oauthServicesFor({ config, database, secrets, accountRepository, logger });
  const accountTests = new AccountTestService({
    accounts,
    tokens,
    logger: logger.child({ module: 'diagnostics' }),
  });
  return {
    config,
    logger,
    database,
    keyring,
    secrets,
    accounts,
    accountRepository,
    accountTests,
    async close() {
      await database.close();
      await new Promise<void>((resolve) => logFile.end(resolve));
    },
  };
}
