import type { Socket } from 'node:net';
import { DrobotError } from '../../errors/drobot-error.js';
import { netErrors } from './net.errors.js';
import { looksLikeTlsRecord, plainOnTlsError, tlsProbeWindowMs } from './plain-on-tls.js';
import type { MailProtocol } from './ports.js';
import { tcpError } from './tcp.js';

/** Who is on the other end, for messages and hints. */
export interface Peer {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly protocol?: MailProtocol | undefined;
}

/**
 * A line-oriented view of a socket for text protocols (CRLF lines), each read bounded by the timeout.
 * Errors carry the current step. After STARTTLS, `detach()` the plain socket and `attach()` the TLS one.
 */
export class LineConnection {
  private socket: Socket;
  private buffer = Buffer.alloc(0);
  private failure: DrobotError | undefined;
  private waiter: (() => void) | undefined;
  private sawData = false;
  step = 'greeting';

  constructor(
    socket: Socket,
    readonly peer: Peer,
  ) {
    this.socket = socket;
    this.listen();
  }

  /** The socket currently read from (plain or TLS). */
  get current(): Socket {
    return this.socket;
  }

  private readonly onData = (chunk: Buffer) => {
    if (!this.sawData && looksLikeTlsRecord(chunk)) {
      this.failure = plainOnTlsError(this.peer, this.step);
    }
    this.sawData = true;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake();
  };
  private readonly onError = (error: NodeJS.ErrnoException) => {
    this.failure ??= tcpError(error, this.peer, this.step);
    this.wake();
  };
  private readonly onClose = () => {
    this.failure ??= new DrobotError(netErrors.connectionClosed, {
      step: this.step,
      params: { host: this.peer.host, port: this.peer.port },
      retryable: true,
    });
    this.wake();
  };

  private listen(): void {
    this.socket.on('data', this.onData);
    this.socket.on('error', this.onError);
    this.socket.on('close', this.onClose);
    this.socket.resume();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Reads one line (without its CRLF) as UTF-8, or throws `reply_timeout` / `connection_closed`. */
  async readLine(timeoutMs = this.peer.timeoutMs): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf(0x0a);
      if (end >= 0) {
        const line = this.buffer.subarray(0, end).toString('utf8').replace(/\r$/, '');
        this.buffer = this.buffer.subarray(end + 1);
        return line;
      }
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw this.timeoutError(timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * Reads the server's greeting. When none comes, checks whether the port expects TLS from the first
   * byte and then reports `plain_on_tls_port` instead of a bare timeout.
   */
  async readGreeting(): Promise<string> {
    try {
      return await this.readLine();
    } catch (error) {
      if (!(error instanceof DrobotError) || error.code !== 'reply_timeout') throw error;
      if (await this.looksLikeTlsPort(tlsProbeWindowMs(this.peer.timeoutMs))) {
        throw plainOnTlsError(this.peer, this.step);
      }
      throw error;
    }
  }

  /** Reads exactly `length` bytes (an IMAP literal). */
  async readBytes(length: number): Promise<Buffer> {
    const deadline = Date.now() + this.peer.timeoutMs;
    while (this.buffer.length < length) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw this.timeoutError(this.peer.timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return bytes;
  }

  /** Writes one line followed by CRLF. */
  writeLine(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  /** Writes bytes as they are (an IMAP literal). */
  writeRaw(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /**
   * Stops reading the plain socket before a TLS handshake on it. Data the server sent ahead of the
   * handshake would be a command injection, so it is refused.
   */
  detach(): Socket {
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onClose);
    this.socket.pause();
    if (this.buffer.length > 0) {
      this.buffer = Buffer.alloc(0);
      this.socket.destroy();
      throw new DrobotError(netErrors.connectionClosed, {
        step: this.step,
        params: { host: this.peer.host, port: this.peer.port },
      });
    }
    return this.socket;
  }

  /** Continues on another socket (the TLS one after STARTTLS). */
  attach(socket: Socket): void {
    this.socket = socket;
    this.failure = undefined;
    this.listen();
  }

  /**
   * After a silent wait, checks whether the port is a TLS port: a TLS server answers a plain line
   * with a TLS alert or hangs up, a silent plain server does neither. Returns true for a TLS port.
   */
  async looksLikeTlsPort(windowMs: number): Promise<boolean> {
    if (this.buffer.length > 0 || this.failure) return this.failure?.code === 'plain_on_tls_port';
    // At least one TLS record header (5 bytes), so a TLS server has something to reject.
    this.writeLine('NOOP');
    try {
      await this.readLine(windowMs);
      return false;
    } catch (error) {
      if (error instanceof DrobotError && error.code === 'plain_on_tls_port') return true;
      return error instanceof DrobotError && error.code === 'connection_closed';
    }
  }

  /** Closes the connection without waiting. */
  close(): void {
    this.socket.destroy();
  }

  private timeoutError(timeoutMs: number): DrobotError {
    return new DrobotError(netErrors.replyTimeout, {
      step: this.step,
      retryable: true,
      params: { host: this.peer.host, port: this.peer.port, timeoutMs },
    });
  }
}
