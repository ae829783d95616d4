/**
 * Reads raw bytes from a socket on demand: whole lines for replies, whatever is there for message bodies.
 * Every reply is bounded in time by a {@link ReplyBudget} (a server that drips bytes fails as surely as
 * a silent one), every line in length, and the socket is paused while unread bytes pile up, so a slow
 * consumer of a large message never makes us hold more than a little of it.
 */
import type { Duplex } from 'node:stream';
import type { DrobotError } from '../../errors/drobot-error.js';
import { ReplyBudget } from '../net/reply-budget.js';
import { pop3Error, pop3Errors } from './pop3.errors.js';
import type { Pop3Limits } from './pop3.limits.js';

const LF = 0x0a;
const CR = 0x0d;

const EMPTY = Buffer.alloc(0);

export class Pop3Reader {
  private buf: Buffer = EMPTY;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly budget: ReplyBudget;

  constructor(
    private readonly socket: Duplex,
    private readonly timeoutMs: number,
    private readonly limits: Pop3Limits,
  ) {
    this.budget = new ReplyBudget(timeoutMs, limits.minBytesPerSecond);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  private readonly onData = (data: Buffer): void => {
    this.budget.received(data.length);
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    if (this.buf.length >= this.limits.highWaterBytes) this.socket.pause();
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

  /** A new reply starts: a command was just sent (the greeting counts from the connection). */
  beginReply(): void {
    this.budget.begin();
  }

  /** Waits for more bytes (or the end), within what is left of the reply's time. */
  private waitForData(step: string): Promise<void> {
    const waitMs = this.budget.nextWaitMs();
    if (waitMs <= 0) return Promise.reject(this.timeoutError(step, 'slow'));
    const started = performance.now();
    const counted = this.budget.begun;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A process busy elsewhere fires its timers late: let bytes that came meanwhile be read
        // first (I/O runs before setImmediate callbacks), so the server is not blamed for our delay.
        setImmediate(() => {
          if (this.wake !== wake) return;
          this.wake = undefined;
          this.budget.waited(waitMs, counted);
          reject(this.timeoutError(step, this.budget.verdict(waitMs)));
        });
      }, waitMs);
      const wake = () => {
        clearTimeout(timer);
        this.budget.waited(performance.now() - started, counted);
        resolve();
      };
      this.wake = wake;
      if (this.socket.isPaused()) this.socket.resume();
    });
  }

  private timeoutError(step: string, verdict: 'silent' | 'slow'): DrobotError {
    if (verdict === 'silent') {
      return pop3Error(pop3Errors.timeout, step, { retryable: true, params: { timeoutMs: this.timeoutMs } });
    }
    return pop3Error(pop3Errors.tooSlow, step, {
      retryable: true,
      params: { timeoutMs: this.timeoutMs, minBytesPerSecond: this.limits.minBytesPerSecond },
    });
  }

  private closedError(step: string): DrobotError {
    return pop3Error(pop3Errors.connectionClosed, step, { retryable: true, cause: this.failure });
  }

  private take(length: number): Buffer {
    const out = this.buf.subarray(0, length);
    this.buf = length >= this.buf.length ? EMPTY : this.buf.subarray(length);
    if (this.buf.length < this.limits.highWaterBytes && this.socket.isPaused()) this.socket.resume();
    return out;
  }

  private lineTooLong(step: string): DrobotError {
    return pop3Error(pop3Errors.lineTooLong, step, { params: { maxBytes: this.limits.maxLineBytes } });
  }

  /** One reply line, without its line ending; longer than the line limit is an error. */
  async line(step: string): Promise<Buffer> {
    const max = this.limits.maxLineBytes;
    for (;;) {
      const lf = this.buf.indexOf(LF);
      if (lf > max) throw this.lineTooLong(step);
      if (lf !== -1) {
        const line = this.take(lf + 1);
        const end = lf > 0 && line[lf - 1] === CR ? lf - 1 : lf;
        return line.subarray(0, end);
      }
      if (this.buf.length > max) throw this.lineTooLong(step);
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
