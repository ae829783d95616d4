/**
 * The wire under the POP3 client: writes command lines, reads status lines and multi-line bodies, keeps
 * the connection's health (a timeout, a cut, a protocol violation or an overflow ends it) and the
 * secrets to scrub from what the server says.
 */
import type net from 'node:net';
import type { Readable } from 'node:stream';
import type tls from 'node:tls';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { serverWords } from '../net/server-words.js';
import { secretForms } from '../sasl.js';
import type { Credentials } from '../types.js';
import { Pop3Body } from './pop3.body.js';
import { pop3Error, pop3Errors } from './pop3.errors.js';
import type { Pop3Limits } from './pop3.limits.js';
import { LineSplitter, MultilineDecoder } from './pop3.multiline.js';
import { Pop3Reader } from './pop3.reader.js';
import { parseStatus, printable, type Pop3Status } from './pop3.replies.js';
import { MessageStream } from './pop3.stream.js';

export type Pop3Step = 'greeting' | 'capabilities' | 'tls' | 'auth' | 'list' | 'mailbox' | 'retrieve';

/** Errors after which the connection is in an unknown state (mid-reply, or gone): it is closed. */
const FATAL = new Set<string>([
  pop3Errors.timeout.code,
  pop3Errors.tooSlow.code,
  pop3Errors.connectionClosed.code,
  pop3Errors.protocol.code,
  pop3Errors.lineTooLong.code,
  pop3Errors.tooManyLines.code,
  pop3Errors.mailboxTooLarge.code,
  pop3Errors.oversize.code,
]);

/** How a multi-line listing is bounded, and the error once it has too many lines. */
export interface LineBound {
  readonly maxLines: number;
  readonly tooMany: () => DrobotError;
}

export class Pop3Connection {
  private socket: net.Socket | tls.TLSSocket;
  private reader: Pop3Reader;
  private broken: DrobotError | undefined;
  private current: Pop3Body | undefined;
  private secrets: string[] = [];
  private tls: boolean;
  /** Pipelined commands written in one turn of the event loop are held to leave in one write. */
  private corked = false;
  private signalBroken!: () => void;
  /** Settles once the connection is broken: a reply waiting its turn must not wait for a body nobody reads. */
  private readonly brokenSignal = new Promise<void>((resolve) => (this.signalBroken = resolve));

  constructor(
    socket: net.Socket | tls.TLSSocket,
    private readonly timeoutMs: number,
    readonly limits: Pop3Limits,
  ) {
    this.socket = socket;
    this.tls = 'encrypted' in socket && socket.encrypted === true;
    this.reader = new Pop3Reader(socket, timeoutMs, limits);
  }

  get secure(): boolean {
    return this.tls;
  }

  /** True once the connection was closed or failed; every further command is refused. */
  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  rememberSecrets(credentials: Credentials): void {
    this.secrets = [...this.secrets, ...secretForms(credentials)];
  }

  /** A value sent during a login (a SASL response): never to be shown, even if the server echoes it. */
  conceal(value: string): void {
    if (value.length > 0) this.secrets.push(value);
  }

  /** A server's words as they may be kept: without secrets, visible, bounded in length. */
  scrub(text: string): string {
    return serverWords(text, this.secrets);
  }

  /** Marks the connection unusable after an error that leaves it in an unknown state. */
  fail(error: DrobotError): DrobotError {
    if (FATAL.has(error.code) || error.step === 'greeting' || error.step === 'tls') {
      this.broken ??= error;
      this.signalBroken();
      this.socket.destroy();
    }
    return error;
  }

  /** Runs an exchange; any failure is a DrobotError, and a fatal one closes the connection. */
  async guard<T>(step: Pop3Step, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (isDrobotError(error)) throw this.fail(error);
      throw this.fail(pop3Error(pop3Errors.connectionClosed, step, { cause: error, retryable: true }));
    }
  }

  /** Refuses when the connection is gone or a message is still being read; waits for a dropped one. */
  async ready(step: Pop3Step, command: string): Promise<void> {
    if (this.broken) {
      throw pop3Error(pop3Errors.connectionClosed, step, { cause: this.broken, retryable: true });
    }
    const current = this.current;
    if (!current) return;
    if (!current.done && !current.abandoned) {
      throw new DrobotError(pop3Errors.busy, { step, params: { command } });
    }
    await current.settled.catch(() => undefined);
    this.current = undefined;
    if (this.broken) {
      throw pop3Error(pop3Errors.connectionClosed, step, { cause: this.broken, retryable: true });
    }
  }

  /**
   * A pipelined reply's turn (RFC 2449 §6.6): waits until the body before it was read, dropped or failed,
   * then starts the reply's time. Refuses once the connection is gone.
   */
  async turn(step: Pop3Step): Promise<void> {
    const current = this.current;
    if (current && !this.broken)
      await Promise.race([current.settled.catch(() => undefined), this.brokenSignal]);
    if (this.current === current) this.current = undefined;
    if (this.broken) {
      throw pop3Error(pop3Errors.connectionClosed, step, { cause: this.broken, retryable: true });
    }
    this.reader.beginReply();
  }

  peek(step: Pop3Step): Promise<Buffer> {
    return this.reader.peek(step);
  }

  line(step: Pop3Step): Promise<Buffer> {
    return this.reader.line(step);
  }

  /**
   * Sends one line and starts the time of its reply; `shown` is how the command may appear in an
   * error (never with its arguments). A pipelined command (`startsReply` false) starts its reply's
   * time only at its {@link turn}: the replies before it are still being read.
   */
  write(line: string, shown: string, step: Pop3Step, startsReply = true): Promise<void> {
    if (/[\r\n]/.test(line)) {
      // A line break in a user name or password would smuggle in another command.
      const detail = `line break in the ${shown} command`;
      return Promise.reject(pop3Error(pop3Errors.protocol, step, { params: { detail } }));
    }
    return new Promise((resolve, reject) => {
      const closed = (cause?: unknown) =>
        pop3Error(pop3Errors.connectionClosed, step, { retryable: true, cause });
      if (this.socket.destroyed || !this.socket.writable) {
        reject(closed());
        return;
      }
      if (startsReply) this.reader.beginReply();
      else this.holdForTurn();
      this.socket.write(`${line}\r\n`, (error) => (error ? reject(closed(error)) : resolve()));
    });
  }

  /**
   * Pipelined commands sent in one turn (a top-up of RETRs, a batch of DELEs) go out in one write: over TLS
   * each write is a record and a system call of its own, which cost more than the command.
   */
  private holdForTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(() => {
      this.corked = false;
      this.socket.uncork();
    });
  }

  /** The `+OK` / `-ERR` reply to a command just sent. */
  async status(step: Pop3Step, shown: string): Promise<Pop3Status> {
    const reply = await this.reader.line(step);
    const status = parseStatus(reply);
    if (!status) throw this.protocolError(step, `${shown}: ${this.scrub(printable(reply))}`);
    return status;
  }

  protocolError(step: Pop3Step, detail: string): DrobotError {
    return this.fail(pop3Error(pop3Errors.protocol, step, { params: { detail } }));
  }

  /**
   * Reads a multi-line body line by line (CAPA, LIST, UIDL), never holding more than one line of it;
   * a line over the line limit, or more lines than `bound` allows, ends the connection.
   */
  async lines(step: Pop3Step, bound: LineBound, visit: (line: Buffer) => void): Promise<void> {
    const decoder = new MultilineDecoder();
    const splitter = new LineSplitter(this.limits.maxLineBytes);
    let count = 0;
    const counted = (line: Buffer) => {
      if (line.length === 0) return;
      count += 1;
      if (count > bound.maxLines) throw bound.tooMany();
      visit(line);
    };
    while (!decoder.done) {
      const { out, rest } = decoder.push(await this.reader.chunk(step));
      this.reader.unshift(rest);
      if (!splitter.push(out, counted)) {
        throw pop3Error(pop3Errors.lineTooLong, step, { params: { maxBytes: this.limits.maxLineBytes } });
      }
    }
    splitter.end(counted);
  }

  /** A message body to pull chunk by chunk; the next command waits until it was read or dropped. */
  body(step: Pop3Step, message: number, maxBytes: number): Pop3Body {
    const body = new Pop3Body(this.reader, step, message, maxBytes, (error) => this.fail(error));
    this.current = body;
    return body;
  }

  /** A message body as a stream ({@link body}). */
  stream(step: Pop3Step, message: number, maxBytes: number): Readable {
    return new MessageStream(this.body(step, message, maxBytes));
  }

  /**
   * Hands the plain socket over for a TLS handshake. Bytes already received after the STLS reply could
   * have been injected by an attacker before encryption: they are refused (RFC 2595 §3.1).
   */
  detachForTls(): net.Socket {
    if (this.reader.detach().length > 0) throw this.protocolError('tls', 'data after the STLS reply');
    return this.socket as net.Socket;
  }

  attachTls(secure: tls.TLSSocket): void {
    this.socket = secure;
    this.tls = true;
    this.reader = new Pop3Reader(secure, this.timeoutMs, this.limits);
  }

  close(): void {
    this.broken ??= pop3Error(pop3Errors.connectionClosed, 'mailbox');
    this.signalBroken();
    this.socket.destroy();
  }
}
