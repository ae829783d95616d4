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
  /** What was received and not read yet, as it came: joined only when a line spans two network reads. */
  private chunks: Buffer[] = [];
  private unread = 0;
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
    if (data.length === 0) return;
    this.chunks.push(data);
    this.unread += data.length;
    if (this.unread >= this.limits.highWaterBytes) this.socket.pause();
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

  /** The unread bytes as one buffer (joined once, when there are several network reads). */
  private first(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.unread)];
    return this.chunks[0] ?? EMPTY;
  }

  /** Consumes `length` bytes of the first buffer (all of it when `length` covers it). */
  private take(length: number): Buffer {
    const head = this.chunks[0] ?? EMPTY;
    const out = length >= head.length ? head : head.subarray(0, length);
    if (length >= head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(length);
    this.unread -= out.length;
    if (this.unread < this.limits.highWaterBytes && this.socket.isPaused()) this.socket.resume();
    return out;
  }

  private lineTooLong(step: string): DrobotError {
    return pop3Error(pop3Errors.lineTooLong, step, { params: { maxBytes: this.limits.maxLineBytes } });
  }

  /** One reply line, without its line ending; longer than the line limit is an error. */
  async line(step: string): Promise<Buffer> {
    const max = this.limits.maxLineBytes;
    for (;;) {
      // A line usually lies within the first network read; only one spanning reads joins them.
      let buf = this.chunks[0] ?? EMPTY;
      let lf = buf.indexOf(LF);
      if (lf === -1 && this.chunks.length > 1) {
        buf = this.first();
        lf = buf.indexOf(LF);
      }
      if (lf > max) throw this.lineTooLong(step);
      if (lf !== -1) {
        const line = this.take(lf + 1);
        const end = lf > 0 && line[lf - 1] === CR ? lf - 1 : lf;
        return line.subarray(0, end);
      }
      if (this.unread > max) throw this.lineTooLong(step);
      if (this.ended) throw this.closedError(step);
      await this.waitForData(step);
    }
  }

  /** The first unread bytes, waiting for at least one; nothing is consumed. */
  async peek(step: string): Promise<Buffer> {
    await this.waitForAny(step);
    return this.first();
  }

  /** The next unread bytes as they came off the network (no copy), waiting for at least one. */
  async chunk(step: string): Promise<Buffer> {
    await this.waitForAny(step);
    return this.take(this.chunks[0]?.length ?? 0);
  }

  private async waitForAny(step: string): Promise<void> {
    while (this.unread === 0) {
      if (this.ended) throw this.closedError(step);
      await this.waitForData(step);
    }
  }

  /** Gives bytes back to be read first (what followed the end of a multi-line reply). */
  unshift(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.unshift(bytes);
    this.unread += bytes.length;
  }

  /** Stops reading this socket (before a TLS upgrade) and returns what was read but not consumed. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const rest = this.first();
    this.chunks = [];
    this.unread = 0;
    return rest;
  }
}
