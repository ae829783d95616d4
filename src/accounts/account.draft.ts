import type { Account, AccountState, SecretInput, SecretPresence } from './account.model.js';
import { settingApplies, signsIn } from './account.kind.js';
import { normalizePin } from './account.rules.js';
import type { AccountCreateInput, AccountPatchInput } from './account.schema.js';
import { PRESET_DEFAULTS, presetHost, presetSecurity } from './presets.js';

/** An account's settings before it is stored: everything but identity, state and secrets. */
export type AccountDraft = Omit<
  Account,
  'id' | 'state' | 'stateDetail' | 'lastTest' | 'secrets' | 'createdAt' | 'updatedAt'
>;

export const DEFAULT_TIMEOUT_MS = 5000;

export const DEFAULT_INBOUND = {
  pollIntervalSeconds: 60,
  maxMessagesPerRun: 200,
  maxMessageBytes: 25 * 1024 * 1024,
  // Unread mail is a request someone waits for: the first run takes it (on POP3, which has no flags, that is
  // everything in the mailbox); mail already read stays on the server, and the run says so.
  firstRun: 'unread',
  afterFetch: 'seen',
  moveToFolder: null,
  acknowledge: true,
  lang: null,
} as const;

/** Fills every default of the preset into a new account's settings. Pure. */
export function draftFromCreate(input: AccountCreateInput): AccountDraft {
  const preset = PRESET_DEFAULTS[input.preset];
  const base: AccountDraft = {
    name: input.name,
    direction: input.direction,
    protocol: input.protocol,
    preset: input.preset,
    connection: 'protocol',
    host: presetHost(input.preset, input.protocol),
    port: 0,
    username: '',
    timeoutMs: DEFAULT_TIMEOUT_MS,
    security: presetSecurity(input.preset, input.protocol),
    sasl: 'auto',
    auth: preset.auth,
    smtpAuth: true,
    leaveCopy: false,
    folder: 'INBOX',
    apiUrl: null,
    proxy: { type: 'none', host: null, port: null, username: null },
    tls: { caPem: null, pinSha256: null, insecureSkipVerify: false },
    oauth: { clientId: null, tenantId: null, useLoopback: true, useBrowser: true, authority: null },
    inbound: DEFAULT_INBOUND,
    outbound: { fromAddress: null, fromName: null, ratePerMinute: preset.ratePerMinute },
    enabled: true,
  };
  return applyPatch(base, input);
}

/** Applies the given fields over a draft; when the preset or protocol changes, its defaults follow. Pure. */
export function applyPatch(draft: AccountDraft, patch: AccountPatchInput): AccountDraft {
  const preset = patch.preset ?? draft.preset;
  const protocol = patch.protocol ?? draft.protocol;
  const presetChanged = preset !== draft.preset || protocol !== draft.protocol;
  const hostWasDefault = draft.host === presetHost(draft.preset, draft.protocol);
  const securityWasDefault = draft.security === presetSecurity(draft.preset, draft.protocol);
  const pin = patch.tls?.pinSha256;
  return {
    ...draft,
    name: patch.name ?? draft.name,
    direction: patch.direction ?? draft.direction,
    protocol,
    preset,
    connection: patch.connection ?? draft.connection,
    host: patch.host ?? (presetChanged && hostWasDefault ? presetHost(preset, protocol) : draft.host),
    port: patch.port ?? draft.port,
    username: patch.username ?? draft.username,
    timeoutMs: patch.timeoutMs ?? draft.timeoutMs,
    security:
      patch.security ??
      (presetChanged && securityWasDefault ? presetSecurity(preset, protocol) : draft.security),
    sasl: patch.sasl ?? draft.sasl,
    auth: patch.auth ?? (preset !== draft.preset ? PRESET_DEFAULTS[preset].auth : draft.auth),
    smtpAuth: patch.smtpAuth ?? draft.smtpAuth,
    leaveCopy: patch.leaveCopy ?? draft.leaveCopy,
    folder: patch.folder ?? draft.folder,
    apiUrl: patch.apiUrl === undefined ? draft.apiUrl : patch.apiUrl,
    enabled: patch.enabled ?? draft.enabled,
    proxy: patch.proxy
      ? patch.proxy.type === 'none'
        ? { type: 'none', host: null, port: null, username: null }
        : {
            type: patch.proxy.type,
            host: pick(patch.proxy.host, draft.proxy.host),
            port: pick(patch.proxy.port, draft.proxy.port),
            username: pick(patch.proxy.username, draft.proxy.username),
          }
      : draft.proxy,
    tls: patch.tls
      ? {
          caPem: pick(patch.tls.caPem, draft.tls.caPem),
          pinSha256:
            pin === undefined ? draft.tls.pinSha256 : pin === null ? null : (normalizePin(pin) ?? pin),
          insecureSkipVerify: patch.tls.insecureSkipVerify ?? draft.tls.insecureSkipVerify,
        }
      : draft.tls,
    oauth: patch.oauth
      ? {
          clientId: pick(patch.oauth.clientId, draft.oauth.clientId),
          tenantId: pick(patch.oauth.tenantId, draft.oauth.tenantId),
          useLoopback: patch.oauth.useLoopback ?? draft.oauth.useLoopback,
          useBrowser: patch.oauth.useBrowser ?? draft.oauth.useBrowser,
          authority: pick(patch.oauth.authority, draft.oauth.authority),
        }
      : draft.oauth,
    inbound: patch.inbound
      ? {
          pollIntervalSeconds: patch.inbound.pollIntervalSeconds ?? draft.inbound.pollIntervalSeconds,
          maxMessagesPerRun: patch.inbound.maxMessagesPerRun ?? draft.inbound.maxMessagesPerRun,
          maxMessageBytes: patch.inbound.maxMessageBytes ?? draft.inbound.maxMessageBytes,
          firstRun: patch.inbound.firstRun ?? draft.inbound.firstRun,
          afterFetch: patch.inbound.afterFetch ?? draft.inbound.afterFetch,
          moveToFolder: pick(patch.inbound.moveToFolder, draft.inbound.moveToFolder),
          acknowledge: patch.inbound.acknowledge ?? draft.inbound.acknowledge,
          lang: pick(patch.inbound.lang, draft.inbound.lang),
        }
      : draft.inbound,
    outbound: patch.outbound
      ? {
          fromAddress: pick(patch.outbound.fromAddress, draft.outbound.fromAddress),
          fromName: pick(patch.outbound.fromName, draft.outbound.fromName),
          ratePerMinute:
            patch.outbound.ratePerMinute ??
            (preset !== draft.preset ? PRESET_DEFAULTS[preset].ratePerMinute : draft.outbound.ratePerMinute),
        }
      : draft.outbound,
  };
}

/** undefined keeps the old value, null clears it. */
function pick<T>(value: T | null | undefined, old: T | null): T | null {
  return value === undefined ? old : value;
}

/** The secret values an input carries (undefined: unchanged, null: clear). */
export function secretsOf(input: AccountPatchInput): SecretInput {
  return {
    password: input.password,
    proxyPassword: input.proxy?.type === 'none' ? null : input.proxy?.password,
    clientSecret: input.oauth?.clientSecret,
  };
}

/** Whether the account can be used, from its settings and the secrets it holds. Pure. */
export function computeState(
  draft: AccountDraft,
  presence: SecretPresence,
  previous?: { state: AccountState; detail: string | null },
): { state: AccountState; detail: string | null } {
  // An SMTP account without authentication needs no password, token or authorization.
  if (!signsIn(draft)) return { state: 'ready', detail: null };
  if (draft.auth === 'password') {
    if (settingApplies(draft, 'password') && !presence.password)
      return { state: 'password_required', detail: null };
    return { state: 'ready', detail: null };
  }
  if (presence.tokens.length === 0)
    return { state: 'authorization_required', detail: previous?.detail ?? null };
  // A revoked grant stays flagged until a new authorization stores fresh tokens.
  if (previous?.state === 'authorization_required') return previous;
  return { state: 'ready', detail: null };
}
