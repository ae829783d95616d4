import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { format, type Text } from '../i18n/lang.js';
import { connectToProxy } from '../transports/net/connect.js';
import type { Peer } from '../transports/net/line-connection.js';
import { openProxyTunnel } from '../transports/net/proxy.js';
import { resolveHost } from '../transports/net/resolve.js';
import { connectTcp } from '../transports/net/tcp.js';
import { startTls, type TlsSession } from '../transports/net/tls.js';
import type { Credentials, ResolvedSecurity } from '../transports/types.js';
import type { ConnectionTestSpec, InboundSourceCheck, OutboundSinkCheck } from './connection-test.types.js';
import { stepTexts } from './diagnostics.texts.js';
import type { StepRecorder } from './step-recorder.js';

/** What every protocol flow shares: the settings, the recorder and what the test learned so far. */
export interface FlowContext {
  readonly spec: ConnectionTestSpec;
  readonly rec: StepRecorder;
  readonly peer: Peer;
  readonly credentials: Credentials;
  readonly secrets: readonly string[];
  readonly warnings: Text[];
  readonly clientName: string | undefined;
  /** Sockets to destroy when the test ends, whatever happened. */
  readonly sockets: Socket[];
  /** True once the connection is encrypted. */
  secure: boolean;
  /** Inbound accounts: fetching's adapter, listed in the `mailbox` step once the probe has left. */
  readonly inboundSource?: InboundSourceCheck | undefined;
  /** Outbound SMTP accounts: the outbox's sink, which sends the test message once the probe has left. */
  readonly outboundSink?: OutboundSinkCheck | undefined;
}

/** DNS, TCP and (when configured) the proxy tunnel; returns the plain connection to the server. */
export async function openConnection(ctx: FlowContext): Promise<Socket> {
  const { endpoint } = ctx.spec;
  const { proxy, timeoutMs } = endpoint;
  const dnsHost = proxy ? proxy.host : endpoint.host;
  const resolved = await ctx.rec.run('dns', async () => {
    const value = await resolveHost(dnsHost, { timeoutMs });
    const detail = proxy ? stepTexts.dnsProxy : value.literal ? stepTexts.dnsLiteral : stepTexts.dnsOk;
    return {
      value,
      detail,
      params: { host: dnsHost, addresses: value.addresses.join(', ') },
      data: { host: dnsHost, addresses: value.addresses, lookup: !value.literal },
    };
  });
  const address = resolved.addresses[0];
  const tcp = await ctx.rec.run('tcp', async () => {
    const value = proxy
      ? await connectToProxy(proxy, endpoint, address)
      : await connectTcp({ host: endpoint.host, port: endpoint.port, address, timeoutMs });
    ctx.sockets.push(value.socket);
    return {
      value,
      detail: proxy ? stepTexts.tcpProxy : stepTexts.tcpOk,
      params: { address: value.remoteAddress, port: proxy ? proxy.port : endpoint.port },
      data: { address: value.remoteAddress, port: proxy ? proxy.port : endpoint.port },
    };
  });
  if (!proxy) return tcp.socket;
  return ctx.rec.run('proxy', async () => {
    const value = await openProxyTunnel(tcp.socket, proxy, endpoint);
    return {
      value,
      detail: stepTexts.proxyOk,
      params: {
        type: proxy.type === 'socks5' ? 'SOCKS5' : 'HTTP CONNECT',
        host: endpoint.host,
        port: endpoint.port,
      },
      data: { type: proxy.type, proxyHost: proxy.host, proxyPort: proxy.port },
    };
  });
}

/**
 * The TLS handshake on a connection (implicit, or after STARTTLS/STLS), recorded as the `tls` step with
 * the certificate; `after` runs inside the step (asking for the capabilities again) and adds its data.
 */
export async function tlsStep(
  ctx: FlowContext,
  socket: Socket,
  after?: (secure: TLSSocket) => Promise<Readonly<Record<string, unknown>>>,
): Promise<TLSSocket> {
  const { endpoint } = ctx.spec;
  return ctx.rec.run('tls', async () => {
    const session = await handshake(ctx, socket);
    const extra = after ? await after(session.socket) : {};
    const { certificate } = session;
    const verdict = endpoint.tls.pinSha256
      ? ctx.rec.text(stepTexts.tlsPinned)
      : certificate.verified
        ? ctx.rec.text(stepTexts.tlsVerified)
        : ctx.rec.text(stepTexts.tlsNotVerified, { reason: certificate.verifyError ?? '-' });
    return {
      value: session.socket,
      detail: stepTexts.tlsOk,
      params: {
        ...certificate,
        altNames: certificate.altNames.join(', '),
        version: session.version,
        verdict,
      },
      data: { certificate, version: session.version, cipher: session.cipher, ...extra },
    };
  });
}

/** The handshake itself, for flows whose client runs it (POP3 STLS); warns when verification is off. */
export async function handshake(ctx: FlowContext, socket: Socket): Promise<TlsSession> {
  const { endpoint, protocol } = ctx.spec;
  const session = await startTls(socket, {
    host: endpoint.host,
    port: endpoint.port,
    trust: endpoint.tls,
    timeoutMs: endpoint.timeoutMs,
    protocol,
  });
  ctx.sockets.push(session.socket);
  ctx.secure = true;
  if (endpoint.tls.insecureSkipVerify && !endpoint.tls.pinSha256) ctx.warnings.push(stepTexts.warnInsecure);
  return session;
}

/**
 * Whether to upgrade with STARTTLS/STLS: for `starttls` (a missing offer then fails the step; `auto` was
 * resolved to it off the TLS ports). With `none`, an offer the account ignores is worth a warning.
 */
export function wantsStartTls(
  ctx: FlowContext,
  security: ResolvedSecurity,
  offered: boolean,
  command: string,
): boolean {
  if (security === 'none' && offered) {
    ctx.warnings.push({
      es: format(stepTexts.warnStartTlsOffered, 'es', { command }),
      en: format(stepTexts.warnStartTlsOffered, 'en', { command }),
    });
  }
  return security === 'starttls';
}

/** Warns when credentials are about to cross an unencrypted connection. */
export function warnIfPlain(ctx: FlowContext): void {
  if (!ctx.secure && ctx.credentials.kind !== 'none') ctx.warnings.push(stepTexts.warnPlainAuth);
}
