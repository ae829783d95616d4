import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { isDrobotError } from '../errors/drobot-error.js';
import { plainOnTlsError } from '../transports/net/plain-on-tls.js';
import { Pop3Client } from '../transports/pop3/pop3.client.js';
import { hasCapability, saslMechanismsOf } from '../transports/pop3/pop3.replies.js';
import { adapterBoundMs, listThroughAdapter } from './adapter-listing.js';
import { chooseAuth } from './auth-choice.js';
import { tlsStep, wantsStartTls, warnIfPlain, type FlowContext } from './connection.steps.js';
import { stepTexts } from './diagnostics.texts.js';
import { sniffImplicitTls } from './tls-sniff.js';
import type { ResolvedSecurity } from '../transports/types.js';

/** Greeting → CAPA → STLS → USER/PASS or AUTH → STAT, over an open (maybe TLS) connection. */
export async function pop3Flow(ctx: FlowContext, socket: Socket, security: ResolvedSecurity): Promise<void> {
  const { rec, spec, credentials } = ctx;
  const upgrade = deferredUpgrade();
  const client = new Pop3Client(socket, { timeoutMs: spec.endpoint.timeoutMs, upgradeToTls: upgrade.hook });
  await rec.run('greeting', async () => {
    const value = await client.greeting().catch((error: unknown) => plainOnTlsPort(ctx, error));
    return { value, detail: stepTexts.greetingOk, params: { text: value.text } };
  });
  let caps = await rec.run('capabilities', async () => {
    const value = await client.capabilities();
    return {
      value,
      detail: stepTexts.capabilitiesOk,
      params: { list: value.join(', ') },
      data: { capabilities: value },
    };
  });
  const offered = hasCapability(caps, 'STLS');
  if (wantsStartTls(ctx, security, offered, 'STLS')) {
    const stls = client.startTls();
    stls.catch(() => undefined);
    const plain = await rec.run('starttls', async () => {
      const value = await Promise.race([upgrade.accepted, stls.then(() => upgrade.accepted)]);
      return { value, detail: stepTexts.startTlsOk, params: { command: 'STLS' } };
    });
    await tlsStep(ctx, plain, async (secure) => {
      upgrade.finish(secure);
      await stls;
      caps = await client.capabilities();
      return { capabilities: caps };
    }).catch((error: unknown) => {
      upgrade.fail(error);
      throw error;
    });
  }
  if (credentials.kind === 'none') rec.markSkipped('auth', stepTexts.authNoCredentials);
  else {
    await rec.run('auth', async () => {
      const offered = saslMechanismsOf(caps);
      const userPass = offered.length === 0 || hasCapability(caps, 'USER');
      const choice = chooseAuth(offered, spec.sasl, credentials, userPass);
      warnIfPlain(ctx);
      const { host, port } = spec.endpoint;
      if (choice.kind === 'sasl') await client.authenticate(choice.mechanism, credentials, { host, port });
      else if (credentials.kind === 'password')
        await client.login(credentials.username, credentials.password);
      const mechanism = choice.kind === 'sasl' ? `AUTH ${choice.mechanism}` : 'USER/PASS';
      return {
        value: undefined,
        detail: stepTexts.authOk,
        params: { user: credentials.username, mechanism },
        data: { mechanism },
      };
    });
  }
  const extraMs = ctx.inboundSource ? adapterBoundMs(spec.endpoint.timeoutMs) : 0;
  await rec.run(
    'mailbox',
    async () => {
      const value = await client.stat();
      // Many servers lock the maildrop for one session: the probe leaves before the adapter logs in.
      await client.quit().catch(() => undefined);
      await listThroughAdapter(ctx);
      return { value, detail: stepTexts.pop3Mailbox, params: { ...value }, data: { ...value } };
    },
    extraMs,
  );
}

/**
 * When no greeting came, tries a TLS handshake on a second connection: if the port answers TLS, the
 * real problem is a plain connection to a TLS port, and the error says so.
 */
async function plainOnTlsPort(ctx: FlowContext, error: unknown): Promise<never> {
  if (!isDrobotError(error) || error.code !== 'pop3_timeout') throw error;
  const { endpoint } = ctx.spec;
  if (await sniffImplicitTls(endpoint))
    throw plainOnTlsError({ port: endpoint.port, protocol: 'pop3' }, 'greeting');
  throw error;
}

/** Lets the POP3 client's STLS wait while the handshake runs as its own recorded step. */
function deferredUpgrade() {
  let accept!: (socket: Socket) => void;
  let finish!: (socket: TLSSocket) => void;
  let fail!: (error: unknown) => void;
  const accepted = new Promise<Socket>((resolve) => (accept = resolve));
  const done = new Promise<TLSSocket>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  done.catch(() => undefined);
  return {
    accepted,
    finish,
    fail,
    hook: (socket: Socket) => {
      accept(socket);
      return done;
    },
  };
}
