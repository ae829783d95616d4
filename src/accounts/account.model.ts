import type { Lang } from '../i18n/lang.js';
import type { ProxyType, SaslMethod, Security } from '../transports/types.js';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const PROTOCOLS = ['pop3', 'imap', 'smtp'] as const;
export const PRESETS = ['domain', 'office365', 'gmail'] as const;
export const CONNECTIONS = ['protocol', 'graph', 'gmail-api'] as const;
export const SECURITIES = ['none', 'implicit', 'starttls', 'auto'] as const;
export const SASL_METHODS = ['auto', 'plain', 'login', 'xoauth2'] as const;
export const AUTH_TYPES = ['password', 'oauth2'] as const;
export const PROXY_TYPES = ['none', 'socks5', 'http'] as const;
/**
 * `secret_unreadable` is never stored: a process that does not hold the key of one of an account's secrets
 * (another process rotated the master key) shows it, so the account is not used with a missing secret.
 */
export const ACCOUNT_STATES = [
  'ready',
  'password_required',
  'authorization_required',
  'disabled',
  'secret_unreadable',
] as const;
export const FIRST_RUN_POLICIES = ['all', 'unread', 'new'] as const;
export const AFTER_FETCH_ACTIONS = ['seen', 'move', 'delete'] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type Protocol = (typeof PROTOCOLS)[number];
export type Preset = (typeof PRESETS)[number];
export type ConnectionType = (typeof CONNECTIONS)[number];
export type AuthType = (typeof AUTH_TYPES)[number];
export type AccountState = (typeof ACCOUNT_STATES)[number];
export type FirstRunPolicy = (typeof FIRST_RUN_POLICIES)[number];
export type AfterFetchAction = (typeof AFTER_FETCH_ACTIONS)[number];

/** The secrets an account can hold, by their stored names. Each is write-only. */
export const SECRET_NAMES = {
  password: 'password',
  proxyPassword: 'proxy_password',
  clientSecret: 'oauth_client_secret',
} as const;

/** Prefix of the stored OAuth token sets, one per audience (e.g. `oauth_token:outlook`). */
export const TOKEN_SECRET_PREFIX = 'oauth_token:';

export interface ProxyConfig {
  readonly type: ProxyType;
  readonly host: string | null;
  readonly port: number | null;
  readonly username: string | null;
}

export interface TlsConfig {
  readonly caPem: string | null;
  readonly pinSha256: string | null;
  readonly insecureSkipVerify: boolean;
}

export interface OAuthConfig {
  readonly clientId: string | null;
  readonly tenantId: string | null;
  /** "Use Http Listener + OAUTH": the consent flow redirects to a loopback listener. */
  readonly useLoopback: boolean;
  /** "Use default browser for Oauth": open the browser, else only show the URL. */
  readonly useBrowser: boolean;
  /** Base URL overriding the provider's authorization server. */
  readonly authority: string | null;
}

/** Settings only inbound accounts use. */
export interface InboundSettings {
  readonly pollIntervalSeconds: number;
  readonly maxMessagesPerRun: number;
  readonly maxMessageBytes: number;
  /** What the first run takes from a mailbox that already holds mail. */
  readonly firstRun: FirstRunPolicy;
  /** IMAP: what happens to a mail once its case is stored. */
  readonly afterFetch: AfterFetchAction;
  readonly moveToFolder: string | null;
  /** Acknowledge each new case to its requester (default on). */
  readonly acknowledge: boolean;
  /** Language of acknowledgments when the requester's mail does not tell it; null: DROBOT_LANG. */
  readonly lang: Lang | null;
}

/** Settings only outbound accounts use. */
export interface OutboundSettings {
  readonly fromAddress: string | null;
  readonly fromName: string | null;
  readonly ratePerMinute: number;
}

/** The summary of the last connection test kept with the account. */
export interface LastTestSummary {
  readonly at: string;
  readonly ok: boolean;
  readonly failedStep: string | null;
  readonly message: string | null;
}

/** Which secrets are set; their values never leave the repository except to a transport. */
export interface SecretPresence {
  readonly password: boolean;
  readonly proxyPassword: boolean;
  readonly clientSecret: boolean;
  /** Audiences that hold an OAuth token set. */
  readonly tokens: readonly string[];
}

/** A stored mail account, without secret values. */
export interface Account {
  readonly id: number;
  readonly name: string;
  readonly direction: Direction;
  readonly protocol: Protocol;
  readonly preset: Preset;
  readonly connection: ConnectionType;
  readonly host: string;
  /** 0 means the default port for the protocol and security. */
  readonly port: number;
  readonly username: string;
  readonly timeoutMs: number;
  readonly security: Security;
  readonly sasl: SaslMethod;
  readonly auth: AuthType;
  /** SMTP: "server requires user authentication". */
  readonly smtpAuth: boolean;
  /** "Leave a copy of message on server". */
  readonly leaveCopy: boolean;
  readonly folder: string;
  /**
   * Graph and Gmail API accounts: the API's base URL; null means the provider's documented one
   * (`https://graph.microsoft.com/v1.0`, `https://gmail.googleapis.com/gmail/v1`). Sovereign clouds and
   * local stand-ins set it.
   */
  readonly apiUrl: string | null;
  readonly proxy: ProxyConfig;
  readonly tls: TlsConfig;
  readonly oauth: OAuthConfig;
  readonly inbound: InboundSettings;
  readonly outbound: OutboundSettings;
  readonly enabled: boolean;
  readonly state: AccountState;
  readonly stateDetail: string | null;
  /** Set with state `secret_unreadable`: the secret this process cannot decrypt, and its key's id. */
  readonly unreadableSecret?: { readonly name: string; readonly keyId: string };
  readonly lastTest: LastTestSummary | null;
  readonly secrets: SecretPresence;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Secret values given with a create, edit or import; `null` clears one. */
export interface SecretInput {
  readonly password?: string | null | undefined;
  readonly proxyPassword?: string | null | undefined;
  readonly clientSecret?: string | null | undefined;
}
