import { DrobotError } from '../errors/drobot-error.js';
import type { Lang } from '../i18n/lang.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { createGmailSink, probeGmailProfile } from '../transports/gmail/index.js';
import { graphSendModeOf } from '../notifications/outbound-accounts.js';
import { createGraphSink, probeGraphFolder } from '../transports/graph/index.js';
import type { GraphSinkOptions } from '../transports/graph/graph.sink.js';
import type { ApiAdapterOptions, ApiConnection } from '../transports/http/api-adapter.js';
import type { AccessTokenProvider } from '../transports/ports.js';
import type { ProxySettings, TlsTrust } from '../transports/types.js';
import type { AccessTokenOutcome, ConnectionTestResult, StepName } from './connection-test.types.js';
import { diagnosticsErrors } from './diagnostics.errors.js';
import { stepTexts } from './diagnostics.texts.js';
import { testMessage } from './smtp.flow.js';
import { StepFailed, StepRecorder } from './step-recorder.js';

/** What to test of a Microsoft Graph or Gmail API account. */
export interface ApiTestSpec {
  readonly kind: 'graph' | 'gmail';
  readonly direction: 'inbound' | 'outbound';
  readonly apiUrl: string;
  /** The mailbox's address (app-only Graph reads `/users/{address}`). */
  readonly username: string;
  /** Graph folder or Gmail label; the inbox by default. */
  readonly folder: string;
  readonly timeoutMs: number;
  readonly tls: TlsTrust;
  readonly proxy?: ProxySettings | undefined;
  /** Outbound: send a real test message to this address. */
  readonly sendTestTo?: string | undefined;
  readonly from?: string | undefined;
  readonly lang?: Lang | undefined;
}

export interface ApiTestDeps {
  /** A fresh access token with its scopes and flow: the `token` step. */
  readonly getAccessToken: (renew: boolean) => Promise<AccessTokenOutcome>;
  readonly clock?: () => Date;
  readonly logger?: Logger;
  readonly adapter?: ApiAdapterOptions;
}

/** Scopes that let a token read the mailbox; a sending account's token often has none of them. */
const READS = /(Mail\.ReadWrite|Mail\.Read|gmail\.modify|gmail\.readonly|mail\.google\.com\/|\/\.default)$/;

/**
 * "Conexión de prueba" of a Graph or Gmail API account: the token (and its scopes), for app-only Graph
 * whether the tenant's application access policy admits the mailbox, one call proving the mailbox is
 * reachable (Graph: the folder; Gmail: users.getProfile), and for a sending account optionally a real test
 * message. Failures carry the provider's words and a hint; no token ever appears in the result.
 */
export async function runApiConnectionTest(
  spec: ApiTestSpec,
  deps: ApiTestDeps,
): Promise<ConnectionTestResult> {
  const clock = deps.clock ?? (() => new Date());
  const logger = (deps.logger ?? silentLogger).child({ protocol: spec.kind, host: hostOf(spec.apiUrl) });
  const lang = spec.lang ?? 'es';
  const startedAt = clock().toISOString();
  const started = performance.now();
  const secrets: string[] = [];
  const plan: StepName[] = ['token', 'mailbox'];
  if (spec.direction === 'outbound') plan.push('send');
  const rec = new StepRecorder(
    plan,
    lang,
    secrets,
    { timeoutMs: spec.timeoutMs, stepBoundMs: spec.timeoutMs * 6 },
    logger,
  );
  let latest: AccessTokenOutcome | undefined;
  const tokens: AccessTokenProvider = async (renew) => {
    latest = renew || !latest ? await deps.getAccessToken(renew) : latest;
    secrets.push(latest.accessToken);
    return latest.accessToken;
  };
  try {
    const token = await rec.run('token', async () => {
      const value = await obtain(deps, secrets);
      latest = value;
      const scopes = (value.scopes ?? []).join(' ') || '-';
      return {
        value,
        detail: value.refreshed ? stepTexts.tokenScopesRefreshed : stepTexts.tokenScopes,
        params: { scopes, flow: value.flow ?? 'delegated' },
        data: {
          refreshed: value.refreshed,
          flow: value.flow ?? 'delegated',
          scopes: value.scopes ?? [],
          ...(value.expiresAt ? { expiresAt: value.expiresAt } : {}),
        },
      };
    });
    const appOnly = spec.kind === 'graph' && token.flow === 'app';
    const connection: ApiConnection = {
      kind: spec.kind,
      apiUrl: spec.apiUrl,
      mailbox: appOnly ? spec.username : 'me',
      timeoutMs: spec.timeoutMs,
      tls: spec.tls,
      proxy: spec.proxy,
    };
    if (appOnly) {
      rec.replan([
        'token',
        'policy',
        'mailbox',
        ...(spec.direction === 'outbound' ? (['send'] as const) : []),
      ]);
      await rec.run('policy', async () => {
        await probeGraphFolder(connection, 'inbox', tokens, deps.adapter);
        return { value: undefined, detail: stepTexts.policyOk, params: { mailbox: spec.username } };
      });
    }
    const scopes = token.scopes ?? [];
    if (spec.direction === 'outbound' && scopes.length > 0 && !scopes.some((s) => READS.test(s))) {
      const scope = scopes.find((s) => /send/i.test(s)) ?? scopes.join(' ');
      rec.markSkipped('mailbox', stepTexts.mailboxSendOnly, { scope });
    } else {
      await mailboxStep(rec, spec, connection, tokens, deps.adapter);
    }
    if (spec.direction === 'outbound') {
      // Sent the way the outbox will send: through a draft when the grant allows it.
      const mode = graphSendModeOf({ flow: token.flow ?? 'delegated', scopes });
      await sendStep(rec, spec, connection, tokens, { ...deps.adapter, mode }, lang);
    }
  } catch (error) {
    if (!(error instanceof StepFailed)) {
      logger.warn('connection test stopped by an unexpected error', { error });
      rec.fail(rec.nextStep(), error);
    }
  }
  const failedStep = rec.failedStep;
  const result: ConnectionTestResult = {
    ok: failedStep === undefined,
    protocol: spec.kind,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    steps: rec.steps(),
    ...(failedStep ? { failedStep } : {}),
    warnings: spec.tls.insecureSkipVerify && !spec.tls.pinSha256 ? [rec.text(stepTexts.warnInsecure)] : [],
  };
  logger.info('connection test finished', { ok: result.ok, failedStep, durationMs: result.durationMs });
  return result;
}

async function obtain(deps: ApiTestDeps, secrets: string[]): Promise<AccessTokenOutcome> {
  try {
    const value = await deps.getAccessToken(false);
    secrets.push(value.accessToken);
    return value;
  } catch (error) {
    if (error instanceof DrobotError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DrobotError(diagnosticsErrors.tokenFailed, { step: 'token', params: { reason }, cause: error });
  }
}

async function mailboxStep(
  rec: StepRecorder,
  spec: ApiTestSpec,
  connection: ApiConnection,
  tokens: AccessTokenProvider,
  adapter: ApiAdapterOptions | undefined,
): Promise<void> {
  await rec.run('mailbox', async () => {
    if (spec.kind === 'graph') {
      const facts = await probeGraphFolder(connection, spec.folder, tokens, adapter);
      return {
        value: undefined,
        detail: stepTexts.graphMailbox,
        params: {
          folder: facts.displayName,
          mailbox: connection.mailbox === 'me' ? spec.username : connection.mailbox,
          total: facts.totalItemCount,
          unread: facts.unreadItemCount,
        },
        data: { ...facts },
      };
    }
    const facts = await probeGmailProfile(connection, tokens, adapter);
    return {
      value: undefined,
      detail: stepTexts.gmailMailbox,
      params: { address: facts.emailAddress, total: facts.messagesTotal, historyId: facts.historyId },
      data: { ...facts },
    };
  });
}

async function sendStep(
  rec: StepRecorder,
  spec: ApiTestSpec,
  connection: ApiConnection,
  tokens: AccessTokenProvider,
  adapter: GraphSinkOptions,
  lang: Lang,
): Promise<void> {
  const to = spec.sendTestTo;
  if (!to) {
    rec.markSkipped('send', stepTexts.sendSkipped);
    return;
  }
  const from = spec.from ?? spec.username;
  await rec.run('send', async () => {
    const text = testMessage(from, to, lang);
    const messageId = /^Message-ID: (.+)$/m.exec(text)?.[1]?.trim() ?? '';
    const sink =
      spec.kind === 'graph'
        ? createGraphSink(connection, tokens, adapter)
        : createGmailSink(connection, tokens, adapter);
    try {
      const sent = await sink.send({
        raw: Buffer.from(text, 'utf8'),
        messageId,
        envelope: { from, to: [to] },
      });
      return {
        value: undefined,
        detail: stepTexts.apiSendOk,
        params: { to, messageId: sent.messageId },
        data: { from, to, messageId: sent.messageId },
      };
    } finally {
      await sink.close();
    }
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
