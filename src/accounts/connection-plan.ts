import { resolveSecurity } from '../transports/security.js';
import type {
  Endpoint,
  ProxySettings,
  ResolvedSecurity,
  SaslMethod,
  Security,
  TlsTrust,
} from '../transports/types.js';
import { signsIn } from './account.kind.js';
import { DEFAULT_API_URLS } from './api-urls.js';
import type { Account, Protocol } from './account.model.js';
import { effectivePort } from './presets.js';

export { resolveSecurity };

/** How the secret-bearing part of a login is obtained; the values themselves come later, from the store. */
export type PlanAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'password'; readonly username: string; readonly sasl: SaslMethod }
  | { readonly kind: 'oauth2'; readonly username: string; readonly sasl: SaslMethod };

/** A mail-protocol connection: where, how securely, through which proxy, as whom. */
export interface ProtocolPlan {
  readonly transport: Protocol;
  readonly host: string;
  readonly port: number;
  readonly security: ResolvedSecurity;
  /** The security as configured, for the connection test's words ("auto chose STARTTLS"). */
  readonly configuredSecurity: Security;
  readonly timeoutMs: number;
  readonly tls: TlsTrust;
  /** The proxy without its password (read from the store when connecting). */
  readonly proxy: Omit<ProxySettings, 'password'> | undefined;
  readonly auth: PlanAuth;
}

/** A REST API connection (Microsoft Graph, Gmail API). */
export interface ApiPlan {
  readonly transport: 'graph' | 'gmail';
  readonly apiUrl: string;
  /** Graph delegated and Gmail: `me`; Graph app-only: the mailbox's address. */
  readonly mailbox: string;
  readonly timeoutMs: number;
  readonly tls: TlsTrust;
  readonly proxy: Omit<ProxySettings, 'password'> | undefined;
}

export type ConnectionPlan = ProtocolPlan | ApiPlan;

/** Fields the plan reads: an account, or a draft of one that is not saved yet. */
export type PlannedAccount = Pick<
  Account,
  | 'direction'
  | 'protocol'
  | 'connection'
  | 'host'
  | 'port'
  | 'security'
  | 'timeoutMs'
  | 'tls'
  | 'proxy'
  | 'auth'
  | 'sasl'
  | 'smtpAuth'
  | 'username'
  | 'apiUrl'
  | 'oauth'
>;

/**
 * Where and how to connect for an account: the one translation from settings to a connection, shared by
 * fetching, sending, the round trip and the connection test, so that a test that passes means the real
 * thing works. Pure: secrets and tokens are not part of it.
 */
export function connectionPlanOf(
  account: PlannedAccount,
  options: { appOnly?: boolean } = {},
): ConnectionPlan {
  const tls: TlsTrust = {
    caPem: account.tls.caPem ?? undefined,
    pinSha256: account.tls.pinSha256 ?? undefined,
    insecureSkipVerify: account.tls.insecureSkipVerify,
  };
  const proxy =
    account.proxy.type === 'none' || !account.proxy.host || !account.proxy.port
      ? undefined
      : {
          type: account.proxy.type,
          host: account.proxy.host,
          port: account.proxy.port,
          username: account.proxy.username ?? undefined,
        };
  if (account.connection === 'graph' || account.connection === 'gmail-api') {
    const transport = account.connection === 'graph' ? 'graph' : 'gmail';
    return {
      transport,
      apiUrl: (account.apiUrl ?? DEFAULT_API_URLS[transport]).replace(/\/+$/, ''),
      mailbox: transport === 'graph' && options.appOnly ? account.username : 'me',
      timeoutMs: account.timeoutMs,
      tls,
      proxy,
    };
  }
  const port = effectivePort(account.protocol, account.security, account.port);
  return {
    transport: account.protocol,
    host: account.host,
    port,
    security: resolveSecurity(account.security, port),
    configuredSecurity: account.security,
    timeoutMs: account.timeoutMs,
    tls,
    proxy,
    auth: authOf(account),
  };
}

/** How a mail-protocol connection logs in: not at all when the account does not sign in (see signsIn). */
function authOf(account: PlannedAccount): PlanAuth {
  if (!signsIn(account)) return { kind: 'none' };
  if (account.auth === 'oauth2') return { kind: 'oauth2', username: account.username, sasl: account.sasl };
  return { kind: 'password', username: account.username, sasl: account.sasl };
}

/** Whether a plan is for a mail protocol (POP3, IMAP, SMTP) rather than a REST API. */
export function isProtocolPlan(plan: ConnectionPlan): plan is ProtocolPlan {
  return plan.transport === 'pop3' || plan.transport === 'imap' || plan.transport === 'smtp';
}

/** The endpoint a protocol client connects to: the plan's, with `auto` resolved and the proxy's password. */
export function endpointOf(plan: ProtocolPlan, proxyPassword: string | undefined): Endpoint {
  return {
    host: plan.host,
    port: plan.port,
    security: plan.security,
    timeoutMs: plan.timeoutMs,
    tls: plan.tls,
    proxy: plan.proxy ? { ...plan.proxy, password: proxyPassword } : undefined,
  };
}
