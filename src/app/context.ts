import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AccountRepository } from '../accounts/account.repository.js';
import { AccountService } from '../accounts/account.service.js';
import { AccountTestService } from '../accounts/account-test.service.js';
import { tokenServiceOf } from '../oauth/token-service.lazy.js';
import type { Config } from '../config/config.js';
import { defineErrors, DrobotError } from '../errors/drobot-error.js';
import { format, type Params, type Text } from '../i18n/lang.js';
import { openLogFile } from '../logging/log-file.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { KEY_FILE_NAME, loadKeyring, type ExistingSecrets, type Keyring } from '../secrets/keyring.js';
import { SecretStore } from '../secrets/secret.store.js';
import { openDatabase, type Database } from '../storage/database.js';
import { SessionService } from '../users/session.service.js';
import { UserService } from '../users/user.service.js';

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
  /** The console's people and their sessions. */
  readonly users: UserService;
  readonly sessions: SessionService;
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

const dataDirTexts = {
  created: {
    es: 'Directorio de datos creado: {dir} (para usar otro: DROBOT_DATA_DIR o drobot --data-dir DIRECTORIO).',
    en: 'Data directory created: {dir} (to use another: DROBOT_DATA_DIR or drobot --data-dir DIR).',
  },
  keyCreated: {
    es: 'Clave maestra nueva creada en {file}: guarde una copia; sin ella los secretos guardados no se pueden leer.',
    en: 'New master key created in {file}: keep a copy; without it the stored secrets cannot be read.',
  },
  tightened: {
    es: 'Aviso: el directorio de datos {dir} era accesible para otros usuarios (permisos {mode}); ahora sólo su propietario puede entrar ({now}).',
    en: 'Warning: the data directory {dir} was open to other users (mode {mode}); now only its owner may enter it ({now}).',
  },
} satisfies Record<string, Text>;

const dataDirErrors = defineErrors({
  notPrivate: {
    code: 'data_dir_unsafe',
    message: {
      es: 'El directorio de datos {dir} es accesible para otros usuarios (permisos {mode}) y no se pueden restringir: {detail}',
      en: 'The data directory {dir} is open to other users (mode {mode}) and its permissions cannot be tightened: {detail}',
    },
    hint: {
      es: 'Ejecute «chmod 700 {dir}» como su propietario, o use otro DROBOT_DATA_DIR.',
      en: 'Run "chmod 700 {dir}" as its owner, or use another DROBOT_DATA_DIR.',
    },
    status: 500,
  },
});

/**
 * The data directory holds the key file, the token file, the database and raw mail: only its owner may
 * enter it. Made 0700; an existing one with looser permissions is tightened, and its old and new modes returned.
 */
function ensurePrivateDataDir(dir: string): { was: string; now: string } | undefined {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  const shown = mode.toString(8).padStart(4, '0');
  const tightened = mode & 0o700;
  try {
    fs.chmodSync(dir, tightened);
  } catch (error) {
    throw new DrobotError(dataDirErrors.notPrivate, {
      params: { dir, mode: shown, detail: (error as Error).message },
      cause: error,
    });
  }
  return { was: shown, now: tightened.toString(8).padStart(4, '0') };
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  // Said on stderr, with the path: a command run from another folder must not start a new, empty
  // DRobot silently.
  const say = (text: Text, params: Params) => process.stderr.write(`${format(text, config.lang, params)}\n`);
  const dirIsNew = !fs.existsSync(config.dataDir);
  const keyFile = path.join(config.dataDir, KEY_FILE_NAME);
  const keyIsNew = config.masterKey === undefined && !fs.existsSync(keyFile);
  const loosened = ensurePrivateDataDir(config.dataDir);
  if (dirIsNew) say(dataDirTexts.created, { dir: config.dataDir });
  const logFile = openLogFile(path.join(config.dataDir, 'drobot.log'));
  const stream = options.logStream ? fanOut([logFile, options.logStream]) : logFile;
  const logger = createLogger({ level: config.logLevel, stream });
  if (loosened) {
    // Said once: the next start finds the directory private.
    const params = { dir: config.dataDir, mode: loosened.was, now: loosened.now };
    say(dataDirTexts.tightened, params);
    logger.warn('data directory permissions tightened', params);
  }
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
  if (keyIsNew && fs.existsSync(keyFile)) {
    say(dataDirTexts.keyCreated, { file: keyFile });
    logger.info('master key created', { file: keyFile });
  }
  const secrets = new SecretStore(keyring);
  const accountRepository = new AccountRepository(secrets);
  const accounts = new AccountService({
    database,
    repository: accountRepository,
    logger: logger.child({ module: 'accounts' }),
  });
  const accountTests = new AccountTestService({
    accounts,
    tokens: () => tokenServiceOf({ config, database, secrets, accountRepository, logger }),
    logger: logger.child({ module: 'diagnostics' }),
  });
  const users = new UserService(database);
  const sessions = new SessionService(database, users);
  return {
    config,
    logger,
    database,
    keyring,
    secrets,
    accounts,
    accountRepository,
    accountTests,
    users,
    sessions,
    async close() {
      await database.close();
      await new Promise<void>((resolve) => logFile.end(resolve));
    },
  };
}
