import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { DrobotError } from '../errors/drobot-error.js';
import { format, type Lang } from '../i18n/lang.js';
import { LineConnection } from '../transports/net/line-connection.js';
import { smtpProbeErrors } from '../transports/smtp/smtp-probe.errors.js';
import { addressLiteral, SmtpProbe, type SmtpCapabilities } from '../transports/smtp/smtp-probe.js';
import { SMTP_PROBE_LIMITS } from '../transports/smtp/smtp-probe.limits.js';
import { adapterBoundMs } from './adapter-listing.js';
import { chooseAuth, secretOf } from './auth-choice.js';
import { tlsStep, wantsStartTls, warnIfPlain, type FlowContext } from './connection.steps.js';
import { stepTexts } from './diagnostics.texts.js';
import { replyText, sendThroughSink } from './sink-send.js';
import type { ResolvedSecurity } from '../transports/types.js';

/**
 * Greeting → EHLO → STARTTLS → AUTH → (optionally) a real test message, over an open connection; with the
 * outbox's sink, the probe QUITs after AUTH and the message goes through the sink.
 */
export async function smtpFlow(ctx: FlowContext, socket: Socket, security: ResolvedSecurity): Promise<void> {
  const { rec, spec, credentials } = ctx;
  const lines = new LineConnection(socket, ctx.peer, SMTP_PROBE_LIMITS.lines);
  const probe = new SmtpProbe(lines, ctx.secrets);
  const clientName = ctx.clientName ?? addressLiteral(socket);
  await rec.run('greeting', async () => {
    const value = await probe.greeting();
    return { value, detail: stepTexts.greetingOk, params: { text: value.lines.join(' ') } };
  });
  const ehlo = async (): Promise<SmtpCapabilities> => probe.ehlo(clientName);
  let caps = await rec.run('capabilities', async () => {
    const value = await ehlo();
    return {
      value,
      detail: stepTexts.capabilitiesOk,
      params: { list: value.keywords.join(', ') },
      data: { ...value },
    };
  });
  const offered = caps.startTls;
  if (wantsStartTls(ctx, security, offered, 'STARTTLS')) {
    await rec.run('starttls', async () => {
      if (!caps.startTls) {
        throw new DrobotError(smtpProbeErrors.startTlsNotOffered, {
          step: 'starttls',
          params: { port: spec.endpoint.port },
        });
      }
      await probe.startTls();
      return { value: undefined, detail: stepTexts.startTlsOk, params: { command: 'STARTTLS' } };
    });
    await tlsStep(ctx, lines.detach(), async (secure) => {
      lines.attach(secure);
      caps = await ehlo();
      return { capabilities: { ...caps } };
    });
  }
  if (!spec.smtpAuth) rec.markSkipped('auth', stepTexts.authNotRequired);
  else if (credentials.kind === 'none') rec.markSkipped('auth', stepTexts.authNoCredentials);
  else {
    await rec.run('auth', async () => {
      const choice = chooseAuth(caps.authMechanisms, spec.sasl, credentials, false);
      const mechanism = choice.kind === 'sasl' ? choice.mechanism : 'LOGIN';
      warnIfPlain(ctx);
      await probe.authenticate(mechanism, credentials.username, secretOf(credentials));
      return {
        value: undefined,
        detail: stepTexts.authOk,
        params: { user: credentials.username, mechanism },
        data: { mechanism },
      };
    });
  }
  const to = spec.sendTestTo;
  const from =
    spec.from ?? (credentials.kind === 'none' ? `drobot@${spec.endpoint.host}` : credentials.username);
  const sink = ctx.outboundSink;
  if (to && !sink) {
    await rec.run('send', async () => {
      const value = await probe.send({ from, to, data: testMessage(from, to, spec.lang ?? 'es') });
      return { value, detail: stepTexts.sendOk, params: { to, reply: value.queuedAs }, data: { from, to } };
    });
  }
  // With the outbox's sink the probe has proved its steps: it leaves before the sink opens its own connection.
  await probe.quit();
  if (!to) rec.markSkipped('send', stepTexts.sendSkipped);
  else if (sink) {
    const lang = spec.lang ?? 'es';
    await rec.run(
      'send',
      async () => {
        const value = await sendThroughSink(sink, credentials, { from, to, lang });
        return {
          value,
          detail: stepTexts.sendOk,
          params: { to, reply: replyText(value.response) },
          data: { from, to },
        };
      },
      adapterBoundMs(spec.endpoint.timeoutMs),
    );
  }
}

/** A small plain-text test message in the test's language. */
export function testMessage(from: string, to: string, lang: Lang): string {
  const subject = `=?UTF-8?B?${Buffer.from(format(stepTexts.testSubject, lang)).toString('base64')}?=`;
  const domain = from.includes('@') ? from.slice(from.lastIndexOf('@') + 1) : 'drobot.invalid';
  return [
    `From: <${from}>`,
    `To: <${to}>`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    'Auto-Submitted: auto-generated',
    '',
    format(stepTexts.testBody, lang),
    '',
  ].join('\r\n');
}
