/**
 * The OAuth 2.0 providers DRobot knows: their documented endpoints and the scopes each kind of account
 * needs. Pure: no I/O, no configuration reads (the caller passes the authority override).
 */

export type ProviderId = 'microsoft' | 'google';

/** How the consent is obtained: a person consents (delegated) or the app acts alone (client credentials). */
export type GrantFlow = 'delegated' | 'app';

/**
 * Which token an account holds. Microsoft issues one token per resource: Outlook (IMAP/POP/SMTP) and Graph
 * scopes cannot be asked for in one request, so an account that needs both holds two token sets.
 */
export type Audience = 'outlook' | 'graph' | 'google';

/** The account settings that decide provider, endpoints and scopes. */
export interface OAuthAccountLike {
  readonly preset: string;
  /** `graph`, `gmail-api`, or `protocol` (the mail protocol itself). */
  readonly connection: string;
  readonly direction: string;
  readonly protocol: string;
}

export interface ProviderEndpoints {
  readonly authorize: string;
  readonly token: string;
  readonly device: string;
}

/** The scopes of one token request, named by the audience the token is for. */
export interface ScopeRequest {
  readonly audience: Audience;
  readonly scopes: readonly string[];
}

export const DEFAULT_AUTHORITY: Readonly<Record<ProviderId, string>> = {
  microsoft: 'https://login.microsoftonline.com',
  google: 'https://accounts.google.com',
};

const GOOGLE_TOKEN_HOST = 'https://oauth2.googleapis.com';

const OUTLOOK = 'https://outlook.office.com/';
const GRAPH = 'https://graph.microsoft.com/';

export const MICROSOFT_SCOPES = {
  imap: `${OUTLOOK}IMAP.AccessAsUser.All`,
  pop3: `${OUTLOOK}POP.AccessAsUser.All`,
  smtp: `${OUTLOOK}SMTP.Send`,
  graphRead: `${GRAPH}Mail.ReadWrite`,
  graphSend: `${GRAPH}Mail.Send`,
  graphApp: `${GRAPH}.default`,
  outlookApp: 'https://outlook.office365.com/.default',
  offline: 'offline_access',
} as const;

export const GOOGLE_SCOPES = {
  mail: 'https://mail.google.com/',
  modify: 'https://www.googleapis.com/auth/gmail.modify',
  send: 'https://www.googleapis.com/auth/gmail.send',
} as const;

/** Identity scopes, so the token response names the mailbox (the id_token's email). */
export const IDENTITY_SCOPES = ['openid', 'email'] as const;

const PRESET_PROVIDER: Readonly<Record<string, ProviderId>> = {
  office365: 'microsoft',
  o365: 'microsoft',
  microsoft: 'microsoft',
  outlook: 'microsoft',
  gmail: 'google',
  google: 'google',
};

/** The provider of an account preset; undefined for presets without OAuth (a domain server). */
export function providerOfPreset(preset: string): ProviderId | undefined {
  return PRESET_PROVIDER[preset.toLowerCase()];
}

function usesGraph(account: OAuthAccountLike): boolean {
  return account.connection.toLowerCase() === 'graph';
}

function usesGmailApi(account: OAuthAccountLike): boolean {
  const c = account.connection.toLowerCase();
  return c === 'gmail-api' || c === 'gmail_api' || c === 'gmail';
}

function isOutbound(account: OAuthAccountLike): boolean {
  const d = account.direction.toLowerCase();
  return d === 'outbound' || d === 'smtp' || account.protocol.toLowerCase() === 'smtp';
}

function microsoftProtocolScope(account: OAuthAccountLike): string {
  if (isOutbound(account)) return MICROSOFT_SCOPES.smtp;
  return account.protocol.toLowerCase() === 'pop3' ? MICROSOFT_SCOPES.pop3 : MICROSOFT_SCOPES.imap;
}

/**
 * The token requests an account needs for a flow. Usually one; never Outlook and Graph scopes in one
 * request. Returns an empty list when the combination has no OAuth (Google has no app-only flow for mail).
 */
export function scopesFor(account: OAuthAccountLike, flow: GrantFlow): ScopeRequest[] {
  const provider = providerOfPreset(account.preset);
  if (provider === 'microsoft') {
    if (flow === 'app') {
      return usesGraph(account)
        ? [{ audience: 'graph', scopes: [MICROSOFT_SCOPES.graphApp] }]
        : [{ audience: 'outlook', scopes: [MICROSOFT_SCOPES.outlookApp] }];
    }
    if (usesGraph(account)) {
      // A sending account asks for Mail.ReadWrite too: only a draft reads back the Message-ID Exchange
      // gives a mail, which threading needs (see graphSendModeOf; it sends without, by sendMail).
      const mail = isOutbound(account)
        ? [MICROSOFT_SCOPES.graphSend, MICROSOFT_SCOPES.graphRead]
        : [MICROSOFT_SCOPES.graphRead];
      return [{ audience: 'graph', scopes: [...mail, MICROSOFT_SCOPES.offline, ...IDENTITY_SCOPES] }];
    }
    return [
      {
        audience: 'outlook',
        scopes: [microsoftProtocolScope(account), MICROSOFT_SCOPES.offline, ...IDENTITY_SCOPES],
      },
    ];
  }
  if (provider === 'google' && flow === 'delegated') {
    let scope: string = GOOGLE_SCOPES.mail;
    if (usesGmailApi(account)) scope = isOutbound(account) ? GOOGLE_SCOPES.send : GOOGLE_SCOPES.modify;
    return [{ audience: 'google', scopes: [scope, ...IDENTITY_SCOPES] }];
  }
  return [];
}

/** The audiences whose tokens an account uses when it connects (the delegated ones, or the app one). */
export function audiencesFor(account: OAuthAccountLike, flow: GrantFlow): Audience[] {
  return scopesFor(account, flow).map((r) => r.audience);
}

function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The endpoints of a provider. `authority` replaces the scheme, host and leading path of the documented
 * URLs (per account, or from the configuration): a local server in tests, a sovereign cloud in production.
 */
export function endpointsFor(
  provider: ProviderId,
  options: { readonly tenant?: string | undefined; readonly authority?: string | undefined },
): ProviderEndpoints {
  if (provider === 'microsoft') {
    const base = `${trimBase(options.authority ?? DEFAULT_AUTHORITY.microsoft)}/${encodeURIComponent(
      options.tenant ?? 'organizations',
    )}/oauth2/v2.0`;
    return { authorize: `${base}/authorize`, token: `${base}/token`, device: `${base}/devicecode` };
  }
  const auth = trimBase(options.authority ?? DEFAULT_AUTHORITY.google);
  const tokenHost = options.authority ? auth : GOOGLE_TOKEN_HOST;
  return {
    authorize: `${auth}/o/oauth2/v2/auth`,
    token: `${tokenHost}/token`,
    device: `${tokenHost}/device/code`,
  };
}

/** Where the authority an account's OAuth uses comes from. */
export type AuthoritySource = 'account' | 'configuration' | 'provider';

/**
 * The authority (base URL) an account signs in at and where it comes from: its own, else the one configured
 * for its provider (`DROBOT_OAUTH_*_AUTHORITY`), else the provider's documented one, as {@link endpointsFor}
 * and the flows resolve it. Undefined for a preset without OAuth (a domain server).
 */
export function effectiveAuthority(
  preset: string,
  own: string | null | undefined,
  configured: Readonly<Partial<Record<ProviderId, string | undefined>>> = {},
): { readonly provider: ProviderId; readonly url: string; readonly source: AuthoritySource } | undefined {
  const provider = providerOfPreset(preset);
  if (!provider) return undefined;
  const mine = own?.trim();
  if (mine) return { provider, url: mine, source: 'account' };
  const fromConfig = configured[provider];
  if (fromConfig) return { provider, url: fromConfig, source: 'configuration' };
  return { provider, url: DEFAULT_AUTHORITY[provider], source: 'provider' };
}

/** Extra parameters of the authorization request: Google only returns a refresh token when asked so. */
export function extraAuthorizeParams(provider: ProviderId): Record<string, string> {
  return provider === 'google' ? { access_type: 'offline', prompt: 'consent' } : {};
}
