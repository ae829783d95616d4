import type { Socket } from 'node:net';
import { DrobotError } from '../../errors/drobot-error.js';
import type { LineConnection } from '../net/line-connection.js';
import { serverWords } from '../net/server-words.js';
import { decodeChallenge, oauthErrorAcknowledgement, saslLogin, saslPlain, xoauth2 } from '../sasl.js';
import type { SaslMechanism } from '../sasl.js';
import { smtpProbeErrors } from './smtp-probe.errors.js';
import { replyCodeOf } from './smtp.reply-code.js';

/** One SMTP reply, multi-line replies joined. */
export interface SmtpReply {
  readonly code: number;
  readonly lines: readonly string[];
  /** All lines with their codes, one per line (scrubbed, made visible, bounded). */
  readonly text: string;
}

/** What EHLO told about the server. */
export interface SmtpCapabilities {
  readonly keywords: readonly string[];
  readonly authMechanisms: readonly string[];
  readonly startTls: boolean;
  readonly size: number | undefined;
}

/** A small test message for the optional send step. */
export interface SmtpTestMessage {
  readonly from: string;
  readonly to: string;
  readonly data: string;
}

/**
 * The SMTP dialogue of the connection test, and the handshake and reply reading of the sending client
 * (`SmtpSession`), over a {@link LineConnection}: greeting, EHLO, STARTTLS,
 * AUTH PLAIN/LOGIN/XOAUTH2, MAIL/RCPT/DATA of a test message, QUIT. Replies it reports are scrubbed of
 * the given secrets (and of every credential it sent), made visible and bounded; failures are
 * DrobotErrors with the probe step. The connection should carry `SMTP_PROBE_LIMITS.lines`: it bounds a
 * multi-line reply that never ends.
 */
export class SmtpProbe {
  private readonly secrets: string[];

  constructor(
    private readonly lines: LineConnection,
    secrets: readonly string[] = [],
  ) {
    this.secrets = [...secrets];
  }

  private words(text: string): string {
    return serverWords(text, this.secrets, { lineBreaks: true });
  }

  /** Reads one reply, following `NNN-` continuation lines to the final `NNN `. */
  async reply(readFirst = () => this.lines.readLine()): Promise<SmtpReply> {
    const raw: string[] = [];
    for (;;) {
      const line = raw.length === 0 ? await readFirst() : await this.lines.readLine();
      raw.push(line);
      const code = replyCodeOf(line);
      if (code === undefined) {
        const reply = this.words(line);
        throw new DrobotError(smtpProbeErrors.notSmtp, {
          step: this.lines.step,
          params: { port: this.lines.peer.port, reply },
          serverReply: reply,
        });
      }
      if (line.charCodeAt(3) !== 0x2d /* - */) {
        // Each line scrubbed and made visible on its own; the line breaks between them are ours.
        const shown = raw.map((l) => serverWords(l, this.secrets, { max: l.length + 1 }));
        const text = this.words(shown.join('\n'));
        return { code, lines: raw.map((l) => this.words(l.slice(4))), text };
      }
    }
  }

  private async command(line: string): Promise<SmtpReply> {
    this.lines.writeLine(line);
    return this.reply();
  }

  private fail(
    def: (typeof smtpProbeErrors)[keyof typeof smtpProbeErrors],
    reply: SmtpReply,
    params: Record<string, string | number> = {},
  ): DrobotError {
    return new DrobotError(def, {
      step: this.lines.step,
      params: { reply: reply.text, port: this.lines.peer.port, ...params },
      serverReply: reply.text,
      retryable: reply.code >= 400 && reply.code < 500,
    });
  }

  /** Reads the greeting; anything but 220 is a refusal. */
  async greeting(): Promise<SmtpReply> {
    this.lines.step = 'greeting';
    // No greeting at all may mean a TLS port: the connection checks and says so.
    const reply = await this.reply(() => this.lines.readGreeting());
    if (reply.code !== 220) throw this.fail(smtpProbeErrors.greetingRejected, reply);
    return reply;
  }

  /** EHLO (HELO when the server knows no ESMTP) and the capabilities it announced. */
  async ehlo(clientName: string): Promise<SmtpCapabilities> {
    this.lines.step = 'capabilities';
    let reply = await this.command(`EHLO ${clientName}`);
    if (reply.code >= 500) reply = await this.command(`HELO ${clientName}`);
    if (reply.code !== 250) throw this.fail(smtpProbeErrors.commandFailed, reply, { command: 'EHLO' });
    const keywords = reply.lines.slice(1).map((l) => l.trim());
    const auth = keywords.find((k) => /^AUTH[ =]/i.test(k));
    const size = keywords.find((k) => /^SIZE\b/i.test(k));
    return {
      keywords,
      authMechanisms: auth ? auth.slice(5).trim().toUpperCase().split(/\s+/).filter(Boolean) : [],
      startTls: keywords.some((k) => k.toUpperCase() === 'STARTTLS'),
      size: size && /\d+/.test(size) ? Number(/\d+/.exec(size)?.[0]) : undefined,
    };
  }

  /** STARTTLS; after the 220 the caller runs the handshake on `lines.detach()` and says EHLO again. */
  async startTls(): Promise<void> {
    this.lines.step = 'starttls';
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) throw this.fail(smtpProbeErrors.startTlsRefused, reply);
  }

  /** AUTH with a SASL mechanism; a failed OAuth login's error challenge is answered before its final reply. */
  async authenticate(mechanism: SaslMechanism, user: string, secret: string): Promise<void> {
    this.lines.step = 'auth';
    const params = { user, mechanism, command: `AUTH ${mechanism}` };
    let reply: SmtpReply;
    if (mechanism === 'LOGIN') {
      const [u, p] = saslLogin(user, secret);
      this.secrets.push(p);
      reply = await this.command('AUTH LOGIN');
      if (reply.code === 334) reply = await this.command(u);
      if (reply.code === 334) reply = await this.command(p);
    } else {
      const initial = mechanism === 'PLAIN' ? saslPlain(user, secret) : xoauth2(user, secret);
      this.secrets.push(initial);
      reply = await this.command(`AUTH ${mechanism} ${initial}`);
      if (reply.code === 334 && mechanism === 'XOAUTH2') {
        const detail = decodeChallenge(reply.lines[0] ?? '');
        const final = await this.command(oauthErrorAcknowledgement('XOAUTH2'));
        reply = { ...final, text: this.words(`${final.text} ${serverWords(detail, this.secrets)}`) };
      }
    }
    if (reply.code === 235) return;
    throw this.fail(
      reply.code >= 500 || reply.code === 334 ? smtpProbeErrors.authFailed : smtpProbeErrors.commandFailed,
      reply,
      params,
    );
  }

  /** Sends a test message: MAIL FROM, RCPT TO, DATA with dot-stuffing. */
  async send(message: SmtpTestMessage): Promise<{ queuedAs: string }> {
    this.lines.step = 'send';
    const steps: Array<[string, number]> = [
      [`MAIL FROM:<${message.from}>`, 250],
      [`RCPT TO:<${message.to}>`, 250],
      ['DATA', 354],
    ];
    for (const [line, expected] of steps) {
      const reply = await this.command(line);
      const ok = reply.code === expected || (expected === 250 && reply.code === 251);
      if (!ok) throw this.fail(smtpProbeErrors.sendRejected, reply, { command: line.split(':')[0] ?? line });
    }
    const body = message.data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const reply = await this.command(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.`);
    if (reply.code !== 250) throw this.fail(smtpProbeErrors.sendRejected, reply, { command: 'DATA' });
    return { queuedAs: reply.lines.at(-1) ?? '' };
  }

  /** QUIT, best effort. */
  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } catch {
      // The server may hang up without its 221.
    }
  }
}

/** `[address]` of the local end, what a client without a proper host name says in EHLO. */
export function addressLiteral(socket: Socket): string {
  const address = socket.localAddress ?? '127.0.0.1';
  return address.includes(':') ? `[IPv6:${address}]` : `[${address}]`;
}
