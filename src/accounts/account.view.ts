import type {
  Account,
  AuthType,
  ConnectionType,
  Direction,
  InboundSettings,
  LastTestSummary,
  OutboundSettings,
  Protocol,
} from './account.model.js';
import { withoutInapplicable } from './account.applies.js';
import { appliesTo, type AccountKind } from './account.kind.js';
import type { AccountCreateInput } from './account.schema.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './account.schema.js';
import { defaultApiUrlOf } from './api-urls.js';
import { effectivePort } from './presets.js';

/** How a set secret is shown: never its value. */
export const MASK = '*****';

type Masked = typeof MASK | null;

const mask = (set: boolean): Masked => (set ? MASK : null);

/** The public view of an account, the only shape the CLI, API and console show. */
export interface AccountView {
  readonly id: number;
  readonly name: string;
  readonly direction: Direction;
  readonly protocol: Protocol;
  readonly preset: string;
  readonly connection: ConnectionType;
  readonly host: string;
  readonly port: number;
  readonly effectivePort: number;
  readonly username: string;
  readonly password: Masked;
  readonly timeoutMs: number;
  readonly security: string;
  readonly sasl: string;
  readonly auth: AuthType;
  readonly smtpAuth: boolean;
  readonly leaveCopy: boolean;
  readonly folder: string;
  readonly apiUrl: string | null;
  /** Graph and Gmail API accounts: the provider's address, which one without `apiUrl` uses. Read-only. */
  readonly apiUrlDefault?: string;
  readonly proxy: {
    readonly type: string;
    readonly host: string | null;
    readonly port: number | null;
    readonly username: string | null;
    readonly password: Masked;
  };
  readonly tls: {
    readonly caPem: string | null;
    readonly pinSha256: string | null;
    readonly insecureSkipVerify: boolean;
  };
  readonly oauth: {
    readonly clientId: string | null;
    readonly clientSecret: Masked;
    readonly tenantId: string | null;
    readonly useLoopback: boolean;
    readonly useBrowser: boolean;
    readonly authority: string | null;
    /** The token sets held, by audience: read-only and masked. */
    readonly tokens: Readonly<Record<string, typeof MASK>>;
  };
  readonly inbound: InboundSettings;
  readonly outbound: OutboundSettings;
  readonly enabled: boolean;
  readonly state: string;
  readonly stateDetail: string | null;
  /** With state `secret_unreadable`: which secret and key, so a reader can say it in its language. */
  readonly unreadableSecret?: { readonly name: string; readonly keyId: string };
  readonly lastTest: LastTestSummary | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toView(a: Account): AccountView {
  const apiUrlDefault = defaultApiUrlOf(a.connection);
  return {
    id: a.id,
    name: a.name,
    direction: a.direction,
    protocol: a.protocol,
    preset: a.preset,
    connection: a.connection,
    host: a.host,
    port: a.port,
    effectivePort: effectivePort(a.protocol, a.security, a.port),
    username: a.username,
    password: mask(a.secrets.password),
    timeoutMs: a.timeoutMs,
    security: a.security,
    sasl: a.sasl,
    auth: a.auth,
    smtpAuth: a.smtpAuth,
    leaveCopy: a.leaveCopy,
    folder: a.folder,
    apiUrl: a.apiUrl,
    ...(apiUrlDefault ? { apiUrlDefault } : {}),
    proxy: { ...a.proxy, password: mask(a.secrets.proxyPassword) },
    tls: a.tls,
    oauth: {
      clientId: a.oauth.clientId,
      clientSecret: mask(a.secrets.clientSecret),
      tenantId: a.oauth.tenantId,
      useLoopback: a.oauth.useLoopback,
      useBrowser: a.oauth.useBrowser,
      authority: a.oauth.authority,
      tokens: Object.fromEntries(a.secrets.tokens.map((audience) => [audience, MASK])),
    },
    inbound: a.inbound,
    outbound: a.outbound,
    enabled: a.enabled,
    state: a.state,
    stateDetail: a.stateDetail,
    ...(a.unreadableSecret ? { unreadableSecret: a.unreadableSecret } : {}),
    lastTest: a.lastTest,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/**
 * An account as exported: every setting of its kind, no secret, no identity or state. Import reads it
 * back; a setting its kind does not use would be refused there, so it is left out, as its next edit would
 * leave it (an earlier version's SMTP account without authentication exports its user name as its From).
 */
export function toExportItem(account: Account): AccountCreateInput {
  const a = withoutInapplicable(account);
  return onlyApplying(a, {
    name: a.name,
    direction: a.direction,
    protocol: a.protocol,
    preset: a.preset,
    connection: a.connection,
    host: a.host,
    port: a.port,
    username: a.username,
    timeoutMs: a.timeoutMs,
    security: a.security,
    sasl: a.sasl,
    auth: a.auth,
    smtpAuth: a.smtpAuth,
    leaveCopy: a.leaveCopy,
    folder: a.folder,
    apiUrl: a.apiUrl,
    enabled: a.enabled,
    proxy: a.proxy,
    tls: a.tls,
    oauth: a.oauth,
    inbound: a.inbound,
    outbound: a.outbound,
  });
}

/** The item without the settings the account's kind does not use; a group left empty is dropped. */
function onlyApplying(kind: AccountKind, item: AccountCreateInput): AccountCreateInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (GROUPS.has(key) && typeof value === 'object' && value !== null) {
      const kept = Object.entries(value).filter(([inner]) => appliesTo(kind, `${key}.${inner}`));
      if (kept.length > 0) out[key] = Object.fromEntries(kept);
    } else if (appliesTo(kind, key)) out[key] = value;
  }
  // The cast holds: only optional settings are ever left out.
  return out as AccountCreateInput;
}

/** The groups whose settings apply one by one (`oauth.clientId`), not as a whole. */
const GROUPS = new Set(['inbound', 'outbound', 'oauth']);

export function exportDocument(accounts: readonly Account[], now: Date) {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    accounts: accounts.map(toExportItem),
  };
}
