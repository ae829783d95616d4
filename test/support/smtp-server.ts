import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { TestPki } from './pki.js';

/**
 * An in-process SMTP server for the test suite, on 127.0.0.1: one listener for plain text and STARTTLS,
 * one for implicit TLS, both with the test PKI's server certificate. It records every accepted mail and
 * can be scripted to answer any command with any reply (4xx/5xx tests).
 *
 * smtp-server waits 100 ms before its greeting (an early-talker check that cannot be turned off), so a
 * client that opens one connection per mail is slow against it: tests that send many mails should pool.
 */
export interface SmtpServerOptions {
  readonly pki: TestPki;
  /** Users for AUTH PLAIN/LOGIN: username → password. */
  readonly users?: Record<string, string>;
  /** Accept mail without AUTH (default: true when no users and no xoauth2 are given). */
  readonly authOptional?: boolean;
  /** Accepts or refuses an XOAUTH2 login; when absent XOAUTH2 is not offered. */
  readonly xoauth2?: (user: string, token: string) => boolean;
  /** Allow AUTH before TLS (default true, so plain-text setups can be tested). */
  readonly allowInsecureAuth?: boolean;
  /** Do not offer STARTTLS. */
  readonly hideStartTls?: boolean;
  /** Do not offer PIPELINING. */
  readonly hidePipelining?: boolean;
  /** Do not offer SMTPUTF8 (RFC 6531): a server that takes ASCII addresses only. */
  readonly hideSmtpUtf8?: boolean;
  /** Largest message accepted, in bytes (advertised with SIZE and enforced); default 10 MiB. */
  readonly sizeLimit?: number;
  readonly script?: SmtpScript;
}

/** The reply a scripted hook wants instead of the normal one; undefined lets the command go through. */
export type ScriptedReply = { readonly code: number; readonly message: string } | undefined;

export interface ScriptContext {
  /** How many times this hook has run since start or the last reset(), this call included (1-based). */
  readonly call: number;
  readonly from: string | undefined;
  readonly to: readonly string[];
  /** The address of this RCPT TO (onRcptTo only). */
  readonly address?: string;
  /** The whole message (onData only). */
  readonly raw?: Buffer;
  /** Lowercased header names → unfolded value of the last occurrence (onData only). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly user: string | undefined;
}

export interface SmtpScript {
  readonly onMailFrom?: (ctx: ScriptContext) => ScriptedReply;
  readonly onRcptTo?: (ctx: ScriptContext) => ScriptedReply;
  readonly onData?: (ctx: ScriptContext) => ScriptedReply;
}

export interface ReceivedMail {
  readonly envelope: { readonly from: string | undefined; readonly to: readonly string[] };
  readonly raw: Buffer;
  /** Lowercased header names → unfolded value of the last occurrence. */
  readonly headers: Readonly<Record<string, string>>;
  readonly subject: string | undefined;
  readonly messageId: string | undefined;
  /** Who logged in (undefined without AUTH). */
  readonly user: string | undefined;
  readonly authMethod: string | undefined;
  /** Whether the session was on TLS (implicit or after STARTTLS). */
  readonly secure: boolean;
}

export interface TestSmtpServer {
  readonly host: '127.0.0.1';
  /** Plain text with STARTTLS. */
  readonly port: number;
  /** Implicit TLS. */
  readonly tlsPort: number;
  readonly messages: ReceivedMail[];
  /**
   * Every command line clients sent, as sent (the server itself reports addresses with their domains in
   * U-labels); credentials are masked by smtp-server.
   */
  readonly commands: string[];
  /** Every login attempt, successful or not (never the secret). */
  readonly logins: Array<{ method: string; user: string; ok: boolean }>;
  /** How many connections were opened (both listeners). */
  readonly connectionCount: () => number;
  /**
   * The most sessions that were open at once, and the most that were inside a mail transaction (MAIL FROM
   * given, DATA not yet answered) at once, since start or the last reset().
   */
  readonly peaks: () => { readonly sessions: number; readonly transactions: number };
  /** Sessions open now. */
  readonly openSessions: () => number;
  /** Resolves when at least n mails were accepted; rejects after timeoutMs. */
  waitForMessages(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Forgets the mails, logins and hook counters; the script stays unless a new one is given. */
  reset(script?: SmtpScript): void;
  stop(): Promise<void>;
}

/** Parses the header block of a raw mail: names lowercased, folded lines joined. */
export function parseHeaderBlock(raw: Buffer): Record<string, string> {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function replyError(reply: { code: number; message: string }): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

interface SessionUser {
  name: string;
  method: string;
}

function userOf(session: SMTPServerSession): SessionUser | undefined {
  return session.user as SessionUser | undefined;
}

/** Starts the server on two free loopback ports. */
export async function startSmtpServer(options: SmtpServerOptions): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const commands: string[] = [];
  const logins: Array<{ method: string; user: string; ok: boolean }> = [];
  let script = options.script ?? {};
  let calls = { mail: 0, rcpt: 0, data: 0 };
  let connections = 0;
  // Session ids open now, and those inside a mail transaction now.
  const open = new Set<string>();
  const inTransaction = new Set<string>();
  let peaks = { sessions: 0, transactions: 0 };
  const notePeaks = () => {
    peaks = {
      sessions: Math.max(peaks.sessions, open.size),
      transactions: Math.max(peaks.transactions, inTransaction.size),
    };
  };
  const waiters = new Set<() => void>();
  const hasAuth = options.users !== undefined || options.xoauth2 !== undefined;
  const sizeLimit = options.sizeLimit ?? 10 * 1024 * 1024;

  const context = (session: SMTPServerSession, call: number): ScriptContext => ({
    call,
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
    to: session.envelope.rcptTo.map((r) => r.address),
    user: userOf(session)?.name,
  });

  const base: SMTPServerOptions = {
    // Its only log lines kept are the commands it received.
    logger: {
      // Every level comes here (smtp-server falls back to the levels a logger has).
      debug(entry: { tnx?: unknown } | undefined, message: unknown, line: unknown) {
        if (entry?.tnx === 'command' && message === 'C:') commands.push(String(line));
      },
    },
    disableReverseLookup: true,
    closeTimeout: 200,
    socketTimeout: 30_000,
    size: sizeLimit,
    rejectOversized: true,
    key: options.pki.server.keyPem,
    cert: options.pki.server.certPem,
    authOptional: options.authOptional ?? !hasAuth,
    allowInsecureAuth: options.allowInsecureAuth ?? true,
    hideSTARTTLS: options.hideStartTls ?? false,
    hidePIPELINING: options.hidePipelining ?? false,
    hideSMTPUTF8: options.hideSmtpUtf8 ?? false,
    authMethods: options.xoauth2 ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
    disabledCommands: hasAuth ? [] : ['AUTH'],
    maxAllowedUnauthenticatedCommands: false,
    onConnect(session, callback) {
      connections += 1;
      open.add(session.id);
      notePeaks();
      callback();
    },
    onClose(session) {
      open.delete(session.id);
      inTransaction.delete(session.id);
    },
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      let ok = false;
      if (auth.method === 'XOAUTH2') {
        ok = options.xoauth2 !== undefined && options.xoauth2(user, auth.accessToken ?? '');
      } else {
        const expected = options.users?.[user];
        ok = expected !== undefined && auth.password === expected;
      }
      logins.push({ method: auth.method, user, ok });
      if (!ok) {
        if (auth.method === 'XOAUTH2') {
          callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.example/' } });
          return;
        }
        callback(replyError({ code: 535, message: '5.7.8 Authentication credentials invalid' }));
        return;
      }
      callback(null, { user: { name: user, method: auth.method } satisfies SessionUser });
    },
    onMailFrom(address, session, callback) {
      calls.mail += 1;
      const reply = script.onMailFrom?.({ ...context(session, calls.mail), from: address.address });
      if (!reply) {
        inTransaction.add(session.id);
        notePeaks();
      }
      callback(reply ? replyError(reply) : null);
    },
    onRcptTo(address, session, callback) {
      calls.rcpt += 1;
      const reply = script.onRcptTo?.({ ...context(session, calls.rcpt), address: address.address });
      callback(reply ? replyError(reply) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        inTransaction.delete(session.id);
        if (stream.sizeExceeded) {
          callback(replyError({ code: 552, message: '5.3.4 Message exceeds fixed maximum message size' }));
          return;
        }
        calls.data += 1;
        const raw = Buffer.concat(chunks);
        const headers = parseHeaderBlock(raw);
        const reply = script.onData?.({ ...context(session, calls.data), raw, headers });
        if (reply) {
          callback(replyError(reply));
          return;
        }
        const user = userOf(session);
        messages.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          headers,
          subject: headers.subject,
          messageId: headers['message-id'],
          user: user?.name,
          authMethod: user?.method,
          secure: session.secure,
        });
        for (const wake of [...waiters]) wake();
        callback(null, 'Ok: queued');
      });
    },
  };

  const plain = new SMTPServer({ ...base, secure: false });
  const implicit = new SMTPServer({ ...base, secure: true });
  const listen = (server: SMTPServer) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
    });
  // Errors from single connections (a client that hangs up) must not crash the test process.
  plain.on('error', () => undefined);
  implicit.on('error', () => undefined);
  const port = await listen(plain);
  const tlsPort = await listen(implicit);

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    messages,
    commands,
    logins,
    connectionCount: () => connections,
    peaks: () => peaks,
    openSessions: () => open.size,
    waitForMessages(n, timeoutMs = 10_000) {
      if (messages.length >= n) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (messages.length < n) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`expected ${n} mails within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    reset(next) {
      messages.length = 0;
      commands.length = 0;
      logins.length = 0;
      calls = { mail: 0, rcpt: 0, data: 0 };
      peaks = { sessions: open.size, transactions: inTransaction.size };
      if (next) script = next;
    },
    async stop() {
      await Promise.all([
        new Promise<void>((resolve) => plain.close(() => resolve())),
        new Promise<void>((resolve) => implicit.close(() => resolve())),
      ]);
    },
  };
}
