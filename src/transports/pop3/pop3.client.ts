/**
 * A POP3 client over a connection the caller opened (TCP, TLS, or through a proxy): RFC 1939 commands,
 * CAPA (RFC 2449), STLS (RFC 2595), AUTH (RFC 5034). Messages stay raw bytes end to end and are streamed.
 */
import type net from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type tls from 'node:tls';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { chooseSaslMechanism, type SaslMechanism } from '../sasl.js';
import type { Credentials, SaslMethod } from '../types.js';
import { authenticateSasl, loginUserPass, type Pop3Wire } from './pop3.auth.js';
import type { Pop3Body } from './pop3.body.js';
import { Pop3Connection, type Pop3Step } from './pop3.connection.js';
import { isPop3OversizeError, pop3Error, pop3Errors } from './pop3.errors.js';
import { pop3Limits, type Pop3Limits } from './pop3.limits.js';
import {
  greetingTimestamp,
  hasCapability,
  parseListLine,
  parseStat,
  parseStatus,
  parseUidlLine,
  printable,
  saslMechanismsOf,
  type Pop3ListEntry,
  type Pop3Stat,
  type Pop3Status,
  type Pop3UidlEntry,
} from './pop3.replies.js';

export type { Pop3Step } from './pop3.connection.js';

export interface Pop3ClientOptions {
  /** Bounds every wait for a reply (and the TLS upgrade), in milliseconds. */
  readonly timeoutMs: number;
  /** Turns the plain socket into TLS after STLS was accepted (the caller verifies the certificate). */
  readonly upgradeToTls?: (socket: net.Socket) => Promise<tls.TLSSocket>;
  /** Stricter (or, in tests, smaller) bounds than {@link POP3_LIMITS}. */
  readonly limits?: Partial<Pop3Limits>;
}

/** Options of RETR and TOP. */
export interface Pop3RetrieveOptions {
  /**
   * The most message bytes to accept, counted on the bytes received (the LIST size may lie). Past it
   * the connection is dropped (POP3 cannot cancel a RETR) and a `Pop3OversizeError` is raised.
   * Default: `POP3_LIMITS.maxMessageBytes`.
   */
  readonly maxBytes?: number;
}

export interface Pop3Greeting {
  /** The greeting's text, as it may be shown: visible and bounded. */
  readonly text: string;
  /** The APOP timestamp, when the server sent one. */
  readonly timestamp?: string | undefined;
}

export interface Pop3LoginOptions {
  readonly method: SaslMethod;
  /** Host and port as configured: OAUTHBEARER sends them. */
  readonly host: string;
  readonly port: number;
}

/** What a login used: a SASL mechanism, or USER/PASS. */
export type Pop3LoginMechanism = SaslMechanism | 'USER';

export class Pop3Client {
  private readonly conn: Pop3Connection;
  private greetingRead: Promise<Pop3Greeting> | undefined;
  private caps: string[] | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** What a pipelined command waits for before it is written: the last command written in its turn. */
  private writeGate: Promise<void> = Promise.resolve();
  private pipelining = false;

  constructor(
    socket: net.Socket | tls.TLSSocket,
    private readonly options: Pop3ClientOptions,
  ) {
    this.conn = new Pop3Connection(socket, options.timeoutMs, pop3Limits(options.limits));
  }

  /** The bounds this client holds the server to. */
  get limits(): Pop3Limits {
    return this.conn.limits;
  }

  /** True once the connection was closed or failed (a timeout, a cut, an oversize message). */
  get closed(): boolean {
    return this.conn.isBroken;
  }

  /** True once the connection is TLS (implicit, or after STLS). */
  get secure(): boolean {
    return this.conn.secure;
  }

  /** The server's greeting; read once, on the first call (every command waits for it). */
  greeting(): Promise<Pop3Greeting> {
    this.greetingRead ??= this.conn.guard('greeting', async () => {
      const head = await this.conn.peek('greeting');
      // A TLS port or another protocol sends something that is not a status line: say so at once.
      if (head[0] !== 0x2b && head[0] !== 0x2d) throw badGreeting(head);
      const line = await this.conn.line('greeting');
      const status = parseStatus(line);
      if (!status?.ok) throw badGreeting(line);
      return { text: this.conn.scrub(status.text), timestamp: greetingTimestamp(status.text) };
    });
    return this.greetingRead;
  }

  /**
   * CAPA lines (`TOP`, `UIDL`, `SASL PLAIN LOGIN`, `STLS` …), each visible and bounded; empty when the
   * server has no CAPA.
   */
  capabilities(): Promise<string[]> {
    return this.serial(() => this.readCapabilities());
  }

  /**
   * Turns on pipelining when the logged-in server offers it (CAPA `PIPELINING`, RFC 2449 §6.6): RETR and
   * DELE then go out at once, before the replies to earlier commands were read; their replies are read
   * strictly in order. Resolves with whether it is on.
   */
  usePipelining(): Promise<boolean> {
    return this.serial(async () => {
      this.pipelining = hasCapability(await this.readCapabilities(), 'PIPELINING');
      return this.pipelining;
    });
  }

  /** True once {@link usePipelining} found the server offers it. */
  get pipelined(): boolean {
    return this.pipelining;
  }

  /** STLS, then the caller's TLS upgrade of the same socket; capabilities are asked for again after. */
  startTls(): Promise<void> {
    return this.serial(() => this.upgrade());
  }

  /** USER/PASS. */
  login(user: string, password: string): Promise<void> {
    return this.serial(() => this.userPass(user, password));
  }

  /** AUTH with one SASL mechanism. */
  authenticate(
    mechanism: SaslMechanism,
    credentials: Credentials,
    target: { host: string; port: number },
  ): Promise<void> {
    return this.serial(() => this.sasl(mechanism, credentials, target));
  }

  /**
   * Logs in the way the settings ask: the SASL method chosen from what CAPA offers, or USER/PASS for a
   * password when the server offers no SASL (or `auto` finds no common mechanism but USER is offered).
   */
  logIn(credentials: Credentials, options: Pop3LoginOptions): Promise<Pop3LoginMechanism> {
    return this.serial(async () => {
      const caps = await this.readCapabilities();
      const offered = saslMechanismsOf(caps);
      const choice = chooseSaslMechanism(offered, options.method, credentials);
      if (choice.ok) {
        await this.sasl(choice.mechanism, credentials, options);
        return choice.mechanism;
      }
      const userPass =
        credentials.kind === 'password' &&
        (offered.length === 0 || (options.method === 'auto' && hasCapability(caps, 'USER')));
      if (userPass) {
        await this.userPass(credentials.username, credentials.password);
        return 'USER';
      }
      throw new DrobotError(pop3Errors.noCommonMechanism, {
        step: 'auth',
        params: { offered: offered.length > 0 ? offered.join(', ') : '-' },
      });
    });
  }

  stat(): Promise<Pop3Stat> {
    return this.serial(async () => {
      const status = await this.expectOk('STAT', 'STAT', 'mailbox');
      const stat = parseStat(status.text);
      if (!stat) throw this.conn.protocolError('mailbox', `STAT: ${this.conn.scrub(status.text)}`);
      const maxEntries = this.limits.maxListingEntries;
      if (stat.count > maxEntries) {
        throw pop3Error(pop3Errors.mailboxTooLarge, 'mailbox', { params: { command: 'STAT', maxEntries } });
      }
      return stat;
    });
  }

  /** Message numbers and sizes; lines that are not `n size` are left out. */
  list(): Promise<Pop3ListEntry[]> {
    return this.listing('LIST', parseListLine);
  }

  /** Message numbers and unique ids, as sent; lines that are not `n uid` are left out. */
  uidl(): Promise<Pop3UidlEntry[]> {
    return this.listing('UIDL', parseUidlLine);
  }

  /**
   * The raw message, streamed. Send no other command before the stream ended (or was destroyed: the
   * rest of the message is then read and dropped before the next command goes out). Past
   * `maxBytes` the stream fails with a `Pop3OversizeError` and the connection is closed.
   */
  retr(n: number, options: Pop3RetrieveOptions = {}): Promise<Readable> {
    checkNumber(n);
    const maxBytes = this.maxBytesOf(options);
    return this.serial(async () => {
      await this.expectOk(`RETR ${n}`, 'RETR', 'retrieve');
      return this.conn.stream('retrieve', n, maxBytes);
    });
  }

  /**
   * RETR into `target`, honouring its back-pressure, and ends it; resolves with the message's size.
   * Past `maxBytes` the connection is dropped, `target` gets the first `maxBytes` bytes and is ended,
   * and the call rejects with a `Pop3OversizeError` (its `receivedBytes` says how many came). On any
   * other failure `target` is destroyed (without an 'error' event) and the call rejects.
   */
  async retrTo(n: number, target: Writable, options: Pop3RetrieveOptions = {}): Promise<number> {
    checkNumber(n);
    const maxBytes = this.maxBytesOf(options);
    let body: Pop3Body;
    try {
      body = this.pipelining
        ? await this.ahead(`RETR ${n}`, 'RETR', 'retrieve', () => this.conn.body('retrieve', n, maxBytes))
        : await this.serial(async () => {
            await this.expectOk(`RETR ${n}`, 'RETR', 'retrieve');
            return this.conn.body('retrieve', n, maxBytes);
          });
    } catch (error) {
      target.destroy();
      throw error;
    }
    return copyBody(body, target);
  }

  /** The headers and the first `lines` body lines of a message, streamed like {@link retr}. */
  top(n: number, lines: number, options: Pop3RetrieveOptions = {}): Promise<Readable> {
    checkNumber(n);
    if (!Number.isSafeInteger(lines) || lines < 0)
      throw new RangeError(`Pop3Client: bad line count ${lines}`);
    const maxBytes = this.maxBytesOf(options);
    return this.serial(async () => {
      await this.expectOk(`TOP ${n} ${lines}`, 'TOP', 'retrieve');
      return this.conn.stream('retrieve', n, maxBytes);
    });
  }

  /** Marks a message deleted; the server removes it only at QUIT. */
  dele(n: number): Promise<void> {
    checkNumber(n);
    if (this.pipelining) return this.ahead(`DELE ${n}`, 'DELE', 'mailbox', () => undefined);
    return this.simple(`DELE ${n}`, 'DELE');
  }

  rset(): Promise<void> {
    return this.simple('RSET', 'RSET');
  }

  noop(): Promise<void> {
    return this.simple('NOOP', 'NOOP');
  }

  /** QUIT: commits deletions, then closes the connection. */
  quit(): Promise<void> {
    return this.serial(async () => {
      try {
        await this.expectOk('QUIT', 'QUIT', 'mailbox');
      } finally {
        this.conn.close();
      }
    });
  }

  /** Closes the connection without QUIT (deletions are not committed). */
  close(): void {
    this.conn.close();
  }

  // ---- internals ----

  /**
   * Runs one operation after the previous one settled: callers may fire commands concurrently
   * (`Promise.all([uidl(), list()])`) and still get one exchange at a time on the wire.
   */
  private serial<T>(operation: () => Promise<T>, pipelined = false): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    // A command that writes in its turn goes out after the pipelined ones before it; those after it
    // wait until it is done, so the replies come in the order they are read.
    if (!pipelined) this.writeGate = this.queue;
    return result;
  }

  /**
   * A pipelined exchange: the command is written now, in call order, and its reply read in its turn,
   * once every earlier reply (and message body) is off the connection; `then` runs on a `+OK`, still
   * in turn (a RETR's body becomes the next thing read). A `-ERR` fails this command only.
   */
  private ahead<T>(line: string, shown: string, step: Pop3Step, then: () => T): Promise<T> {
    const sent = this.writeGate.then(() => this.conn.write(line, shown, step, false));
    // Its failure is read in turn below; until then nobody waits on it.
    sent.catch(() => undefined);
    return this.serial(async () => {
      await this.conn.turn(step);
      const status = await this.conn.guard(step, async () => {
        await sent;
        return this.conn.status(step, shown);
      });
      if (!status.ok) {
        throw pop3Error(pop3Errors.commandFailed, step, {
          params: { command: shown },
          serverReply: this.conn.scrub(status.text),
        });
      }
      return then();
    }, true);
  }

  private async simple(line: string, shown: string): Promise<void> {
    await this.serial(() => this.expectOk(line, shown, 'mailbox'));
  }

  /** Sends a command once the connection is ready and returns its status line. */
  private async command(line: string, shown: string, step: Pop3Step): Promise<Pop3Status> {
    await this.conn.ready(step, shown);
    await this.greeting();
    return this.conn.guard(step, async () => {
      await this.conn.write(line, shown, step);
      return this.conn.status(step, shown);
    });
  }

  private async expectOk(line: string, shown: string, step: Pop3Step): Promise<Pop3Status> {
    const status = await this.command(line, shown, step);
    if (status.ok) return status;
    throw pop3Error(pop3Errors.commandFailed, step, {
      params: { command: shown },
      serverReply: this.conn.scrub(status.text),
    });
  }

  private async readCapabilities(): Promise<string[]> {
    if (this.caps) return this.caps;
    const status = await this.command('CAPA', 'CAPA', 'capabilities');
    const caps: string[] = [];
    if (status.ok) {
      const bound = this.lineBound('capabilities', 'CAPA', this.limits.maxCapabilityLines, false);
      await this.conn.guard('capabilities', () =>
        this.conn.lines('capabilities', bound, (line) =>
          caps.push(this.conn.scrub(line.toString('utf8').trim())),
        ),
      );
    }
    this.caps = caps;
    return caps;
  }

  /** LIST or UIDL: every entry parsed as it arrives, at most `maxListingEntries` lines. */
  private listing<T>(command: 'LIST' | 'UIDL', parse: (line: string) => T | undefined): Promise<T[]> {
    return this.serial(async () => {
      await this.expectOk(command, command, 'list');
      const entries: T[] = [];
      const bound = this.lineBound('list', command, this.limits.maxListingEntries, true);
      await this.conn.guard('list', () =>
        this.conn.lines('list', bound, (line) => {
          const entry = parse(line.toString('latin1'));
          if (entry !== undefined) entries.push(entry);
        }),
      );
      return entries;
    });
  }

  private lineBound(step: Pop3Step, command: string, maxLines: number, mailbox: boolean) {
    return {
      maxLines,
      tooMany: () =>
        mailbox
          ? pop3Error(pop3Errors.mailboxTooLarge, step, { params: { command, maxEntries: maxLines } })
          : pop3Error(pop3Errors.tooManyLines, step, { params: { command, maxLines } }),
    };
  }

  private maxBytesOf(options: Pop3RetrieveOptions): number {
    const maxBytes = options.maxBytes ?? this.limits.maxMessageBytes;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`Pop3Client: bad byte cap ${maxBytes}`);
    }
    return maxBytes;
  }

  private async upgrade(): Promise<void> {
    const upgrade = this.options.upgradeToTls;
    if (!upgrade) throw new Error('Pop3Client: STLS needs the upgradeToTls option');
    const status = await this.command('STLS', 'STLS', 'tls');
    if (!status.ok) {
      throw new DrobotError(pop3Errors.stlsUnavailable, {
        step: 'tls',
        serverReply: this.conn.scrub(status.text),
      });
    }
    const plain = this.conn.detachForTls();
    const secure = await this.conn.guard('tls', async () => {
      try {
        return await withTimeout(upgrade(plain), this.options.timeoutMs, 'tls');
      } catch (error) {
        if (isDrobotError(error)) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw pop3Error(pop3Errors.tlsFailed, 'tls', { cause: error, params: { detail } });
      }
    });
    this.conn.attachTls(secure);
    this.caps = undefined;
  }

  private async userPass(user: string, password: string): Promise<void> {
    this.conn.rememberSecrets({ kind: 'password', username: user, password });
    await this.loggingIn((wire) => loginUserPass(wire, user, password));
  }

  private async sasl(
    mechanism: SaslMechanism,
    credentials: Credentials,
    target: { host: string; port: number },
  ): Promise<void> {
    this.conn.rememberSecrets(credentials);
    await this.loggingIn((wire) => authenticateSasl(wire, mechanism, credentials, target));
  }

  private async loggingIn(exchange: (wire: Pop3Wire) => Promise<void>): Promise<void> {
    await this.conn.ready('auth', 'AUTH');
    await this.greeting();
    const wire: Pop3Wire = {
      send: (line, shown) => this.conn.write(line, shown, 'auth'),
      readLine: (step) => this.conn.line(step as Pop3Step),
      scrub: (text) => this.conn.scrub(text),
      conceal: (value) => this.conn.conceal(value),
      maxRounds: this.limits.maxAuthRounds,
    };
    await this.conn.guard('auth', () => exchange(wire));
    // Servers may offer other capabilities once logged in (RFC 2449 §5).
    this.caps = undefined;
  }
}

function badGreeting(bytes: Buffer): DrobotError {
  const received = printable(bytes);
  return pop3Error(pop3Errors.badGreeting, 'greeting', { params: { received }, serverReply: received });
}

/**
 * Copies a message body into a writable, one chunk at a time with its back-pressure, and ends it.
 * Oversize: the bytes up to the cap are written and the target ended before the error goes on. The
 * target's own errors come back through this call: an 'error' event nobody listens to (a write the
 * target refuses once destroyed) must never end the process.
 */
async function copyBody(body: Pop3Body, target: Writable): Promise<number> {
  let targetError: Error | undefined;
  target.on('error', (error: Error) => (targetError ??= error));
  try {
    for (let chunk = await body.next(); chunk !== null; chunk = await body.next()) {
      if (targetError) throw targetError;
      if (!target.write(chunk)) await drained(target);
    }
  } catch (error) {
    if (isPop3OversizeError(error) && !targetError) {
      target.end();
      await finished(target);
      throw error;
    }
    // The target failed (a full disk), or the server did: drop the rest of the message (the
    // connection stays usable when it can), and the target with what it got.
    void body.drop();
    target.destroy();
    throw error;
  }
  target.end();
  await finished(target);
  return body.receivedBytes;
}

/** Waits until a writable takes more, or fails. */
function drained(target: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      target.off('drain', onDrain);
      target.off('error', onError);
      target.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('the target was closed before the message was written'));
    target.once('drain', onDrain);
    target.once('error', onError);
    target.once('close', onClose);
  });
}

/** Message numbers are positive integers; anything else is a bug in the caller. */
function checkNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Pop3Client: bad message number ${n}`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(pop3Error(pop3Errors.timeout, step, { retryable: true, params: { timeoutMs: ms } })),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
