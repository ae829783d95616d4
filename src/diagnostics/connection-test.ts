import type { Socket } from 'node:net';
import { DrobotError } from '../errors/drobot-error.js';
import { silentLogger } from '../logging/logger.js';
import { tlsProbeWindowMs } from '../transports/net/plain-on-tls.js';
import { secretForms } from '../transports/sasl.js';
import { resolveSecurity } from '../transports/security.js';
import type { Credentials, ProxySettings, ResolvedSecurity } from '../transports/types.js';
import { openConnection, tlsStep, type FlowContext } from './connection.steps.js';
import type {
  AccessTokenOutcome,
  ConnectionTestDeps,
  ConnectionTestResult,
  ConnectionTestSpec,
} from './connection-test.types.js';
import { diagnosticsErrors } from './diagnostics.errors.js';
import { stepTexts } from './diagnostics.texts.js';
import { imapFlow } from './imap.flow.js';
import { planSteps } from './plan.js';
import { pop3Flow } from './pop3.flow.js';
import { smtpFlow } from './smtp.flow.js';
import { StepFailed, StepRecorder } from './step-recorder.js';

const flows = { pop3: pop3Flow, imap: imapFlow, smtp: smtpFlow } as const;

/**
 * "Conexión de prueba": tests an account's settings step by step (DNS, TCP, proxy, TLS, greeting,
 * capabilities, STARTTLS, authentication, mailbox or test message) and reports every step with its
 * duration, detail and, on failure, an error with a hint in the test's language. A failed test is a
 * result, not an exception; no secret ever appears in it.
 */
export async function runConnectionTest(
  spec: ConnectionTestSpec,
  deps: ConnectionTestDeps = {},
): Promise<ConnectionTestResult> {
  const clock = deps.clock ?? (() => new Date());
  const logger = (deps.logger ?? silentLogger).child({ protocol: spec.protocol, host: spec.endpoint.host });
  const lang = spec.lang ?? 'es';
  const startedAt = clock().toISOString();
  const started = performance.now();
  const { endpoint } = spec;
  const security = testedSecurity(spec);
  const oauth = spec.credentials.kind === 'oauth2' ? spec.credentials : undefined;
  const getToken = oauth ? deps.getAccessToken : undefined;
  const secrets = [...secretForms(spec.credentials), ...proxySecrets(endpoint.proxy)];
  const stepBoundMs = endpoint.timeoutMs + tlsProbeWindowMs(endpoint.timeoutMs) + 250;
  const rec = new StepRecorder(
    planSteps(spec, security, getToken !== undefined),
    lang,
    secrets,
    { timeoutMs: endpoint.timeoutMs, stepBoundMs },
    logger,
    deps.onStep,
  );
  const sockets: Socket[] = [];
  const warnings: FlowContext['warnings'] = [];
  try {
    const credentials = oauth && getToken ? await tokenStep(rec, oauth, getToken, secrets) : spec.credentials;
    const ctx: FlowContext = {
      spec,
      rec,
      peer: {
        host: endpoint.host,
        port: endpoint.port,
        timeoutMs: endpoint.timeoutMs,
        protocol: spec.protocol,
      },
      credentials,
      secrets,
      warnings,
      clientName: deps.clientName,
      sockets,
      secure: false,
      inboundSource: spec.protocol === 'smtp' ? undefined : deps.inboundSource,
      outboundSink: spec.protocol === 'smtp' ? deps.outboundSink : undefined,
    };
    const plain = await openConnection(ctx);
    const link = security === 'implicit' ? await tlsStep(ctx, plain) : plain;
    if (security === 'none') rec.markSkipped('tls', stepTexts.tlsNone);
    await flows[spec.protocol](ctx, link, security);
  } catch (error) {
    if (!(error instanceof StepFailed)) {
      logger.warn('connection test stopped by an unexpected error', { error });
      rec.fail(rec.nextStep(), error);
    }
  } finally {
    for (const socket of sockets) socket.destroy();
  }
  const failedStep = rec.failedStep;
  const result: ConnectionTestResult = {
    ok: failedStep === undefined,
    protocol: spec.protocol,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    steps: rec.steps(),
    ...(failedStep ? { failedStep } : {}),
    warnings: [...new Set(warnings.map((w) => rec.text(w)))],
  };
  logger.info('connection test finished', { ok: result.ok, failedStep, durationMs: result.durationMs });
  return result;
}

/**
 * The security a test connects with: `auto` decided by the rule fetching and sending use, so a test that
 * passes means they work too.
 */
export function testedSecurity(spec: Pick<ConnectionTestSpec, 'endpoint'>): ResolvedSecurity {
  return resolveSecurity(spec.endpoint.security, spec.endpoint.port);
}

async function tokenStep(
  rec: StepRecorder,
  credentials: Extract<Credentials, { kind: 'oauth2' }>,
  getToken: () => Promise<string | AccessTokenOutcome>,
  secrets: string[],
): Promise<Credentials> {
  return rec.run('token', async () => {
    let outcome: AccessTokenOutcome;
    try {
      const got = await getToken();
      outcome = typeof got === 'string' ? { accessToken: got, refreshed: false } : got;
    } catch (error) {
      if (error instanceof DrobotError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DrobotError(diagnosticsErrors.tokenFailed, {
        step: 'token',
        params: { reason },
        cause: error,
      });
    }
    const value: Credentials = { ...credentials, accessToken: outcome.accessToken };
    secrets.push(...secretForms(value));
    const data = {
      refreshed: outcome.refreshed,
      ...(outcome.expiresAt ? { expiresAt: outcome.expiresAt } : {}),
    };
    return { value, detail: outcome.refreshed ? stepTexts.tokenRefreshed : stepTexts.tokenOk, data };
  });
}

/** The proxy password, as typed and as it travels in a Basic header. */
function proxySecrets(proxy: ProxySettings | undefined): string[] {
  if (!proxy?.password) return [];
  const basic = Buffer.from(`${proxy.username ?? ''}:${proxy.password}`).toString('base64');
  return [proxy.password, basic];
}
