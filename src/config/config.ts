import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSecureEndpoint } from '../app/loopback.js';
import * as z from '../app/zod.js';
import { format, isLang, type Lang, type Params, type Text } from '../i18n/lang.js';
import { isNotificationType, NOTIFICATION_TYPES } from '../notifications/notification.types.js';

/**
 * DRobot's configuration, read from the environment once at start, validated as a whole and frozen.
 * This is the only module that reads `process.env`.
 */
export interface Config {
  /** Folder for the SQLite database, the key file, raw mail and attachments. */
  readonly dataDir: string;
  /** `postgres://…` to use PostgreSQL; undefined for the embedded SQLite file in the data directory. */
  readonly databaseUrl: string | undefined;
  /** Base64 master key(s), comma-separated: the first encrypts, the others still decrypt. */
  readonly masterKey: string | undefined;
  readonly lang: Lang;
  /** Token the REST API requires; undefined: a token file in the data directory, made at first start. */
  readonly adminToken: string | undefined;
  readonly httpHost: string;
  readonly httpPort: number;
  /**
   * The origin browsers and OAuth providers reach DRobot at, behind a TLS reverse proxy
   * (`https://desk.example.org`); undefined when DRobot is only reached on loopback. The API accepts
   * requests for this host name besides the loopback names, and the OAuth console flow redirects to it.
   */
  readonly publicUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** OAuth authorization server base URLs replacing the providers' own (tests, sovereign clouds). */
  readonly oauthAuthorities: {
    readonly microsoft?: string | undefined;
    readonly google?: string | undefined;
  };
  /** Whether `drobot serve` fetches inbound mail on schedule (`DROBOT_FETCH=off`: this node serves only). */
  readonly fetchOnServe: boolean;
  /**
   * Whether case building parses mails on a second thread (`DROBOT_PARSE_THREAD`: `auto`, the default, when
   * the machine has two cores or more; `on`; `off`).
   */
  readonly parseThread: boolean;
  /** The word of the case tag in subjects: `[Caso #123]` by default. Replies tagged `[Case #123]` also thread. */
  readonly caseTagLabel: string;
  /** A sender with more mails than `limit` within `windowSeconds` is throttled (quarantined). */
  readonly senderThrottle: { readonly limit: number; readonly windowSeconds: number };
  /** Notifications: template overrides, the default outbound account and one per type (by name). */
  readonly notify: {
    readonly templatesDir: string | undefined;
    readonly account: string | undefined;
    readonly accountByType: Readonly<Record<string, string>>;
  };
  /** The help desk conversation: acknowledgments and the statuses whose change is mailed to the requester. */
  readonly helpdesk: {
    /** At most one acknowledgment per requester in this many seconds (0: no limit). */
    readonly ackWindowSeconds: number;
    readonly notifyStatuses: readonly string[];
  };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A whole number written in decimal digits (spaces around allowed). Coercing with Number() would take a
 * blank value for 0 (for DROBOT_PORT: any free port) and read "0x10" or "1e3".
 */
function wholeNumber(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\s*\d+\s*$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);
}

const envSchema = z.object({
  DROBOT_DATA_DIR: z.string().min(1).default('./data'),
  DROBOT_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DROBOT_DATABASE_URL must start with postgres://')
    .optional(),
  DROBOT_MASTER_KEY: z.string().refine(isMasterKeyList).optional(),
  DROBOT_LANG: z.string().optional(),
  DROBOT_ADMIN_TOKEN: z.string().min(16, 'DROBOT_ADMIN_TOKEN must have at least 16 characters').optional(),
  DROBOT_HOST: z.string().regex(/^\S+$/).default('127.0.0.1'),
  DROBOT_PORT: wholeNumber(0, 65535, 8025),
  DROBOT_PUBLIC_URL: z
    .string()
    .refine(
      isPublicOrigin,
      'an origin such as https://desk.example.org: http(s), a host, no path, query or user',
    )
    .optional(),
  DROBOT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DROBOT_FETCH: z.enum(['on', 'off']).default('on'),
  DROBOT_PARSE_THREAD: z.enum(['auto', 'on', 'off']).default('auto'),
  DROBOT_OAUTH_MICROSOFT_AUTHORITY: z.string().refine(isAuthority).optional(),
  DROBOT_OAUTH_GOOGLE_AUTHORITY: z.string().refine(isAuthority).optional(),
  DROBOT_TEMPLATES_DIR: z.string().min(1).optional(),
  DROBOT_CASE_TAG_LABEL: z
    .string()
    .regex(/^[\p{L}\p{N} _-]{1,20}$/u, 'letters, digits, spaces, - or _, 20 at most')
    .default('Caso'),
  DROBOT_SENDER_LIMIT: wholeNumber(1, 100000, 30),
  DROBOT_SENDER_WINDOW_SECONDS: wholeNumber(60, 604800, 3600),
  // Account names are stored trimmed.
  DROBOT_NOTIFY_ACCOUNT: z.string().trim().min(1).optional(),
  DROBOT_ACK_WINDOW_SECONDS: wholeNumber(0, 604800, 3600),
  DROBOT_NOTIFY_STATUSES: z
    .string()
    .regex(
      /^\s*(none|((new|open|pending|resolved|closed)(\s*,\s*(new|open|pending|resolved|closed))*))\s*$/,
      'a comma-separated list of new, open, pending, resolved, closed (or none)',
    )
    .default('pending,resolved,closed'),
  DROBOT_NOTIFY_ACCOUNTS: z
    .string()
    .regex(/^\s*[\w-]+\s*=\s*[^,=]+(,\s*[\w-]+\s*=\s*[^,=]+)*$/, 'use type=account,type=account')
    .optional(),
});

/**
 * Whether a value is one or more comma-separated base64 keys of 32 bytes, as the key ring reads them:
 * checked here so a bad key is reported with the rest, before the data directory or database is made.
 */
function isMasterKeyList(value: string): boolean {
  return value.split(',').every((part) => {
    const key = part.trim();
    // Buffer.from skips characters outside base64, so the alphabet is checked first.
    return /^[A-Za-z0-9+/_-]+={0,2}$/.test(key) && Buffer.from(key, 'base64').length === 32;
  });
}

/**
 * Whether a value can be an OAuth authority, where client secrets and tokens are sent: https, or plain
 * http only to this machine (a local stand-in server); a base URL, without credentials, query or fragment.
 */
function isAuthority(value: string): boolean {
  return isSecureEndpoint(value) && !/[?#]/.test(value);
}

/** Whether a value is a bare web origin: http or https, a host (and port), nothing else. */
function isPublicOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    !/[?#]$/.test(value)
  );
}

const authorityExpected: Text = {
  es: 'una URL https (http sólo en esta máquina: localhost, 127.x.x.x o ::1), sin usuario, consulta ni fragmento',
  en: 'an https URL (http only on this machine: localhost, 127.x.x.x or ::1), no user, query or fragment',
};

/** What each variable must hold, said to the administrator in their language when it does not. */
const expected = {
  DROBOT_DATA_DIR: { es: 'la ruta de un directorio', en: 'the path of a directory' },
  DROBOT_DATABASE_URL: { es: 'una URL postgres://…', en: 'a postgres://… URL' },
  DROBOT_MASTER_KEY: {
    es: 'una o varias claves en base64 de 32 bytes, separadas por comas',
    en: 'one or more base64 keys of 32 bytes, comma-separated',
  },
  DROBOT_LANG: { es: '«es» o «en»', en: '"es" or "en"' },
  DROBOT_ADMIN_TOKEN: { es: 'al menos 16 caracteres', en: 'at least 16 characters' },
  DROBOT_HOST: {
    es: 'una dirección o un nombre de host, sin espacios',
    en: 'an address or a host name, without spaces',
  },
  DROBOT_PORT: { es: 'un número de puerto de 0 a 65535', en: 'a port number from 0 to 65535' },
  DROBOT_PUBLIC_URL: {
    es: 'un origen como https://desk.example.org: http(s), un host, sin ruta, consulta ni usuario',
    en: 'an origin such as https://desk.example.org: http(s), a host, no path, query or user',
  },
  DROBOT_LOG_LEVEL: { es: 'debug, info, warn, error o silent', en: 'debug, info, warn, error or silent' },
  DROBOT_FETCH: { es: '«on» u «off»', en: '"on" or "off"' },
  DROBOT_PARSE_THREAD: { es: '«auto», «on» u «off»', en: '"auto", "on" or "off"' },
  DROBOT_OAUTH_MICROSOFT_AUTHORITY: authorityExpected,
  DROBOT_OAUTH_GOOGLE_AUTHORITY: authorityExpected,
  DROBOT_TEMPLATES_DIR: {
    es: 'un directorio de plantillas que exista y se pueda leer',
    en: 'a template directory that exists and can be read',
  },
  DROBOT_CASE_TAG_LABEL: {
    es: 'letras, cifras, espacios, - o _; 20 como máximo',
    en: 'letters, digits, spaces, - or _, 20 at most',
  },
  DROBOT_SENDER_LIMIT: { es: 'un número entero de 1 a 100000', en: 'a whole number from 1 to 100000' },
  DROBOT_SENDER_WINDOW_SECONDS: {
    es: 'un número entero de segundos de 60 a 604800',
    en: 'a whole number of seconds from 60 to 604800',
  },
  DROBOT_NOTIFY_ACCOUNT: { es: 'el nombre de una cuenta de salida', en: 'the name of an outbound account' },
  DROBOT_NOTIFY_ACCOUNTS: {
    es: 'tipo=cuenta,tipo=cuenta (p. ej. alarm=avisos)',
    en: 'type=account,type=account (e.g. alarm=alerts)',
  },
  DROBOT_ACK_WINDOW_SECONDS: {
    es: 'un número entero de segundos de 0 a 604800 (0: sin límite)',
    en: 'a whole number of seconds from 0 to 604800 (0: no limit)',
  },
  DROBOT_NOTIFY_STATUSES: {
    es: 'una lista separada por comas de new, open, pending, resolved, closed (o none)',
    en: 'a comma-separated list of new, open, pending, resolved, closed (or none)',
  },
} satisfies Record<Variable, Text>;

const configTexts = {
  title: { es: 'Configuración no válida:', en: 'Invalid configuration:' },
  problem: {
    es: '{variable} no es válida: debe ser {expected}',
    en: '{variable} is not valid: it must be {expected}',
  },
} satisfies Record<string, Text>;

/** One bad variable and what the administrator is told about it, in every language. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: Text;
}

/** A problem whose text names the variable (`{variable}`) and fills the other placeholders. */
function problem(variable: string, text: Text, params: Params = {}): ConfigProblem {
  const all = { ...params, variable };
  return { variable, message: { es: format(text, 'es', all), en: format(text, 'en', all) } };
}

/** A value the schema refused: the variable (shown as `shownAs`) and what it must hold. */
function mustHold(variable: string, detail: string, shownAs = variable): ConfigProblem {
  const want = (expected as Readonly<Record<string, Text | undefined>>)[variable];
  // `expected` covers every variable of the schema; anything else keeps the schema's own text.
  if (!want) return problem(shownAs, { es: '{variable}: {detail}', en: '{variable}: {detail}' }, { detail });
  return {
    variable: shownAs,
    message: {
      es: format(configTexts.problem, 'es', { variable: shownAs, expected: want.es }),
      en: format(configTexts.problem, 'en', { variable: shownAs, expected: want.en }),
    },
  };
}

/** A configuration problem, listing every bad variable at once. */
export class ConfigError extends Error {
  /** The variables at fault, in the order found. */
  readonly variables: readonly string[];
  /** One English line per bad variable. */
  readonly problems: readonly string[];

  constructor(private readonly found: readonly ConfigProblem[]) {
    const problems = found.map((p) => p.message.en);
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
    this.variables = found.map((p) => p.variable);
  }

  /** The message in one language: one line per bad variable, saying what it must hold. */
  render(lang: Lang): string {
    const lines = this.found.map((p) => `  - ${p.message[lang]}`);
    return `${format(configTexts.title, lang)}\n${lines.join('\n')}`;
  }
}

const dirTexts = {
  missing: {
    es: '{variable} no es válida: {dir} no existe',
    en: '{variable} is not valid: {dir} does not exist',
  },
  notDirectory: {
    es: '{variable} no es válida: {dir} no es un directorio',
    en: '{variable} is not valid: {dir} is not a directory',
  },
  unreadable: {
    es: '{variable} no es válida: no se puede leer el directorio {dir} ({detail})',
    en: '{variable} is not valid: the directory {dir} cannot be read ({detail})',
  },
} satisfies Record<string, Text>;

/** A directory DRobot reads from: it must exist and be listable now, not fail at first use. */
function readableDirProblem(variable: string, value: string): ConfigProblem | undefined {
  const dir = path.resolve(value);
  try {
    if (!fs.statSync(dir).isDirectory()) return problem(variable, dirTexts.notDirectory, { dir });
    fs.readdirSync(dir);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return problem(variable, dirTexts.missing, { dir });
    return problem(variable, dirTexts.unreadable, { dir, detail: code ?? (error as Error).message });
  }
}

const routeTexts = {
  unknownTypes: {
    es: '{variable} no es válida: tipo de notificación desconocido: {unknown} (los tipos son {known})',
    en: '{variable} is not valid: unknown notification type: {unknown} (the types are {known})',
  },
} satisfies Record<string, Text>;

/** The type=account pairs of DROBOT_NOTIFY_ACCOUNTS, trimmed. */
function notifyRoutes(value: string): [string, string][] {
  return value
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => pair.split('=').map((part) => part.trim()) as [string, string]);
}

/** A route for a type DRobot never sends would be ignored: a misspelt type must not go unnoticed. */
function routesProblem(variable: string, value: string): ConfigProblem | undefined {
  const unknown = notifyRoutes(value)
    .map(([type]) => type)
    .filter((type) => !isNotificationType(type));
  if (unknown.length === 0) return undefined;
  return problem(variable, routeTexts.unknownTypes, {
    unknown: unknown.join(', '),
    known: NOTIFICATION_TYPES.join(', '),
  });
}

type Variable = keyof z.infer<typeof envSchema>;

/** Every variable of the configuration. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as readonly Variable[];

/** The data directory is made at start: a file in its place would only fail there. */
function dataDirProblem(variable: string, value: string): ConfigProblem | undefined {
  const dir = path.resolve(value);
  const exists = fs.statSync(dir, { throwIfNoEntry: false });
  return exists && !exists.isDirectory() ? problem(variable, dirTexts.notDirectory, { dir }) : undefined;
}

/** Checks beyond a value's form, run on the values the schema accepted. */
const furtherChecks: Partial<
  Record<Variable, (variable: string, value: string) => ConfigProblem | undefined>
> = {
  DROBOT_DATA_DIR: dataDirProblem,
  DROBOT_TEMPLATES_DIR: readableDirProblem,
  DROBOT_NOTIFY_ACCOUNTS: routesProblem,
};

/** Settings given on the command line, which win over the environment's. */
export interface ConfigOverrides {
  /** `drobot --data-dir DIR`: instead of DROBOT_DATA_DIR. */
  readonly dataDir?: string | undefined;
}

/** A second thread's setting: `auto` is on when the machine has two cores or more. */
function threadSetting(value: 'auto' | 'on' | 'off'): boolean {
  return value === 'auto' ? os.availableParallelism() >= 2 : value === 'on';
}

/**
 * `DROBOT_PARSE_THREAD` as the configuration reads it, for what starts before the configuration is loaded
 * (see startParseThreadEarly); a value the configuration refuses counts as off here and is reported by it.
 */
export function parseThreadWanted(env: Env = process.env): boolean {
  const value = env.DROBOT_PARSE_THREAD || 'auto';
  return (value === 'auto' || value === 'on') && threadSetting(value);
}

/** Reads and validates the configuration from an environment (`process.env` by default). */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const cleaned = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, blank(v)]));
  if (overrides.dataDir !== undefined) cleaned.DROBOT_DATA_DIR = overrides.dataDir;
  // A data directory given with --data-dir is named so in its problems.
  const shown = (variable: string) =>
    variable === 'DROBOT_DATA_DIR' && overrides.dataDir !== undefined ? '--data-dir' : variable;
  const parsed = envSchema.safeParse(cleaned);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path.join('.');
      // One line per variable, however many of its rules the value broke.
      if (!problems.some((p) => p.variable === shown(variable))) {
        problems.push(mustHold(variable, issue.message, shown(variable)));
      }
    }
  }
  // A value of only spaces is a slip, never a setting, whatever the variable's own rules allow.
  for (const variable of CONFIG_VARIABLES) {
    const value = cleaned[variable];
    const named = shown(variable);
    if (value?.trim() === '' && !problems.some((p) => p.variable === named)) {
      problems.push(mustHold(variable, 'blank', named));
    }
  }
  const refused = new Set(problems.map((p) => p.variable));
  for (const [variable, check] of Object.entries(furtherChecks)) {
    const value = cleaned[variable];
    const found =
      value === undefined || refused.has(shown(variable)) ? undefined : check(shown(variable), value);
    if (found) problems.push(found);
  }
  const lang = cleaned.DROBOT_LANG ?? 'es';
  if (!isLang(lang) && !refused.has('DROBOT_LANG'))
    problems.push(mustHold('DROBOT_LANG', `must be "es" or "en", not "${lang}"`));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    dataDir: path.resolve(e.DROBOT_DATA_DIR),
    databaseUrl: e.DROBOT_DATABASE_URL,
    masterKey: e.DROBOT_MASTER_KEY,
    lang: lang as Lang,
    adminToken: e.DROBOT_ADMIN_TOKEN,
    httpHost: e.DROBOT_HOST,
    httpPort: e.DROBOT_PORT,
    publicUrl: e.DROBOT_PUBLIC_URL === undefined ? undefined : new URL(e.DROBOT_PUBLIC_URL).origin,
    logLevel: e.DROBOT_LOG_LEVEL,
    fetchOnServe: e.DROBOT_FETCH === 'on',
    parseThread: threadSetting(e.DROBOT_PARSE_THREAD),
    oauthAuthorities: {
      microsoft: e.DROBOT_OAUTH_MICROSOFT_AUTHORITY,
      google: e.DROBOT_OAUTH_GOOGLE_AUTHORITY,
    },
    caseTagLabel: e.DROBOT_CASE_TAG_LABEL,
    senderThrottle: { limit: e.DROBOT_SENDER_LIMIT, windowSeconds: e.DROBOT_SENDER_WINDOW_SECONDS },
    notify: {
      templatesDir: e.DROBOT_TEMPLATES_DIR ? path.resolve(e.DROBOT_TEMPLATES_DIR) : undefined,
      account: e.DROBOT_NOTIFY_ACCOUNT,
      accountByType: Object.fromEntries(notifyRoutes(e.DROBOT_NOTIFY_ACCOUNTS ?? '')),
    },
    helpdesk: {
      ackWindowSeconds: e.DROBOT_ACK_WINDOW_SECONDS,
      notifyStatuses:
        e.DROBOT_NOTIFY_STATUSES.trim() === 'none'
          ? []
          : e.DROBOT_NOTIFY_STATUSES.split(',').map((s) => s.trim()),
    },
  });
}
