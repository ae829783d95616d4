/**
 * The wire under the POP3 client: writes command lines, reads status lines and multi-line bodies, keeps
 * the connection's health (a timeout, a cut or a protocol violation ends it) and the secrets to scrub.
 */
import type net from 'node:net';
import type { Readable } from 'node:stream';
import type tls from 'node:tls';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { scrubSecrets, secretForms } from '../sasl.js';
import type { Credentials } from '../types.js';
import { pop3Errors } from './pop3.errors.js';
import { MultilineDecoder } from './pop3.multiline.js';
import { Pop3Reader } from './pop3.reader.js';
import { parseStatus, printable, type Pop3Status } from './pop3.replies.js';
import { MessageStream } from './pop3.stream.js';

export type Pop3Step = 'greeting' | 'capabilities' | 'tls' | 'auth' | 'mailbox' | 'retrieve';

export class Pop3Connection {
  private socket: net.Socket | tls.TLSSocket;
  private reader: Pop3Reader;
  private broken: DrobotError | undefined;
  private current: MessageStream | undefined;
  private secrets: string[] = [];
  private tls: boolean;

  constructor(
    socket: net.Socket | tls.TLSSocket,
    private readonly timeoutMs: number,
  ) {
    this.socket = socket;
    this.tls = 'encrypted' in socket && socket.encrypted === true;
    this.reader = new Pop3Reader(socket, timeoutMs);
  }

  get secure(): boolean {
    return this.tls;
  }

  rememberSecrets(credentials: Credentials): void {
    this.secrets = [...this.secrets, ...secretForms(credentials)];
  }

  /** A server reply without any secret this connection was given. */
  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  /** Marks the connection unusable after an error that leaves it in an unknown state. */
  fail(error: DrobotError): DrobotError {
    const fatal =
      error.code === pop3Errors.timeout.code ||
      error.code === pop3Errors.connectionClosed.code ||
      error.code === pop3Errors.protocol.code ||
      error.step === 'greeting' ||
      error.step === 'tls';
    if (fatal) {
      this.broken ??= error;
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
      throw this.fail(new DrobotError(pop3Errors.connectionClosed, { step, cause: error, retryable: true }));
    }
  }

  /** Refuses when the connection is gone or a message is still being read; waits for a dropped one. */
  async ready(step: Pop3Step, command: string): Promise<void> {
    if (this.broken) {
      throw new DrobotError(pop3Errors.connectionClosed, { step, cause: this.broken, retryable: true });
    }
    const current = this.current;
    if (!current) return;
    if (!current.finished && !current.destroyed) {
      throw new DrobotError(pop3Errors.busy, { step, params: { command } });
    }
    await current.drained;
    this.current = undefined;
  }

  peek(step: Pop3Step): Promise<Buffer> {
    return this.reader.peek(step);
  }

  line(step: Pop3Step): Promise<Buffer> {
    return this.reader.line(step);
  }

  /** Sends one line; `shown` is how the command may appear in an error (never with its arguments). */
  write(line: string, shown: string, step: Pop3Step): Promise<void> {
    if (/[\r\n]/.test(line)) {
      // A line break in a user name or password would smuggle in another command.
      const detail = `line break in the ${shown} command`;
      return Promise.reject(new DrobotError(pop3Errors.protocol, { step, params: { detail } }));
    }
    return new Promise((resolve, reject) => {
      const closed = (cause?: unknown) =>
        new DrobotError(pop3Errors.connectionClosed, { step, retryable: true, cause });
      if (this.socket.destroyed || !this.socket.writable) {
        reject(closed());
        return;
      }
      this.socket.write(`${line}\r\n`, (error) => (error ? reject(closed(error)) : resolve()));
    });
  }

  /** The `+OK` / `-ERR` reply to a command just sent. */
  async status(step: Pop3Step, shown: string): Promise<Pop3Status> {
    const reply = await this.reader.line(step);
    const status = parseStatus(reply);
    if (!status) throw this.protocolError(step, `${shown}: ${printable(reply)}`);
    return status;
  }

  protocolError(step: Pop3Step, detail: string): DrobotError {
    return this.fail(new DrobotError(pop3Errors.protocol, { step, params: { detail } }));
  }

  /** Reads a whole (small) multi-line body: CAPA, LIST, UIDL. */
  async collect(step: Pop3Step): Promise<Buffer> {
    const decoder = new MultilineDecoder();
    const parts: Buffer[] = [];
    while (!decoder.done) {
      const { out, rest } = decoder.push(await this.reader.chunk(step));
      parts.push(out);
      this.reader.unshift(rest);
    }
    return Buffer.concat(parts);
  }

  /** A multi-line body as a stream; the next command waits until it was read or dropped. */
  stream(step: Pop3Step): Readable {
    const stream = new MessageStream(this.reader, step, (error) => this.fail(error));
    this.current = stream;
    return stream;
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
    this.reader = new Pop3Reader(secure, this.timeoutMs);
  }

  close(): void {
    this.broken ??= new DrobotError(pop3Errors.connectionClosed, { step: 'mailbox' });
    this.socket.destroy();
  }
}
