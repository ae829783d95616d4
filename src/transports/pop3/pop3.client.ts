/**
 * A POP3 client over a connection the caller opened (TCP, TLS, or through a proxy): RFC 1939 commands,
 * CAPA (RFC 2449), STLS (RFC 2595), AUTH (RFC 5034). Messages stay raw bytes end to end and are streamed.
 */
import type net from 'node:net';
import type { Readable } from 'node:stream';
import type tls from 'node:tls';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { chooseSaslMechanism, scrubSecrets, secretForms, type SaslMechanism } from '../sasl.js';
import type { Credentials, SaslMethod } from '../types.js';
import { authenticateSasl, loginUserPass, type Pop3Wire } from './pop3.auth.js';
import { pop3Errors } from './pop3.errors.js';
import { MultilineDecoder } from './pop3.multiline.js';
import { Pop3Reader } from './pop3.reader.js';
import {
  bodyLines,
  greetingTimestamp,
  hasCapability,
  parseList,
  parseStat,
  parseStatus,
  parseUidl,
  printable,
  saslMechanismsOf,
  type Pop3ListEntry,
  type Pop3Stat,
  type Pop3Status,
  type Pop3UidlEntry,
} from './pop3.replies.js';
import { MessageStream } from './pop3.stream.js';

export interface Pop3ClientOptions {
  /** Bounds every wait for a reply (and the TLS upgrade), in milliseconds. */
  readonly timeoutMs: number;
  /** Turns the plain socket into TLS after STLS was accepted (the caller verifies the certificate). */
  readonly upgradeToTls?: (socket: net.Socket) => Promise<tls.TLSSocket>;
}

export interface Pop3Greeting {
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

type Step = 'greeting' | 'capabilities' | 'tls' | 'auth' | 'mailbox' | 'retrieve';

export class Pop3Client {
  private socket: net.Socket | tls.TLSSocket;
  private reader: Pop3Reader;
  private greetingRead: Promise<Pop3Greeting> | undefined;
  private caps: string[] | undefined;
  private secrets: string[] = [];
  private broken: DrobotError | undefined;
  private current: MessageStream | undefined;
  private tls: boolean;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    socket: net.Socket | tls.TLSSocket,
    private readonly options: Pop3ClientOptions,
  ) {
    this.socket = socket;
    this.tls = 'encrypted' in socket && socket.encrypted === true;
    this.reader = new Pop3Reader(socket, options.timeoutMs);
  }

  /** True once the connection is TLS (implicit, or after STLS). */
  get secure(): boolean {
    return this.tls;
  }

  /** The server's greeting; read once, on the first call (every command waits for it). */
  greeting(): Promise<Pop3Greeting> {
    this.greetingRead ??= this.readGreeting();
    return this.greetingRead;
  }

  private async readGreeting(): Promise<Pop3Greeting> {
    const head = await this.guard('greeting', () => this.reader.peek('greeting'));
    // A TLS port or another protocol answers with something that is not a status line: say so at once.
    if (head[0] !== 0x2b && head[0] !== 0x2d) throw this.fail(this.badGreeting(head));
    const line = await this.guard('greeting', () => this.reader.line('greeting'));
    const status = parseStatus(line);
    if (!status?.ok) throw this.fail(this.badGreeting(line));
    return { text: status.text, timestamp: greetingTimestamp(status.text) };
  }

  private badGreeting(bytes: Buffer): DrobotError {
    const received = printable(bytes);
    return new DrobotError(pop3Errors.badGreeting, {
      step: 'greeting',
      params: { received },
      serverReply: received,
    });
  }

  /** CAPA lines (`TOP`, `UIDL`, `SASL PLAIN LOGIN`, `STLS` …); empty when the server has no CAPA. */
  capabilities(): Promise<string[]> {
    return this.serial(() => this.readCapabilities());
  }

  private async readCapabilities(): Promise<string[]> {
    if (this.caps) return this.caps;
    const status = await this.command('CAPA', 'CAPA', 'capabilities');
    this.caps = status.ok ? bodyLines(await this.collect('capabilities')) : [];
    return this.caps;
  }

  /** STLS, then the caller's TLS upgrade of the same socket; the capabilities are asked for again after. */
  startTls(): Promise<void> {
    return this.serial(() => this.upgrade());
  }

  private async upgrade(): Promise<void> {
    const upgrade = this.options.upgradeToTls;
    if (!upgrade) throw new Error('Pop3Client: STLS needs the upgradeToTls option');
    const status = await this.command('STLS', 'STLS', 'tls');
    if (!status.ok) {
      throw new DrobotError(pop3Errors.stlsUnavailable, {
        step: 'tls',
        serverReply: this.scrub(status.text),
      });
    }
    const leftover = this.reader.detach();
    if (leftover.length > 0) {
      // Bytes sent before the handshake could be injected by an attacker: refuse them (RFC 2595 §3.1).
      throw this.fail(
        new DrobotError(pop3Errors.protocol, { step: 'tls', params: { detail: 'data after STLS reply' } }),
      );
    }
    const plain = this.socket as net.Socket;
    let secure: tls.TLSSocket;
    try {
      secure = await withTimeout(upgrade(plain), this.options.timeoutMs, 'tls');
    } catch (error) {
      throw this.fail(
        isDrobotError(error)
          ? error
          : new DrobotError(pop3Errors.tlsFailed, {
              step: 'tls',
              cause: error,
              params: { detail: error instanceof Error ? error.message : String(error) },
            }),
      );
    }
    this.socket = secure;
    this.tls = true;
    this.reader = new Pop3Reader(secure, this.options.timeoutMs);
    this.caps = undefined;
  }

  /** USER/PASS. */
  login(user: string, password: string): Promise<void> {
    return this.serial(() => this.userPass(user, password));
  }

  private async userPass(user: string, password: string): Promise<void> {
    this.rememberSecrets({ kind: 'password', username: user, password });
    await this.run('auth', () => loginUserPass(this.wire(), user, password));
    this.caps = undefined;
  }

  /** AUTH with one SASL mechanism. */
  authenticate(
    mechanism: SaslMechanism,
    credentials: Credentials,
    target: { host: string; port: number },
  ): Promise<void> {
    return this.serial(() => this.sasl(mechanism, credentials, target));
  }

  private async sasl(
    mechanism: SaslMechanism,
    credentials: Credentials,
    target: { host: string; port: number },
  ): Promise<void> {
    this.rememberSecrets(credentials);
    await this.run('auth', () => authenticateSasl(this.wire(), mechanism, credentials, target));
    this.caps = undefined;
  }

  /**
   * Logs in the way the settings ask: the SASL method chosen from what CAPA offers, or USER/PASS for a
   * password when the server offers no SASL (or `auto` finds no common mechanism but USER is offered).
   */
  logIn(credentials: Credentials, options: Pop3LoginOptions): Promise<Pop3LoginMechanism> {
    return this.serial(() => this.chooseAndLogIn(credentials, options));
  }

  private async chooseAndLogIn(
    credentials: Credentials,
    options: Pop3LoginOptions,
  ): Promise<Pop3LoginMechanism> {
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
  }

  stat(): Promise<Pop3Stat> {
    return this.serial(async () => {
      const status = await this.expectOk('STAT', 'STAT', 'mailbox');
      const stat = parseStat(status.text);
      if (!stat) throw this.protocolError('mailbox', `STAT: ${status.text}`);
      return stat;
    });
  }

  list(): Promise<Pop3ListEntry[]> {
    return this.serial(async () => {
      await this.expectOk('LIST', 'LIST', 'mailbox');
      return parseList(bodyLines(await this.collect('mailbox')));
    });
  }

  uidl(): Promise<Pop3UidlEntry[]> {
    return this.serial(async () => {
      await this.expectOk('UIDL', 'UIDL', 'mailbox');
      return parseUidl(bodyLines(await this.collect('mailbox')));
    });
  }

  /**
   * The raw message, streamed. Send no other command before the stream ended (or was destroyed: the
   * rest of the message is then read and dropped before the next command goes out).
   */
  retr(n: number): Promise<Readable> {
    checkNumber(n);
    return this.serial(async () => {
      await this.expectOk(`RETR ${n}`, 'RETR', 'retrieve');
      return this.stream('retrieve');
    });
  }

  /** The headers and the first `lines` body lines of a message, streamed like {@link retr}. */
  top(n: number, lines: number): Promise<Readable> {
    checkNumber(n);
    if (!Number.isSafeInteger(lines) || lines < 0)
      throw new RangeError(`Pop3Client: bad line count ${lines}`);
    return this.serial(async () => {
      await this.expectOk(`TOP ${n} ${lines}`, 'TOP', 'retrieve');
      return this.stream('retrieve');
    });
  }

  /** Marks a message deleted; the server removes it only at QUIT. */
  dele(n: number): Promise<void> {
    checkNumber(n);
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
        this.close();
      }
    });
  }

  /** Closes the connection without QUIT (deletions are not committed). */
  close(): void {
    this.broken ??= new DrobotError(pop3Errors.connectionClosed, { step: 'mailbox' });
    this.socket.destroy();
  }

  // ---- internals ----

  /**
   * Runs one operation after the previous one settled: callers may fire commands concurrently
   * (`Promise.all([uidl(), list()])`) and still get one exchange at a time on the wire.
   */
  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private simple(line: string, shown: string): Promise<void> {
    return this.serial(async () => {
      await this.expectOk(line, shown, 'mailbox');
    });
  }

  private rememberSecrets(credentials: Credentials): void {
    this.secrets = [...this.secrets, ...secretForms(credentials)];
  }

  private scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  private wire(): Pop3Wire {
    return {
      send: (line, shown) => this.write(line, shown, 'auth'),
      readLine: (step) => this.reader.line(step),
      scrub: (text) => this.scrub(text),
    };
  }

  /** Marks the connection unusable after an error that leaves it in an unknown state. */
  private fail(error: DrobotError): DrobotError {
    if (error.code === pop3Errors.timeout.code || error.code === pop3Errors.connectionClosed.code) {
      this.broken ??= error;
      this.socket.destroy();
    } else if (error.code === pop3Errors.protocol.code || error.step === 'greeting' || error.step === 'tls') {
      this.broken ??= new DrobotError(pop3Errors.connectionClosed, { step: error.step, cause: error });
      this.socket.destroy();
    }
    return error;
  }

  private async guard<T>(step: Step, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (isDrobotError(error)) throw this.fail(error);
      throw this.fail(new DrobotError(pop3Errors.connectionClosed, { step, cause: error, retryable: true }));
    }
  }

  /** Runs a step once the connection is ready for a command. */
  private async run<T>(step: Step, action: () => Promise<T>): Promise<T> {
    if (this.broken) throw new DrobotError(pop3Errors.connectionClosed, { step, cause: this.broken });
    await this.greeting();
    await this.idle(step);
    return this.guard(step, action);
  }

  /** Waits for a destroyed message stream to be drained; refuses while one is still being read. */
  private async idle(step: Step): Promise<void> {
    const current = this.current;
    if (!current) return;
    if (!current.finished && !current.destroyed) {
      throw new DrobotError(pop3Errors.busy, { step, params: { command: step } });
    }
    await current.drained;
    this.current = undefined;
  }

  private write(line: string, shown: string, step: string): Promise<void> {
    if (/[\r\n]/.test(line)) {
      // A line break in a user name or password would smuggle in another command.
      return Promise.reject(
        new DrobotError(pop3Errors.protocol, {
          step,
          params: { detail: `line break in the ${shown} command` },
        }),
      );
    }
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed || !this.socket.writable) {
        reject(
          new DrobotError(pop3Errors.connectionClosed, { step, retryable: true, params: { command: shown } }),
        );
        return;
      }
      this.socket.write(`${line}\r\n`, (error) => {
        if (error)
          reject(new DrobotError(pop3Errors.connectionClosed, { step, retryable: true, cause: error }));
        else resolve();
      });
    });
  }

  private command(line: string, shown: string, step: Step): Promise<Pop3Status> {
    return this.run(step, async () => {
      await this.write(line, shown, step);
      const reply = await this.reader.line(step);
      const status = parseStatus(reply);
      if (!status) throw this.protocolError(step, `${shown}: ${printable(reply)}`);
      return status;
    });
  }

  private async expectOk(line: string, shown: string, step: Step): Promise<Pop3Status> {
    const status = await this.command(line, shown, step);
    if (!status.ok) {
      throw new DrobotError(pop3Errors.commandFailed, {
        step,
        params: { command: shown },
        serverReply: this.scrub(status.text),
      });
    }
    return status;
  }

  private protocolError(step: Step, detail: string): DrobotError {
    return this.fail(new DrobotError(pop3Errors.protocol, { step, params: { detail } }));
  }

  /** Reads a whole (small) multi-line body: CAPA, LIST, UIDL. */
  private collect(step: Step): Promise<Buffer> {
    return this.guard(step, async () => {
      const decoder = new MultilineDecoder();
      const parts: Buffer[] = [];
      while (!decoder.done) {
        const { out, rest } = decoder.push(await this.reader.chunk(step));
        parts.push(out);
        this.reader.unshift(rest);
      }
      return Buffer.concat(parts);
    });
  }

  private stream(step: Step): Readable {
    const stream = new MessageStream(this.reader, step, (error) => this.fail(error));
    this.current = stream;
    return stream;
  }
}

/** Message numbers are positive integers; anything else is a bug in the caller. */
function checkNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Pop3Client: bad message number ${n}`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DrobotError(pop3Errors.timeout, { step, retryable: true, params: { timeoutMs: ms } })),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
