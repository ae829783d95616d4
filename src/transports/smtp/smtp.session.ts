import os from 'node:os';
import { DrobotError } from '../../errors/drobot-error.js';
import type { Socket } from 'node:net';
import { connectEndpoint } from '../net/connect.js';
import { LineConnection } from '../net/line-connection.js';
import { startTls } from '../net/tls.js';
import { chooseSaslMechanism, type SaslMechanism } from '../sasl.js';
import { resolveSecurity } from '../security.js';
import type { Credentials, ResolvedSecurity, SaslMethod } from '../types.js';
import { dataBytes, extensionsOf, type SmtpExtensions } from './smtp.envelope.js';
import { SmtpCommandError } from './smtp.error-map.js';
import { smtpProbeErrors } from './smtp-probe.errors.js';
import { addressLiteral, SmtpProbe, type SmtpReply } from './smtp-probe.js';
import { SMTP_PROBE_LIMITS } from './smtp-probe.limits.js';
import type { SmtpSenderSettings } from './smtp.options.js';

/** The security a session uses: the account's, `auto` resolved by the port. */
export function smtpSecurityOf(settings: Pick<SmtpSenderSettings, 'endpoint'>): ResolvedSecurity {
  return resolveSecurity(settings.endpoint.security, settings.endpoint.port);
}

/**
 * Reply times of a transaction, floors over the account's timeout (which bounds connecting, the greeting,
 * EHLO and AUTH): a server may check a sender or a recipient for a while, and the end of a mail's data
 * longer (content checks; RFC 5321 §4.5.3.2 suggests minutes). A reply given up too early would have the
 * mail sent again though the server took it; these stay under the outbox's lease (5 minutes), past which
 * another worker could send it too.
 */
export const SMTP_REPLY_FLOORS = Object.freeze({ commandMs: 30_000, endOfDataMs: 120_000 });

/** What a transaction's envelope replies said. */
export type EnvelopeOutcome =
  | { readonly ok: true; readonly refused: readonly SmtpCommandError[] }
  | { readonly ok: false; readonly failure: SmtpCommandError; readonly mailAccepted: boolean };

/**
 * One logged-in SMTP connection for sending: connect (through the proxy), TLS (implicit or STARTTLS, with
 * the account's trust), EHLO, AUTH, then transactions. The handshake and the reading of replies are the
 * connection test's ({@link SmtpProbe}): one way to speak to a server, bounded in time and size against a
 * hostile one. With PIPELINING (RFC 2920) a transaction's envelope goes in one write, and a message's data,
 * its end and the next message's envelope in another: one round trip per message.
 */
export class SmtpSession {
  /** Messages whose data this connection has carried. */
  private carried = 0;

  private readonly commandMs: number;
  private readonly endOfDataMs: number;

  private constructor(
    private readonly lines: LineConnection,
    private readonly probe: SmtpProbe,
    readonly extensions: SmtpExtensions,
  ) {
    this.commandMs = Math.max(lines.peer.timeoutMs, SMTP_REPLY_FLOORS.commandMs);
    this.endOfDataMs = Math.max(lines.peer.timeoutMs, SMTP_REPLY_FLOORS.endOfDataMs);
  }

  /** Opens a connection and logs in; throws the step's failure (a DrobotError or an SmtpCommandError). */
  static async open(settings: SmtpSenderSettings, secrets: readonly string[]): Promise<SmtpSession> {
    const { endpoint } = settings;
    const security = smtpSecurityOf(settings);
    const tlsOptions = {
      host: endpoint.host,
      port: endpoint.port,
      trust: endpoint.tls,
      timeoutMs: endpoint.timeoutMs,
      protocol: 'smtp' as const,
    };
    let socket: Socket = await connectEndpoint(endpoint);
    try {
      if (security === 'implicit') socket = (await startTls(socket, tlsOptions)).socket;
    } catch (error) {
      socket.destroy();
      throw error;
    }
    const peer = {
      host: endpoint.host,
      port: endpoint.port,
      timeoutMs: endpoint.timeoutMs,
      protocol: 'smtp' as const,
    };
    const lines = new LineConnection(socket, peer, SMTP_PROBE_LIMITS.lines);
    const probe = new SmtpProbe(lines, secrets);
    try {
      await probe.greeting();
      const name = settings.clientName ?? clientNameFor(socket);
      let capabilities = await probe.ehlo(name);
      if (security === 'starttls') {
        if (!capabilities.startTls) {
          throw new DrobotError(smtpProbeErrors.startTlsNotOffered, {
            step: 'tls',
            params: { port: endpoint.port },
            retryable: true,
          });
        }
        await probe.startTls();
        lines.attach((await startTls(lines.detach(), tlsOptions)).socket);
        capabilities = await probe.ehlo(name);
      }
      // As every SMTP client: a server that offers no AUTH (a relay that trusts the address) is not asked.
      const { credentials } = settings;
      if (credentials.kind !== 'none' && capabilities.authMechanisms.length > 0) {
        const mechanism = mechanismFor(capabilities.authMechanisms, settings.sasl ?? 'auto', credentials);
        const secret = credentials.kind === 'password' ? credentials.password : credentials.accessToken;
        await probe.authenticate(mechanism, credentials.username, secret);
      }
      lines.step = 'mail';
      return new SmtpSession(lines, probe, extensionsOf(capabilities.keywords, capabilities.size));
    } catch (error) {
      lines.close();
      throw error;
    }
  }

  /** Writes a whole envelope group at once (PIPELINING only). */
  private writeEnvelope(commands: readonly string[]): void {
    this.lines.writeAll([`${commands.join('\r\n')}\r\n`], this.commandMs);
  }

  /**
   * Reads the replies to an envelope (`MAIL FROM`, `RCPT TO`…, `DATA`); without PIPELINING, sends each
   * command and waits for its reply first. `written`: the group went out already (pipelined).
   */
  async envelope(commands: readonly string[], written: boolean): Promise<EnvelopeOutcome> {
    const pipelined = this.extensions.pipelining;
    if (pipelined && !written) this.writeEnvelope(commands);
    const ask = async (command: string): Promise<SmtpReply> => {
      this.lines.step = command.startsWith('MAIL') ? 'mail' : command.startsWith('RCPT') ? 'rcpt' : 'data';
      if (!pipelined) this.lines.writeLine(command, this.commandMs);
      return this.probe.reply();
    };
    const [mailCommand = '', ...rest] = commands;
    const rcpts = rest.slice(0, -1);
    const mail = await ask(mailCommand);
    const mailAccepted = mail.code === 250;
    if (!mailAccepted && !pipelined) return { ok: false, failure: refusal('MAIL FROM', mail), mailAccepted };
    const refused: SmtpCommandError[] = [];
    for (const rcpt of rcpts) {
      const reply = await ask(rcpt);
      if (reply.code !== 250 && reply.code !== 251) refused.push(refusal('RCPT TO', reply));
    }
    const accepted = rcpts.length - refused.length;
    if (!pipelined && (accepted === 0 || !mailAccepted)) {
      return { ok: false, failure: refused[0] ?? refusal('MAIL FROM', mail), mailAccepted };
    }
    const data = await ask('DATA');
    if (data.code === 354 && mailAccepted && accepted > 0) return { ok: true, refused };
    if (data.code === 354) {
      // A server that opened DATA with nothing to deliver: end it empty, send nothing.
      this.lines.writeAll(['.\r\n'], this.endOfDataMs);
      await this.probe.reply();
    }
    const failure = !mailAccepted ? refusal('MAIL FROM', mail) : (refused[0] ?? refusal('DATA', data));
    return { ok: false, failure, mailAccepted };
  }

  /**
   * Sends a message's data and its end, followed in the same write by the next message's envelope when
   * there is one, and reads the reply to the data.
   */
  async data(raw: Buffer, next: readonly string[] | undefined): Promise<SmtpReply> {
    this.lines.step = 'data';
    const pieces: Array<Buffer | string> = dataBytes(raw);
    if (next) pieces.push(`${next.join('\r\n')}\r\n`);
    this.lines.writeAll(pieces, this.endOfDataMs);
    this.carried += 1;
    return this.probe.reply();
  }

  /** Messages whose data this connection has carried. */
  get delivered(): number {
    return this.carried;
  }

  /** Ends a transaction that did not reach its data; false when the server would not. */
  async reset(): Promise<boolean> {
    this.lines.step = 'rset';
    this.lines.writeLine('RSET', this.commandMs);
    return (await this.probe.reply()).code === 250;
  }

  /** QUIT, waiting at most `waitMs` for the reply, then closes. */
  async quit(waitMs = 1000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.probe.quit(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    this.lines.close();
  }

  close(): void {
    this.lines.close();
  }
}

/** A refused command as the error map reads it. */
function refusal(command: string, reply: SmtpReply): SmtpCommandError {
  return new SmtpCommandError(command, 'EENVELOPE', reply.text, {
    response: reply.text,
    responseCode: reply.code,
  });
}

/**
 * The SASL mechanism: the account's choice, or the strongest offered for its credentials (an OAuth token
 * goes as XOAUTH2, what Microsoft's and Google's servers take).
 */
function mechanismFor(
  offered: readonly string[],
  configured: SaslMethod,
  credentials: Credentials,
): SaslMechanism {
  const wanted = configured === 'auto' && credentials.kind === 'oauth2' ? 'xoauth2' : configured;
  const choice = chooseSaslMechanism(offered, wanted, credentials);
  if (choice.ok) return choice.mechanism;
  throw new SmtpCommandError(
    'AUTH',
    'EAUTH',
    `no login method in common (the server offers ${offered.join(', ')})`,
  );
}

/** The name given in EHLO: the machine's, when it is a domain name; its address literal otherwise. */
function clientNameFor(socket: Socket): string {
  const host = os.hostname();
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host) ? host : addressLiteral(socket);
}
