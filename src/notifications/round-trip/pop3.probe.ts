import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { openPop3Client } from '../../transports/pop3/pop3.connector.js';
import { scrubSecrets, secretForms } from '../../transports/sasl.js';
import { resolveSecurity } from '../../transports/security.js';
import type { Credentials, Endpoint, SaslMethod } from '../../transports/types.js';
import { probeErrors } from './probe.errors.js';
import { ROUND_TRIP_HEADER, type MailboxProbe } from './round-trip.js';

/** Newest mails looked at per check: the test mail is among the latest ones. */
const SCAN_NEWEST = 50;

/** Steps of the opened session, where a failure is the server answering a command unexpectedly. */
const MAILBOX_STEPS = new Set(['mailbox', 'retrieve']);

/** Whether a mail's header block (unfolded) carries the round trip tag. */
function hasTag(headers: string, tag: string): boolean {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${ROUND_TRIP_HEADER}:\\s*${escaped}\\s*$`, 'im').test(unfolded);
}

/**
 * Checks a POP3 mailbox; every check is a new session, since a session only sees the mails of its start.
 * The session is opened exactly like fetching opens it (proxy, TLS trust, SASL choice, XOAUTH2).
 */
export function openPop3Probe(
  endpoint: Endpoint,
  credentials: Credentials,
  sasl: SaslMethod = 'auto',
): Promise<MailboxProbe> {
  if (credentials.kind === 'none')
    return Promise.reject(new DrobotError(probeErrors.noLogin, { params: { protocol: 'POP3' } }));
  const security = resolveSecurity(endpoint.security, endpoint.port);
  const target = { ...endpoint, security, credentials, sasl };
  const secrets = secretForms(credentials);
  const wrap = (error: unknown, command: string): DrobotError => {
    const inner = isDrobotError(error) ? error : undefined;
    const step = inner?.step ?? 'connect';
    const def =
      step === 'auth'
        ? probeErrors.loginFailed
        : MAILBOX_STEPS.has(step)
          ? probeErrors.protocol
          : probeErrors.connectFailed;
    const message = error instanceof Error ? error.message : String(error);
    const reply = inner?.serverReply;
    const detail = scrubSecrets(reply ? `${message} ${reply}` : message, secrets);
    return new DrobotError(def, {
      params: { protocol: 'POP3', host: endpoint.host, port: endpoint.port, detail, command },
      serverReply: reply === undefined ? undefined : scrubSecrets(reply, secrets),
      step,
      retryable: inner?.retryable ?? false,
      cause: error,
    });
  };
  return Promise.resolve({
    async findAndDelete(tag) {
      let command = '';
      const client = await openPop3Client(target).catch((error: unknown) => {
        throw wrap(error, command);
      });
      try {
        command = 'STAT';
        const { count } = await client.stat();
        let found = false;
        for (let n = count; n >= 1 && n > count - SCAN_NEWEST && !found; n -= 1) {
          command = 'TOP';
          // Only the headers are asked for: a server that sends more is cut at 256 KiB.
          const top = await client.top(n, 0, { maxBytes: 256 * 1024 });
          const headers = Buffer.concat(await top.toArray()).toString('latin1');
          if (hasTag(headers, tag)) {
            command = 'DELE';
            await client.dele(n);
            found = true;
          }
        }
        // The deletion takes effect only at QUIT.
        command = 'QUIT';
        await client.quit();
        return found;
      } catch (error) {
        throw wrap(error, command);
      } finally {
        client.close();
      }
    },
    close: () => Promise.resolve(),
  });
}
