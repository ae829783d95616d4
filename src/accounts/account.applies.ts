import type { FieldIssue } from '../errors/drobot-error.js';
import { fieldIssue } from '../errors/validation.js';
import type { Text } from '../i18n/lang.js';
import { DEFAULT_INBOUND, draftFromCreate, type AccountDraft } from './account.draft.js';
import {
  KIND_SETTINGS,
  missingRequirement,
  senderAddressOf,
  settingApplies,
  type AccountKind,
  type KindSetting,
  type Requirement,
} from './account.kind.js';
import type { Preset, Protocol, SecretPresence } from './account.model.js';
import { checkAccountRules } from './account.rules.js';
import { accountSchemas, isSenderAddress, type AccountPatchInput } from './account.schema.js';
import { PRESET_DEFAULTS, presetHost, presetSecurity } from './presets.js';

/** Why a setting is refused for want of a login (a password, a user name). */
const login: Text = {
  es: '«{field}» no se aplica a una cuenta de salida sin autenticación SMTP («smtpAuth» = false, --no-smtp-auth): el servidor no pide usuario ni contraseña; quítelo o active la autenticación.',
  en: '"{field}" does not apply to an outbound account without SMTP authentication ("smtpAuth" = false, --no-smtp-auth): the server asks for no login; remove it or turn authentication on.',
};

/** Why a setting is refused, by the requirement the account misses (see account.kind.ts). */
const t = {
  protocol: {
    es: '«{field}» no se aplica a una conexión {connection}: la cuenta usa la API del proveedor con OAuth 2.0, sin servidor, puerto, seguridad, método SASL ni contraseña; quítelo.',
    en: '"{field}" does not apply to a {connection} connection: the account uses the provider\'s API with OAuth 2.0, without server, port, security, SASL method or password; remove it.',
  },
  api: {
    es: '«{field}» sólo se aplica a las conexiones graph y gmail-api: una cuenta con conexión protocol usa «host» y «port».',
    en: '"{field}" applies only to graph and gmail-api connections: an account with connection protocol uses "host" and "port".',
  },
  inbound: {
    es: '«{field}» sólo se aplica a cuentas de entrada: una cuenta de salida no recoge correo.',
    en: '"{field}" applies only to inbound accounts: an outbound account fetches no mail.',
  },
  outbound: {
    es: '«{field}» sólo se aplica a cuentas de salida: una cuenta de entrada no envía correo.',
    en: '"{field}" applies only to outbound accounts: an inbound account sends no mail.',
  },
  folders: {
    es: '«{field}» no se aplica a una cuenta POP3 (POP3 no tiene carpetas ni marcas): quítelo; tras guardar cada caso, POP3 borra el correo del servidor o, con --leave-copy, lo deja.',
    en: '"{field}" does not apply to a POP3 account (POP3 has no folders or flags): remove it; once a case is stored, POP3 deletes the mail from the server or, with --leave-copy, leaves it.',
  },
  passwordAuth: {
    es: '«{field}» no se aplica a una cuenta con autenticación OAuth 2.0 («auth» = oauth2): la cuenta inicia sesión con un token, sin contraseña; quítelo.',
    en: '"{field}" does not apply to an account with OAuth 2.0 authentication ("auth" = oauth2): the account signs in with a token, without a password; remove it.',
  },
  oauthAuth: {
    es: '«{field}» sólo se aplica a cuentas con autenticación OAuth 2.0 («auth» = oauth2): esta cuenta inicia sesión con contraseña; quítelo.',
    en: '"{field}" applies only to accounts with OAuth 2.0 authentication ("auth" = oauth2): this account signs in with a password; remove it.',
  },
  login,
  loginUsername: {
    es: `${login.es} La dirección del remitente es «outbound.fromAddress» (--from).`,
    en: `${login.en} The sender address is "outbound.fromAddress" (--from).`,
  },
  apiProtocol: {
    es: 'Con la conexión {connection}, «protocol» sólo indica la dirección: use imap para una cuenta de entrada (pop3 no se aplica).',
    en: 'With connection {connection}, "protocol" only says the direction: use imap for an inbound account (pop3 does not apply).',
  },
} satisfies Record<string, Text>;

const SETTINGS = Object.keys(KIND_SETTINGS) as KindSetting[];

/** Refusals that say more than their requirement's: a user name given as the sender's address. */
const SETTING_TEXTS: Partial<Record<KindSetting, Partial<Record<Requirement, Text>>>> = {
  username: { login: t.loginUsername },
};

type KindDefaults = Pick<
  AccountDraft,
  | 'host'
  | 'port'
  | 'security'
  | 'sasl'
  | 'auth'
  | 'username'
  | 'apiUrl'
  | 'smtpAuth'
  | 'leaveCopy'
  | 'folder'
  | 'inbound'
  | 'outbound'
  | 'oauth'
>;

/**
 * What DRobot fills in itself for these settings (the authentication type: the preset's; the user name:
 * none); the password has none.
 */
function defaultsOf(preset: Preset, protocol: Protocol): KindDefaults {
  return {
    host: presetHost(preset, protocol),
    port: 0,
    security: presetSecurity(preset, protocol),
    sasl: 'auto',
    auth: PRESET_DEFAULTS[preset].auth,
    username: '',
    apiUrl: null,
    smtpAuth: true,
    leaveCopy: false,
    folder: 'INBOX',
    inbound: DEFAULT_INBOUND,
    outbound: { fromAddress: null, fromName: null, ratePerMinute: PRESET_DEFAULTS[preset].ratePerMinute },
    oauth: { clientId: null, tenantId: null, useLoopback: true, useBrowser: true, authority: null },
  };
}

/** The value at a setting's path (`inbound.afterFetch`) of an input or a draft. */
function valueAt(source: object, setting: KindSetting): unknown {
  const [head, tail] = setting.split('.') as [string, string | undefined];
  const value: unknown = (source as Record<string, unknown>)[head];
  if (tail === undefined) return value;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[tail] : undefined;
}

/**
 * Settings given for an account they do not apply to, each refused with its field, as it would otherwise
 * be stored unseen and unused. Not given: absent, null or empty (clearing), or the very value DRobot
 * fills in itself (an export lists every setting with its default). Pure.
 */
export function inapplicableSettings(
  given: AccountPatchInput,
  account: AccountKind & { readonly preset: Preset },
): FieldIssue[] {
  const defaults = defaultsOf(account.preset, account.protocol);
  const issues: FieldIssue[] = [];
  for (const setting of SETTINGS) {
    const why = missingRequirement(account, setting);
    if (why === undefined) continue;
    const value = valueAt(given, setting);
    if (value === undefined || value === null || value === '' || value === valueAt(defaults, setting))
      continue;
    const text = SETTING_TEXTS[setting]?.[why] ?? t[why];
    issues.push(fieldIssue(setting, 'not_applicable', text, { connection: account.connection }));
  }
  // On an API connection the protocol only names the direction; checked when the kind is given, so that
  // an account stored before this rule can still be enabled, disabled or edited otherwise.
  const kindGiven =
    given.direction !== undefined || given.protocol !== undefined || given.connection !== undefined;
  if (
    kindGiven &&
    account.connection !== 'protocol' &&
    account.direction === 'inbound' &&
    account.protocol !== 'imap'
  ) {
    issues.push(fieldIssue('protocol', 'not_applicable', t.apiProtocol, { connection: account.connection }));
  }
  return issues;
}

/**
 * The draft with every setting that does not apply to its kind back at its default: an edit that changes
 * the direction, protocol, connection or authentication keeps nothing that the new kind would not show or
 * use. Pure.
 */
export function withoutInapplicable(draft: AccountDraft): AccountDraft {
  const d = defaultsOf(draft.preset, draft.protocol);
  const keep = (setting: KindSetting) => settingApplies(draft, setting);
  const pick = <T>(setting: KindSetting, value: T, fallback: T): T => (keep(setting) ? value : fallback);
  const i = draft.inbound;
  const o = draft.outbound;
  const a = draft.oauth;
  return {
    ...draft,
    host: pick('host', draft.host, d.host),
    port: pick('port', draft.port, d.port),
    security: pick('security', draft.security, d.security),
    sasl: pick('sasl', draft.sasl, d.sasl),
    auth: pick('auth', draft.auth, d.auth),
    username: pick('username', draft.username, d.username),
    apiUrl: pick('apiUrl', draft.apiUrl, d.apiUrl),
    smtpAuth: pick('smtpAuth', draft.smtpAuth, d.smtpAuth),
    leaveCopy: pick('leaveCopy', draft.leaveCopy, d.leaveCopy),
    folder: pick('folder', draft.folder, d.folder),
    inbound: {
      pollIntervalSeconds: pick(
        'inbound.pollIntervalSeconds',
        i.pollIntervalSeconds,
        d.inbound.pollIntervalSeconds,
      ),
      maxMessagesPerRun: pick('inbound.maxMessagesPerRun', i.maxMessagesPerRun, d.inbound.maxMessagesPerRun),
      maxMessageBytes: pick('inbound.maxMessageBytes', i.maxMessageBytes, d.inbound.maxMessageBytes),
      firstRun: pick('inbound.firstRun', i.firstRun, d.inbound.firstRun),
      afterFetch: pick('inbound.afterFetch', i.afterFetch, d.inbound.afterFetch),
      moveToFolder: pick('inbound.moveToFolder', i.moveToFolder, d.inbound.moveToFolder),
      acknowledge: pick('inbound.acknowledge', i.acknowledge, d.inbound.acknowledge),
      lang: pick('inbound.lang', i.lang, d.inbound.lang),
    },
    outbound: {
      fromAddress: pick('outbound.fromAddress', senderKept(draft), d.outbound.fromAddress),
      fromName: pick('outbound.fromName', o.fromName, d.outbound.fromName),
      ratePerMinute: pick('outbound.ratePerMinute', o.ratePerMinute, d.outbound.ratePerMinute),
    },
    oauth: {
      clientId: pick('oauth.clientId', a.clientId, d.oauth.clientId),
      tenantId: pick('oauth.tenantId', a.tenantId, d.oauth.tenantId),
      useLoopback: pick('oauth.useLoopback', a.useLoopback, d.oauth.useLoopback),
      useBrowser: pick('oauth.useBrowser', a.useBrowser, d.oauth.useBrowser),
      authority: pick('oauth.authority', a.authority, d.oauth.authority),
    },
  };
}

/**
 * An outbound account without a From of its own sends from its user name (senderAddressOf): one that stops
 * logging in (stored so by an earlier version, or edited to --no-smtp-auth) loses its user name but keeps
 * sending from that address, now its From. Pure.
 */
function senderKept(draft: AccountDraft): string | null {
  const from = draft.outbound.fromAddress;
  if (settingApplies(draft, 'username')) return from;
  const sender = senderAddressOf(draft);
  return isSenderAddress(sender) ? sender : from;
}

/**
 * The stored secrets an account of this kind never uses, to delete when an edit changes its kind or its
 * authentication: a password kept encrypted on an OAuth account (or a client secret and tokens on a
 * password account) would be one more secret to leak, for nothing. Pure.
 */
export function unusedSecrets(
  kind: AccountKind,
  held: SecretPresence,
): { password: boolean; clientSecret: boolean; tokens: boolean } {
  const oauth = settingApplies(kind, 'oauth.clientSecret');
  return {
    password: held.password && !settingApplies(kind, 'password'),
    clientSecret: held.clientSecret && !oauth,
    tokens: held.tokens.length > 0 && !oauth,
  };
}

/** Every problem of an account about to be stored or tested: its cross-field rules, then settings given that do not apply. */
export function accountIssues(given: AccountPatchInput, draft: AccountDraft): FieldIssue[] {
  return [...checkAccountRules(draft), ...inapplicableSettings(given, draft)];
}

/**
 * Whether a new account, given without a password, takes one: the service would store it as given (valid,
 * every setting applying) and its kind uses a password (the table of settings by kind). `accounts add`
 * asks for the password on a terminal only then, never for an account it is about to refuse. Pure.
 */
export function takesPassword(input: unknown): boolean {
  const parsed = accountSchemas().create.safeParse(input);
  if (!parsed.success) return false;
  const draft = withoutInapplicable(draftFromCreate(parsed.data));
  return settingApplies(draft, 'password') && accountIssues(parsed.data, draft).length === 0;
}
