import type { ApiTestSpec, ConnectionTestSpec } from '../diagnostics/index.js';
import type { Lang } from '../i18n/lang.js';
import type { Credentials } from '../transports/types.js';
import type { AccountDraft } from './account.draft.js';
import { senderAddressOf } from './account.kind.js';
import { connectionPlanOf, endpointOf, isProtocolPlan, type ProtocolPlan } from './connection-plan.js';

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

function credentialsOf(plan: ProtocolPlan, secrets: TestSecrets): Credentials {
  const { auth } = plan;
  if (auth.kind === 'none') return { kind: 'none' };
  // The OAuth token is fetched (and refreshed) by the test's own "token" step.
  if (auth.kind === 'oauth2') return { kind: 'oauth2', username: auth.username, accessToken: '' };
  return { kind: 'password', username: auth.username, password: secrets.password ?? '' };
}

/**
 * What the connection test needs from an account's settings: the account's connection plan (the same
 * fetching and sending use, so `auto` is decided by the same rule) with the secrets given. Pure.
 */
export function connectionTestSpecOf(
  draft: AccountDraft,
  secrets: TestSecrets,
  options: TestOptions,
): ConnectionTestSpec {
  const plan = connectionPlanOf({ ...draft, connection: 'protocol' });
  if (!isProtocolPlan(plan)) throw new Error('the connection test speaks mail protocols only');
  return {
    protocol: draft.protocol,
    endpoint: endpointOf(plan, secrets.proxyPassword),
    sasl: draft.sasl,
    credentials: credentialsOf(plan, secrets),
    smtpAuth: draft.smtpAuth,
    folder: draft.folder,
    sendTestTo: options.sendTestTo,
    from: senderAddressOf(draft) || undefined,
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
    from: senderAddressOf(draft) || undefined,
    lang: options.lang,
  };
}
