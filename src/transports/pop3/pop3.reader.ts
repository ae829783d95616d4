/**
 * Reads raw bytes from a socket on demand: whole lines for replies, whatever is there for message bodies.
 * Every wait is bounded by the timeout; the socket is paused while unread bytes pile up, so a slow
 * consumer of a large message never makes us hold more than a little of it.
 */
import type { Duplex } from 'node:stream';
import { DrobotError } from '../../errors/drobot-error.js';
import { pop3Errors } from './pop3.errors.js';

const LF = 0x0a;
/** Pause the socket above this many unread bytes. */
const HIGH_WATER = 256 * 1024;
/** RFC 2449 limits a reply line to 512 octets; be generous with servers that are not. */
const MAX_LINE = 64 * 1024;

const EMPTY = Buffer.alloc(0);

export class Pop3Reader {
  private buf: Buffer = EMPTY;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly socket: Duplex,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  private readonly onData = (data: Buffer): void => {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    if (this.buf.length >= HIGH_WATER) this.socket.pause();
    this.notify();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.notify();
  };

  private readonly onError = (error: Error): void => {
    this.failure ??= error;
    this.ended = true;
    this.notify();
  };

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits for more bytes (or the end), at most the timeout. */
  private waitForData(step: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        reject(
          new DrobotError(pop3Errors.timeout, {
            step,
            retryable: true,
            params: { timeoutMs: this.timeoutMs },
          }),
        );
      }, this.timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
      if (this.socket.isPaused()) this.socket.resume();
    });
  }

  private closedError(step: string): DrobotError {
    return new DrobotError(pop3Errors.connectionClosed, { step, retryable: true, cause: this.failure });
  }

  private take(length: number): Buffer {
    const out = this.buf.subarray(0, length);
    this.buf = length >= this.buf.length ? EMPTY : this.buf.subarray(length);
    if (this.buf.length < HIGH_WATER && this.socket.isPaused()) this.socket.resume();
    return out;
  }

  /** One reply line, without its line ending. */
  async line(step: string): Promise<Buffer> {
    for (;;) {
      const lf = this.buf.indexOf(LF);
      if (lf !== -1) {
        const line = this.take(lf + 1);
        const end = lf > 0 && line[lf - 1] === 0x0d ? lf - 1 : lf;
        return line.subarray(0, end);
      }
      if (this.buf.length > MAX_LINE) {
        throw new DrobotError(pop3Errors.protocol, {
          step,
          params: { detail: `line longer than ${MAX_LINE} bytes` },
        });
      }
      if (this.ended) throw this.closedError(step);
      await this.waitForData(step);
    }
  }

  /** The first unread bytes, waiting for at least one; nothing is consumed. */
  async peek(step: string): Promise<Buffer> {
    while (this.buf.length === 0) {
      if (this.ended) throw this.closedError(step);
      await this.waitForData(step);
    }
    return this.buf;
  }

  /** Every unread byte, waiting for at least one. */
  async chunk(step: string): Promise<Buffer> {
    await this.peek(step);
    return this.take(this.buf.length);
  }

  /** Gives bytes back to be read first (what followed the end of a multi-line reply). */
  unshift(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.buf = this.buf.length === 0 ? bytes : Buffer.concat([bytes, this.buf]);
  }

  /** Stops reading this socket (before a TLS upgrade) and returns what was read but not consumed. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const rest = this.buf;
    this.buf = EMPTY;
    return rest;
  }
}
