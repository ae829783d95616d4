import type { FieldIssue } from '../errors/drobot-error.js';
import { fieldIssue } from '../errors/validation.js';
import type { Text } from '../i18n/lang.js';
import type { Security } from '../transports/types.js';
import type { AccountDraft } from './account.draft.js';
import { settingApplies } from './account.kind.js';
import type { SecretPresence } from './account.model.js';
import type { AccountPatchInput } from './account.schema.js';
import { effectivePort } from './presets.js';

/**
 * Which stored secrets a connection test with unsaved changes may use. A stored secret only ever goes
 * where, and as safely as, the saved settings send it: changes that alter its destination (server,
 * port, user, proxy, token endpoint) or weaken its protection (security, TLS trust) must carry the
 * secret themselves. Otherwise whoever may test an account could read its write-only password off the
 * wire of a server of their choosing. Pure.
 */
export function storedSecretIssues(
  saved: AccountDraft,
  presence: SecretPresence,
  patch: AccountPatchInput,
  draft: AccountDraft,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const server = mailServerChanges(saved, draft);
  const oauth = oauthChanges(saved, draft);
  if (
    settingApplies(draft, 'password') &&
    presence.password &&
    patch.password === undefined &&
    server.length > 0
  ) {
    issues.push(secretRequired('password', server));
  }
  const proxy = proxyChanges(saved, draft);
  if (
    draft.proxy.type !== 'none' &&
    presence.proxyPassword &&
    patch.proxy?.password === undefined &&
    proxy.length > 0
  ) {
    issues.push(secretRequired('proxy.password', proxy));
  }
  if (draft.auth !== 'oauth2') return issues;
  if (presence.clientSecret && patch.oauth?.clientSecret === undefined && oauth.length > 0) {
    issues.push(secretRequired('oauth.clientSecret', oauth));
  }
  const tokenChanges = [...(saved.auth === 'oauth2' ? [] : ['auth']), ...server, ...oauth];
  if (presence.tokens.length > 0 && tokenChanges.length > 0) {
    issues.push(
      fieldIssue('oauth.tokens', 'authorization_not_reusable', texts.tokensNotReusable, {
        changes: tokenChanges.join(', '),
      }),
    );
  }
  return issues;
}

/** Changes that send a mail-server credential (password, access token) elsewhere or less safely. */
export function mailServerChanges(saved: AccountDraft, draft: AccountDraft): string[] {
  const changes: string[] = [];
  if (saved.protocol !== draft.protocol) changes.push('protocol');
  if (!sameName(saved.host, draft.host)) changes.push('host');
  if (
    effectivePort(saved.protocol, saved.security, saved.port) !==
    effectivePort(draft.protocol, draft.security, draft.port)
  ) {
    changes.push('port');
  }
  if (saved.username !== draft.username) changes.push('username');
  if (SECURITY_STRENGTH[draft.security] < SECURITY_STRENGTH[saved.security]) changes.push('security');
  if (draft.tls.insecureSkipVerify && !saved.tls.insecureSkipVerify) changes.push('tls.insecureSkipVerify');
  if ((draft.tls.caPem ?? null) !== (saved.tls.caPem ?? null)) changes.push('tls.caPem');
  // Adding a pin only narrows trust; removing or replacing one widens it.
  if (saved.tls.pinSha256 !== null && draft.tls.pinSha256 !== saved.tls.pinSha256) {
    changes.push('tls.pinSha256');
  }
  if (proxyRoute(saved) !== proxyRoute(draft)) changes.push('proxy');
  return changes;
}

/** Changes that send the proxy password to another proxy or as another user. */
export function proxyChanges(saved: AccountDraft, draft: AccountDraft): string[] {
  const changes: string[] = [];
  if (proxyRoute(saved) !== proxyRoute(draft)) changes.push('proxy');
  if (saved.proxy.username !== draft.proxy.username) changes.push('proxy.username');
  return changes;
}

/** Changes that send the client secret (and the refresh token) to another token endpoint or app. */
export function oauthChanges(saved: AccountDraft, draft: AccountDraft): string[] {
  const changes: string[] = [];
  if (saved.preset !== draft.preset) changes.push('preset');
  if (!sameName(saved.oauth.authority, draft.oauth.authority)) changes.push('oauth.authority');
  if (saved.oauth.tenantId?.trim() !== draft.oauth.tenantId?.trim()) changes.push('oauth.tenantId');
  if (saved.oauth.clientId?.trim() !== draft.oauth.clientId?.trim()) changes.push('oauth.clientId');
  return changes;
}

/** `auto` may carry on without TLS when the server offers none; `none` never has it. */
const SECURITY_STRENGTH: Readonly<Record<Security, number>> = { none: 0, auto: 1, starttls: 2, implicit: 2 };

function proxyRoute(draft: AccountDraft): string {
  const { type, host, port } = draft.proxy;
  return type === 'none' ? 'none' : `${type}://${(host ?? '').trim().toLowerCase()}:${port ?? ''}`;
}

function sameName(a: string | null, b: string | null): boolean {
  return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
}

function secretRequired(field: string, changes: readonly string[]): FieldIssue {
  return fieldIssue(field, 'secret_required', texts.secretRequired, { changes: changes.join(', ') });
}

const texts = {
  secretRequired: {
    es: 'Para probar con cambios en {changes}, escriba de nuevo «{field}»: el valor guardado sólo se envía a la configuración guardada.',
    en: 'To test with changes to {changes}, enter "{field}" again: the saved value is only sent to the saved settings.',
  },
  tokensNotReusable: {
    es: 'La autorización OAuth guardada sólo se usa con la configuración guardada; con cambios en {changes}, guarde la cuenta y autorícela de nuevo (drobot oauth authorize), o pruebe sin esos cambios.',
    en: 'The saved OAuth authorization is only used with the saved settings; with changes to {changes}, save the account and authorize it again (drobot oauth authorize), or test without those changes.',
  },
} satisfies Record<string, Text>;
