import { DrobotError } from '../../errors/drobot-error.js';
import type { LineConnection } from '../net/line-connection.js';
import { serverWords } from '../net/server-words.js';
import { oauthbearer, oauthErrorAcknowledgement, saslLogin, saslPlain, xoauth2 } from '../sasl.js';
import type { SaslMechanism } from '../sasl.js';
import { imapProbeErrors } from './imap-probe.errors.js';
import { IMAP_PROBE_LIMITS } from './imap-probe.limits.js';
import { capabilitiesInCode, imapString, parseCapabilities } from './imap-probe.string.js';
import { arg, ImapWire, type ImapReply, type Part } from './imap-probe.wire.js';

export type { ImapReply } from './imap-probe.wire.js';

export interface ImapGreeting {
  readonly text: string;
  readonly preauth: boolean;
  readonly capabilities: readonly string[] | undefined;
}

/** What EXAMINE and SEARCH UNSEEN tell about a folder. */
export interface ImapMailboxInfo {
  readonly folder: string;
  readonly exists: number;
  readonly recent: number;
  readonly unseen: number;
  readonly uidValidity: number | undefined;
}

/**
 * A minimal IMAP4rev1 client for the connection test, over a {@link LineConnection}: greeting,
 * CAPABILITY, STARTTLS, LOGIN, AUTHENTICATE, EXAMINE, LOGOUT. Every server reply it reports is scrubbed
 * of the given secrets (and of every credential it sent, in the form it sent it), made visible and
 * bounded; failures are DrobotErrors with the probe step. The connection should carry
 * `IMAP_PROBE_LIMITS.lines`.
 */
export class ImapProbe {
  private readonly wire: ImapWire;
  private readonly secrets: string[];

  constructor(
    private readonly lines: LineConnection,
    secrets: readonly string[] = [],
  ) {
    this.wire = new ImapWire(lines);
    this.secrets = [...secrets];
  }

  /** A value about to be sent that must never be shown, even if the server echoes it back. */
  private conceal(value: string): void {
    if (value.length > 0) this.secrets.push(value);
  }

  private run(parts: Part[], onChallenge?: (challenge: string) => string): Promise<ImapReply> {
    return this.wire.run(parts, onChallenge);
  }

  private scrub(text: string): string {
    return serverWords(text, this.secrets);
  }

  /** Capabilities, refusing a list no real server announces. */
  private bounded(capabilities: string[]): string[] {
    const { maxCapabilities: max, maxCapabilityBytes: maxBytes } = IMAP_PROBE_LIMITS;
    const bytes = capabilities.reduce((sum, c) => sum + c.length + 1, 0);
    // Control characters in a word are shown, never kept (the list appears in the test's report).
    if (capabilities.length <= max && bytes <= maxBytes) return capabilities.map((c) => serverWords(c));
    this.lines.close();
    const step = this.lines.step;
    throw new DrobotError(imapProbeErrors.tooManyCapabilities, { step, params: { step, max, maxBytes } });
  }

  private params(extra: Record<string, string | number> = {}) {
    return { host: this.lines.peer.host, port: this.lines.peer.port, tlsPort: 993, ...extra };
  }

  /** Reads the greeting: `* OK`, `* PREAUTH` or `* BYE`. */
  async greeting(): Promise<ImapGreeting> {
    this.lines.step = 'greeting';
    const line = await this.lines.readGreeting();
    const match = /^\* (OK|PREAUTH|BYE)\b ?(.*)$/i.exec(line);
    const reply = this.scrub(line);
    if (!match)
      throw new DrobotError(imapProbeErrors.notImap, {
        step: 'greeting',
        params: this.params({ reply }),
        serverReply: reply,
      });
    const status = (match[1] ?? '').toUpperCase();
    const text = match[2] ?? '';
    if (status === 'BYE') {
      throw new DrobotError(imapProbeErrors.greetingRejected, {
        step: 'greeting',
        params: { reply },
        serverReply: reply,
        retryable: true,
      });
    }
    const capabilities = capabilitiesInCode(text);
    return {
      text: this.scrub(text),
      preauth: status === 'PREAUTH',
      capabilities: capabilities && this.bounded(capabilities),
    };
  }

  /** Sends CAPABILITY and returns the capabilities, upper-case. */
  async capability(): Promise<string[]> {
    this.lines.step = 'capabilities';
    const reply = await this.expectOk(['CAPABILITY'], 'CAPABILITY');
    const line = reply.untagged.find((l) => /^\* CAPABILITY /i.test(l));
    return this.bounded(
      line ? parseCapabilities(line.slice('* CAPABILITY '.length)) : (capabilitiesInCode(reply.text) ?? []),
    );
  }

  /** Sends STARTTLS; after the OK the caller runs the handshake on `lines.detach()`. */
  async startTls(): Promise<void> {
    this.lines.step = 'starttls';
    const reply = await this.run(['STARTTLS']);
    if (reply.status !== 'OK') {
      const text = this.scrub(reply.text);
      throw new DrobotError(imapProbeErrors.startTlsRefused, {
        step: 'starttls',
        params: this.params({ reply: text }),
        serverReply: text,
      });
    }
  }

  /** LOGIN with quoted strings (or literals when a value needs them). */
  async login(user: string, password: string, capabilities: readonly string[]): Promise<void> {
    this.lines.step = 'auth';
    if (capabilities.includes('LOGINDISABLED')) {
      throw new DrobotError(imapProbeErrors.loginDisabled, { step: 'auth', params: this.params() });
    }
    const encoded = imapString(password);
    this.conceal(password);
    if (encoded.kind === 'quoted') this.conceal(encoded.text.slice(1, -1));
    const reply = await this.run(['LOGIN ', ...arg(user), ' ', ...arg(password)]);
    this.checkAuth(reply, user, 'LOGIN');
  }

  /** AUTHENTICATE with a SASL mechanism, answering each challenge and a failed OAuth login's error continuation. */
  async authenticate(
    mechanism: SaslMechanism,
    user: string,
    secret: string,
    capabilities: readonly string[],
  ): Promise<void> {
    this.lines.step = 'auth';
    const { host, port } = this.lines.peer;
    const answers: string[] =
      mechanism === 'PLAIN'
        ? [saslPlain(user, secret)]
        : mechanism === 'LOGIN'
          ? [...saslLogin(user, secret)]
          : mechanism === 'XOAUTH2'
            ? [xoauth2(user, secret)]
            : [oauthbearer(user, secret, host, port)];
    for (const answer of answers) this.conceal(answer);
    const saslIr = capabilities.includes('SASL-IR') && mechanism !== 'LOGIN';
    const first = saslIr ? ` ${answers.shift() ?? ''}` : '';
    let errorChallenge: string | undefined;
    const reply = await this.run([`AUTHENTICATE ${mechanism}${first}`], (challenge) => {
      const next = answers.shift();
      if (next !== undefined) return next;
      // Every answer was given, so this challenge is an OAuth error report: acknowledge it.
      errorChallenge = Buffer.from(challenge, 'base64').toString('utf8');
      return mechanism === 'XOAUTH2' || mechanism === 'OAUTHBEARER'
        ? oauthErrorAcknowledgement(mechanism)
        : '*';
    });
    this.checkAuth(reply, user, mechanism, errorChallenge);
  }

  /**
   * EXAMINE (read-only, so the test changes nothing) for the counts, and the unseen count from STATUS
   * (asked before the folder is selected, as RFC 3501 wants): one short line whatever the size of the
   * mailbox. Only a server that refuses STATUS is asked SEARCH UNSEEN, which names every message.
   */
  async examine(folder: string): Promise<ImapMailboxInfo> {
    this.lines.step = 'mailbox';
    const status = await this.run(['STATUS ', ...arg(folder), ' (UNSEEN)']);
    const counted = status.status === 'OK' ? unseenOf(status.untagged) : undefined;
    const reply = await this.run(['EXAMINE ', ...arg(folder)]);
    if (reply.status !== 'OK') {
      const text = this.scrub(reply.text);
      throw new DrobotError(imapProbeErrors.mailboxUnavailable, {
        step: 'mailbox',
        params: { folder, reply: text },
        serverReply: text,
      });
    }
    const number = (re: RegExp) => {
      const found = reply.untagged.map((l) => re.exec(l)?.[1]).find((v) => v !== undefined);
      return found === undefined ? undefined : Number(found);
    };
    return {
      folder,
      exists: number(/^\* (\d+) EXISTS/i) ?? 0,
      recent: number(/^\* (\d+) RECENT/i) ?? 0,
      unseen: counted ?? (await this.searchUnseen()),
      uidValidity: number(/\[UIDVALIDITY (\d+)\]/i),
    };
  }

  private async searchUnseen(): Promise<number> {
    const search = await this.expectOk(['SEARCH UNSEEN'], 'SEARCH');
    const hits = search.untagged.find((l) => /^\* SEARCH\b/i.test(l));
    // Counted, not split: the line may name thousands of messages.
    return hits ? countNumbers(hits.slice('* SEARCH'.length)) : 0;
  }

  /** LOGOUT, best effort: the test is over either way. */
  async logout(): Promise<void> {
    try {
      await this.run(['LOGOUT']);
    } catch {
      // The server may hang up right after its BYE.
    }
  }

  private checkAuth(reply: ImapReply, user: string, mechanism: string, challenge?: string): void {
    if (reply.status === 'OK') return;
    const text = this.scrub([reply.text, challenge].filter(Boolean).join(' '));
    const def = reply.status === 'NO' ? imapProbeErrors.authFailed : imapProbeErrors.commandFailed;
    throw new DrobotError(def, {
      step: 'auth',
      params: { user, mechanism, command: mechanism, reply: text },
      serverReply: text,
    });
  }

  private async expectOk(parts: Part[], command: string): Promise<ImapReply> {
    const reply = await this.run(parts);
    if (reply.status === 'OK') return reply;
    const text = this.scrub(reply.text);
    throw new DrobotError(imapProbeErrors.commandFailed, {
      step: this.lines.step,
      params: { command, reply: text },
      serverReply: text,
    });
  }
}

/** The UNSEEN count of a `* STATUS folder (UNSEEN n)` line. */
function unseenOf(untagged: readonly string[]): number | undefined {
  for (const line of untagged) {
    if (!/^\* STATUS /i.test(line)) continue;
    const count = /\(([^()]*\s)?UNSEEN (\d{1,10})\b[^()]*\)\s*$/i.exec(line)?.[2];
    if (count !== undefined) return Number(count);
  }
  return undefined;
}

/** How many numbers a SEARCH result names. */
function countNumbers(text: string): number {
  let count = 0;
  let inNumber = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code >= 0x30 && code <= 0x39;
    if (digit && !inNumber) count += 1;
    inNumber = digit;
  }
  return count;
}
