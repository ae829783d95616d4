import type { AuthType, ConnectionType, Direction, OutboundSettings, Protocol } from './account.model.js';

/**
 * Which settings an account has, decided by its kind and how it signs in: the one table the service, the
 * CLI's listings and the console read. Types only are imported, so the console's bundle takes it as it is.
 */

/** What decides which settings an account has: its kind and how it signs in. */
export interface AccountKind {
  readonly direction: Direction;
  readonly protocol: Protocol;
  readonly connection: ConnectionType;
  readonly auth: AuthType;
  readonly smtpAuth: boolean;
}

/**
 * Whether the account logs in to its server at all: every inbound account and every Graph or Gmail API
 * account does; an outbound SMTP account only when the server requires user authentication (`smtpAuth`).
 * Pure.
 */
export function signsIn(kind: Pick<AccountKind, 'direction' | 'connection' | 'smtpAuth'>): boolean {
  return kind.direction === 'inbound' || kind.connection !== 'protocol' || kind.smtpAuth;
}

/**
 * What a setting needs of the account's kind: `protocol` a mail-protocol connection, `api` a Graph or
 * Gmail API connection, `inbound`/`outbound` the direction, `folders` a mailbox with folders and flags
 * (anything but POP3), `passwordAuth`/`oauthAuth` the authentication type, `login` a login at all
 * (see {@link signsIn}).
 */
export type Requirement =
  'protocol' | 'api' | 'inbound' | 'outbound' | 'folders' | 'passwordAuth' | 'oauthAuth' | 'login';

const REQUIREMENTS: Readonly<Record<Requirement, (kind: AccountKind) => boolean>> = {
  protocol: (k) => k.connection === 'protocol',
  api: (k) => k.connection !== 'protocol',
  inbound: (k) => k.direction === 'inbound',
  outbound: (k) => k.direction === 'outbound',
  folders: (k) => !(k.connection === 'protocol' && k.protocol === 'pop3'),
  passwordAuth: (k) => k.auth === 'password',
  oauthAuth: (k) => k.auth === 'oauth2',
  login: signsIn,
};

/**
 * The settings that exist only for some kinds of account, and what each needs. Every other setting
 * (timeout, proxy, TLS trust, enabled) applies to every kind. The first requirement an account misses says
 * why in the refusal.
 */
export const KIND_SETTINGS = {
  host: ['protocol'],
  port: ['protocol'],
  security: ['protocol'],
  // The SASL method of a login: none without one.
  sasl: ['protocol', 'login'],
  username: ['login'],
  // How it logs in: nothing to choose without a login (shown as none, see shownAuth).
  auth: ['login'],
  // A login first: an SMTP account without authentication is told so whatever its authentication type.
  password: ['protocol', 'login', 'passwordAuth'],
  'oauth.clientId': ['login', 'oauthAuth'],
  'oauth.clientSecret': ['login', 'oauthAuth'],
  'oauth.tenantId': ['login', 'oauthAuth'],
  'oauth.useLoopback': ['login', 'oauthAuth'],
  'oauth.useBrowser': ['login', 'oauthAuth'],
  'oauth.authority': ['login', 'oauthAuth'],
  apiUrl: ['api'],
  smtpAuth: ['outbound', 'protocol'],
  leaveCopy: ['inbound'],
  folder: ['inbound', 'folders'],
  'inbound.pollIntervalSeconds': ['inbound'],
  'inbound.maxMessagesPerRun': ['inbound'],
  'inbound.maxMessageBytes': ['inbound'],
  'inbound.firstRun': ['inbound'],
  'inbound.afterFetch': ['inbound', 'folders'],
  'inbound.moveToFolder': ['inbound', 'folders'],
  'inbound.acknowledge': ['inbound'],
  'inbound.lang': ['inbound'],
  'outbound.fromAddress': ['outbound'],
  'outbound.fromName': ['outbound'],
  'outbound.ratePerMinute': ['outbound'],
} as const satisfies Record<string, readonly Requirement[]>;

export type KindSetting = keyof typeof KIND_SETTINGS;

/** The first requirement of a setting the account's kind misses; undefined when the setting applies. Pure. */
export function missingRequirement(kind: AccountKind, setting: KindSetting): Requirement | undefined {
  return KIND_SETTINGS[setting].find((r) => !REQUIREMENTS[r](kind));
}

/** Whether a setting applies to an account of this kind. Pure. */
export function settingApplies(kind: AccountKind, setting: KindSetting): boolean {
  return missingRequirement(kind, setting) === undefined;
}

/** Whether a setting, by its path, applies to an account of this kind; those not in the table always do. */
export function appliesTo(kind: AccountKind, path: string): boolean {
  return !Object.hasOwn(KIND_SETTINGS, path) || settingApplies(kind, path as KindSetting);
}

/** How an account authenticates, as shown: its type, or `none` when it does not log in at all. Pure. */
export function shownAuth(kind: AccountKind): AuthType | 'none' {
  return signsIn(kind) ? kind.auth : 'none';
}

/**
 * The address an outbound account sends from: its From (`outbound.fromAddress`, --from), else the user
 * name it logs in with; '' when it has neither. An SMTP account without authentication has no user name,
 * so its From is its sender (one stored by an earlier version with a user name still sends from it until
 * its next edit makes that its From, see withoutInapplicable). Pure.
 */
export function senderAddressOf(account: {
  readonly username: string;
  readonly outbound: Pick<OutboundSettings, 'fromAddress'>;
}): string {
  return account.outbound.fromAddress ?? account.username;
}
