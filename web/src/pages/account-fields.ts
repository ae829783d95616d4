import {
  appliesTo,
  settingApplies,
  shownAuth,
  type AccountKind,
} from '../../../src/accounts/account.kind.js';
import { PRESET_DEFAULTS } from '../../../src/accounts/presets.js';
import type { AccountView } from '../model.js';

/** The form's values, flat, by field path (`proxy.host`); secrets are '' until typed anew. */
export type Values = Record<string, string | boolean>;

export const SECRET_FIELDS = ['password', 'proxy.password', 'oauth.clientSecret'] as const;
const NUMBER_FIELDS = new Set(['port', 'timeoutMs', 'proxy.port']);

/** The kind of account the form's values describe, as the table of settings by kind reads it. */
export function kindOf(v: Values): AccountKind {
  const outbound = v.direction === 'outbound';
  return {
    direction: outbound ? 'outbound' : 'inbound',
    protocol: outbound ? 'smtp' : v.protocol === 'imap' ? 'imap' : 'pop3',
    connection: v.connection === 'graph' || v.connection === 'gmail-api' ? v.connection : 'protocol',
    auth: v.auth === 'oauth2' ? 'oauth2' : 'password',
    smtpAuth: v.smtpAuth === true,
  };
}

/** The authentication type the form shows: `none`, fixed, while the server asks for no login. */
export function shownAuthOf(v: Values): ReturnType<typeof shownAuth> {
  return shownAuth(kindOf(v));
}

/** Which fields an account of this kind has, in the seed's order. */
export function visibleFields(v: Values): string[] {
  const inbound = v.direction === 'inbound';
  const viaProtocol = v.connection === 'protocol';
  // Who logs in with what: the table of settings by kind the server refuses them by.
  const kind = kindOf(v);
  const out: string[] = [];
  if (viaProtocol) {
    out.push('host', 'port', 'security');
    if (settingApplies(kind, 'sasl')) out.push('sasl');
    out.push('timeoutMs', 'auth');
  } else out.push('apiUrl', 'timeoutMs');
  if (!inbound && viaProtocol) out.push('smtpAuth');
  if (settingApplies(kind, 'username')) out.push('username');
  if (settingApplies(kind, 'password')) out.push('password');
  if (settingApplies(kind, 'oauth.clientId')) {
    out.push('oauth.clientId', 'oauth.clientSecret');
    if (v.preset === 'office365') out.push('oauth.tenantId');
    // Where it signs in: empty, the provider's (a national cloud, a local stand-in, set here).
    if (settingApplies(kind, 'oauth.authority')) out.push('oauth.authority');
    out.push('oauth.useLoopback', 'oauth.useBrowser');
  }
  if (inbound) out.push('leaveCopy');
  if (inbound && v.protocol === 'imap') out.push('folder');
  if (!inbound) out.push('outbound.fromAddress', 'outbound.fromName');
  if (viaProtocol) {
    out.push('proxy.type');
    if (v['proxy.type'] !== 'none') {
      out.push('proxy.host', 'proxy.port', 'proxy.username', 'proxy.password');
    }
  }
  return out;
}

/** What a preset fills in when the provider, direction or protocol is chosen. */
export function presetDefaults(v: Values): Values {
  const preset =
    PRESET_DEFAULTS[(v.preset as keyof typeof PRESET_DEFAULTS) ?? 'domain'] ?? PRESET_DEFAULTS.domain;
  // Through Graph or the Gmail API the protocol only names the direction: imap inbound, smtp outbound.
  const protocol = (
    v.direction === 'outbound'
      ? 'smtp'
      : v.protocol === 'imap' || (v.connection !== undefined && v.connection !== 'protocol')
        ? 'imap'
        : 'pop3'
  ) as 'pop3' | 'imap' | 'smtp';
  return {
    protocol,
    host: preset[protocol].host,
    security: preset[protocol].security,
    port: '0',
    auth: preset.auth,
    sasl: preset.auth === 'oauth2' ? 'xoauth2' : 'auto',
    timeoutMs: '5000',
  };
}

export function emptyValues(): Values {
  const base: Values = {
    name: '',
    direction: 'inbound',
    preset: 'domain',
    connection: 'protocol',
    protocol: 'pop3',
    username: '',
    password: '',
    smtpAuth: true,
    leaveCopy: false,
    folder: 'INBOX',
    apiUrl: '',
    'proxy.type': 'none',
    'proxy.host': '',
    'proxy.port': '',
    'proxy.username': '',
    'proxy.password': '',
    'oauth.clientId': '',
    'oauth.clientSecret': '',
    'oauth.tenantId': '',
    'oauth.authority': '',
    'oauth.useLoopback': true,
    'oauth.useBrowser': true,
    'outbound.fromAddress': '',
    'outbound.fromName': '',
  };
  return { ...base, ...presetDefaults(base) };
}

export function valuesOf(a: AccountView): Values {
  return {
    ...emptyValues(),
    name: a.name,
    direction: a.direction,
    preset: a.preset,
    connection: a.connection,
    protocol: a.protocol,
    host: a.host,
    port: String(a.port),
    security: a.security,
    sasl: a.sasl,
    auth: a.auth,
    timeoutMs: String(a.timeoutMs),
    username: a.username,
    smtpAuth: a.smtpAuth,
    leaveCopy: a.leaveCopy,
    folder: a.folder,
    apiUrl: a.apiUrl ?? '',
    'proxy.type': a.proxy.type,
    'proxy.host': a.proxy.host ?? '',
    'proxy.port': a.proxy.port === null ? '' : String(a.proxy.port),
    'proxy.username': a.proxy.username ?? '',
    'oauth.clientId': a.oauth.clientId ?? '',
    'oauth.tenantId': a.oauth.tenantId ?? '',
    'oauth.authority': a.oauth.authority ?? '',
    'oauth.useLoopback': a.oauth.useLoopback,
    'oauth.useBrowser': a.oauth.useBrowser,
    'outbound.fromAddress': a.outbound.fromAddress ?? '',
    'outbound.fromName': a.outbound.fromName ?? '',
  };
}

/**
 * The API's account input from the fields shown that apply (not the authentication type, shown as none,
 * of an account that does not log in): a secret only when typed; empty text is null.
 */
export function payloadOf(v: Values): Record<string, unknown> {
  const kind = kindOf(v);
  const out: Record<string, unknown> = {
    name: v.name,
    direction: v.direction,
    protocol: v.direction === 'outbound' ? 'smtp' : v.protocol,
    preset: v.preset,
    connection: v.connection,
  };
  for (const path of visibleFields(v)) {
    if (!appliesTo(kind, path)) continue;
    const value = v[path];
    if ((SECRET_FIELDS as readonly string[]).includes(path) && !value) continue;
    let shaped: unknown = value;
    if (NUMBER_FIELDS.has(path)) shaped = value === '' ? null : Number(value);
    else if (value === '' && path !== 'username' && path !== 'host') shaped = null;
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail) {
      const group = (out[head] ??= {}) as Record<string, unknown>;
      group[tail] = shaped;
    } else out[head] = shaped;
  }
  if (out.proxy && (out.proxy as Record<string, unknown>).type === 'none') out.proxy = { type: 'none' };
  return out;
}

/** The top-level keys whose value differs: the unsaved changes of an edited account. */
export function changesOf(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) changes[key] = value;
  }
  return changes;
}
