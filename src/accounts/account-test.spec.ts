import type { ApiTestSpec, ConnectionTestSpec } from '../diagnostics/index.js';
import type { Lang } from '../i18n/lang.js';
import type { Credentials, ProxySettings } from '../transports/types.js';
import type { AccountDraft } from './account.draft.js';
import { connectionPlanOf } from './connection-plan.js';
import { effectivePort } from './presets.js';

/** The secrets a connection test needs, read from the store or given with a draft. */
export interface TestSecrets {
  readonly password?: string | undefined;
  readonly proxyPassword?: string | undefined;
}

export interface TestOptions {
  readonly lang: Lang;
  /** SMTP: send a real test message to this address. */
  readonly sendTestTo?: string | undefined;
}

function proxyOf(draft: AccountDraft, secrets: TestSecrets): ProxySettings | undefined {
  const { proxy } = draft;
  if (proxy.type === 'none' || !proxy.host || proxy.port === null) return undefined;
  return {
    type: proxy.type,
    host: proxy.host,
    port: proxy.port,
    username: proxy.username ?? undefined,
    password: secrets.proxyPassword,
  };
}

function credentialsOf(draft: AccountDraft, secrets: TestSecrets): Credentials {
  if (draft.protocol === 'smtp' && !draft.smtpAuth) return { kind: 'none' };
  // The OAuth token is fetched (and refreshed) by the test's own "token" step.
  if (draft.auth === 'oauth2') return { kind: 'oauth2', username: draft.username, accessToken: '' };
  return { kind: 'password', username: draft.username, password: secrets.password ?? '' };
}

/** What the connection test needs from an account's settings: a pure translation. */
export function connectionTestSpecOf(
  draft: AccountDraft,
  secrets: TestSecrets,
  options: TestOptions,
): ConnectionTestSpec {
  return {
    protocol: draft.protocol,
    endpoint: {
      host: draft.host,
      port: effectivePort(draft.protocol, draft.security, draft.port),
      security: draft.security,
      timeoutMs: draft.timeoutMs,
      tls: {
        caPem: draft.tls.caPem ?? undefined,
        pinSha256: draft.tls.pinSha256 ?? undefined,
        insecureSkipVerify: draft.tls.insecureSkipVerify,
      },
      proxy: proxyOf(draft, secrets),
    },
    sasl: draft.sasl,
    credentials: credentialsOf(draft, secrets),
    smtpAuth: draft.smtpAuth,
    folder: draft.folder,
    sendTestTo: options.sendTestTo,
    from: draft.outbound.fromAddress ?? (draft.username || undefined),
    lang: options.lang,
  };
}

/**
 * What the connection test of a Graph or Gmail API account needs: the account's connection plan (the
 * same one fetching and sending use) with the proxy password and the test's options. Pure.
 */
export function apiTestSpecOf(draft: AccountDraft, secrets: TestSecrets, options: TestOptions): ApiTestSpec {
  const plan = connectionPlanOf(draft);
  if (plan.transport !== 'graph' && plan.transport !== 'gmail') {
    throw new Error(`not an API account: ${draft.connection}`);
  }
  return {
    kind: plan.transport,
    direction: draft.direction,
    apiUrl: plan.apiUrl,
    username: draft.username,
    folder: draft.folder,
    timeoutMs: plan.timeoutMs,
    tls: plan.tls,
    proxy: plan.proxy ? { ...plan.proxy, password: secrets.proxyPassword } : undefined,
    sendTestTo: options.sendTestTo,
    from: draft.outbound.fromAddress ?? (draft.username || undefined),
    lang: options.lang,
  };
}
