import { ImapFlow } from 'imapflow';
import { DrobotError } from '../../errors/drobot-error.js';
import { proxyUrl } from '../../transports/net/proxy-url.js';
import { resolveSecurity } from '../../transports/security.js';
import { tlsOptions } from '../../transports/smtp/smtp.options.js';
import type { Credentials, Endpoint } from '../../transports/types.js';
import { probeErrors } from './probe.errors.js';
import { ROUND_TRIP_HEADER, type MailboxProbe } from './round-trip.js';

/** Looks for the round trip mail in an IMAP folder by its tag header, and deletes only that mail. */
export async function openImapProbe(
  endpoint: Endpoint,
  credentials: Credentials,
  folder = 'INBOX',
): Promise<MailboxProbe> {
  if (credentials.kind === 'none')
    throw new DrobotError(probeErrors.noLogin, { params: { protocol: 'IMAP' } });
  const security = resolveSecurity(endpoint.security, endpoint.port);
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: security === 'implicit',
    doSTARTTLS: security === 'starttls' ? true : security === 'none' ? false : undefined,
    auth:
      credentials.kind === 'password'
        ? { user: credentials.username, pass: credentials.password }
        : { user: credentials.username, accessToken: credentials.accessToken },
    tls: tlsOptions(endpoint),
    logger: false,
    connectionTimeout: endpoint.timeoutMs,
    greetingTimeout: endpoint.timeoutMs,
    socketTimeout: Math.max(endpoint.timeoutMs, 30_000),
    ...(endpoint.proxy ? { proxy: proxyUrl(endpoint.proxy) } : {}),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as { message?: string; responseText?: string; authenticationFailed?: boolean };
    throw new DrobotError(e.authenticationFailed ? probeErrors.loginFailed : probeErrors.connectFailed, {
      params: {
        protocol: 'IMAP',
        host: endpoint.host,
        port: endpoint.port,
        detail: e.responseText ?? e.message ?? '',
      },
      serverReply: e.responseText,
      cause: error,
      step: e.authenticationFailed ? 'auth' : 'connect',
    });
  }
  return {
    async findAndDelete(tag) {
      const lock = await client.getMailboxLock(folder);
      try {
        const found = await client.search({ header: { [ROUND_TRIP_HEADER]: tag } }, { uid: true });
        if (!found || found.length === 0) return false;
        await client.messageDelete(found, { uid: true });
        return true;
      } finally {
        lock.release();
      }
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
  };
}
