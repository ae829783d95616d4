import { DrobotError } from '../errors/drobot-error.js';
import { imapProbeErrors } from '../transports/imap/imap-probe.errors.js';
import { ImapProbe } from '../transports/imap/imap-probe.js';
import { IMAP_PROBE_LIMITS } from '../transports/imap/imap-probe.limits.js';
import { LineConnection } from '../transports/net/line-connection.js';
import type { Socket } from 'node:net';
import { adapterBoundMs, listThroughAdapter } from './adapter-listing.js';
import { chooseAuth, secretOf } from './auth-choice.js';
import { tlsStep, wantsStartTls, warnIfPlain, type FlowContext } from './connection.steps.js';
import { stepTexts } from './diagnostics.texts.js';
import type { ResolvedSecurity } from '../transports/types.js';

/** Greeting → CAPABILITY → STARTTLS → login → EXAMINE folder, over an open (maybe TLS) connection. */
export async function imapFlow(ctx: FlowContext, socket: Socket, security: ResolvedSecurity): Promise<void> {
  const { rec, spec, credentials } = ctx;
  const lines = new LineConnection(socket, ctx.peer, IMAP_PROBE_LIMITS.lines);
  const probe = new ImapProbe(lines, ctx.secrets);
  const greeting = await rec.run('greeting', async () => {
    const value = await probe.greeting();
    return {
      value,
      detail: stepTexts.greetingOk,
      params: { text: value.text },
      data: { preauth: value.preauth },
    };
  });
  let caps = await rec.run('capabilities', async () => {
    const value = greeting.capabilities ?? (await probe.capability());
    return {
      value,
      detail: stepTexts.capabilitiesOk,
      params: { list: value.join(' ') },
      data: { capabilities: value },
    };
  });
  const offered = caps.includes('STARTTLS');
  if (wantsStartTls(ctx, security, offered, 'STARTTLS')) {
    await rec.run('starttls', async () => {
      if (!offered) throw notOffered(ctx);
      await probe.startTls();
      return { value: undefined, detail: stepTexts.startTlsOk, params: { command: 'STARTTLS' } };
    });
    await tlsStep(ctx, lines.detach(), async (secure) => {
      lines.attach(secure);
      caps = await probe.capability();
      return { capabilities: caps };
    });
  }
  if (greeting.preauth) rec.markSkipped('auth', stepTexts.authPreauth);
  else if (credentials.kind === 'none') rec.markSkipped('auth', stepTexts.authNoCredentials);
  else {
    await rec.run('auth', async () => {
      const mechanisms = caps.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));
      const choice = chooseAuth(mechanisms, spec.sasl, credentials, true);
      warnIfPlain(ctx);
      const secret = secretOf(credentials);
      if (choice.kind === 'command') await probe.login(credentials.username, secret, caps);
      else await probe.authenticate(choice.mechanism, credentials.username, secret, caps);
      const mechanism = choice.kind === 'command' ? 'LOGIN' : `AUTHENTICATE ${choice.mechanism}`;
      return {
        value: undefined,
        detail: stepTexts.authOk,
        params: { user: credentials.username, mechanism },
        data: { mechanism },
      };
    });
  }
  const folder = spec.folder || 'INBOX';
  const extraMs = ctx.inboundSource ? adapterBoundMs(spec.endpoint.timeoutMs) : 0;
  await rec.run(
    'mailbox',
    async () => {
      const value = await probe.examine(folder);
      await probe.logout();
      await listThroughAdapter(ctx);
      return {
        value,
        detail: stepTexts.imapMailbox,
        params: { ...value, uidValidity: value.uidValidity ?? '-' },
        data: { ...value },
      };
    },
    extraMs,
  );
}

function notOffered(ctx: FlowContext) {
  return new DrobotError(imapProbeErrors.startTlsNotOffered, {
    step: 'starttls',
    params: { port: ctx.spec.endpoint.port, tlsPort: 993 },
  });
}
