import type { Socket } from 'node:net';
import { DrobotError, type ErrorDef } from '../../errors/drobot-error.js';
import { ByteQueue } from './byte-queue.js';
import { DEFAULT_LINE_LIMITS, type LineLimits } from './line-limits.js';
import { netErrors } from './net.errors.js';
import { looksLikeTlsRecord, plainOnTlsError, tlsProbeWindowMs } from './plain-on-tls.js';
import type { MailProtocol } from './ports.js';
import { ReplyBudget } from './reply-budget.js';
import { tcpError } from './tcp.js';

/** A write larger than this goes in slices of {@link WRITE_SLICE_BYTES} (see `writeAll`). */
const LARGE_WRITE_BYTES = 256 * 1024;
const WRITE_SLICE_BYTES = 64 * 1024;

/** Who is on the other end, for messages and hints. */
export interface Peer {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly protocol?: MailProtocol | undefined;
}

/**
 * A line-oriented view of a socket for text protocols (CRLF lines). Each reply (what the server sends
 * after a command, or the greeting) is bounded: in time by a {@link ReplyBudget} (a dripping server
 * fails like a silent one), in line length and in total size by the {@link LineLimits}; the socket is
 * paused while unread bytes pile up. Errors carry the current step. After STARTTLS, `detach()` the
 * plain socket and `attach()` the TLS one.
 */
export class LineConnection {
  private socket: Socket;
  private readonly buffer = new ByteQueue();
  private failure: DrobotError | undefined;
  private waiter: (() => void) | undefined;
  private sawData = false;
  private pausedByUs = false;
  private replyBytes = 0;
  /** Slices of a large write still to hand to the socket (`pump`). */
  private readonly queuedSlices: Array<Buffer | string> = [];
  private pumping = false;
  private readonly budget: ReplyBudget;
  step = 'greeting';

  constructor(
    socket: Socket,
    readonly peer: Peer,
    readonly limits: LineLimits = DEFAULT_LINE_LIMITS,
  ) {
    this.socket = socket;
    this.budget = new ReplyBudget(peer.timeoutMs, limits.minBytesPerSecond);
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
    this.budget.received(chunk.length);
    this.buffer.push(chunk);
    if (this.buffer.length >= this.limits.highWaterBytes && !this.pausedByUs) {
      this.pausedByUs = true;
      this.socket.pause();
    }
    this.wake();
  };
  private readonly onError = (error: NodeJS.ErrnoException) => {
    this.failure ??= tcpError(error, this.peer, this.step);
    this.wake();
  };
  private readonly onClose = () => {
    this.failure ??= new DrobotError(netErrors.connectionClosed, {
      step: this.step,
      params: this.where(),
      retryable: true,
    });
    this.wake();
  };

  private listen(): void {
    this.socket.on('data', this.onData);
    this.socket.on('error', this.onError);
    this.socket.on('close', this.onClose);
    this.pausedByUs = false;
    this.socket.resume();
    this.beginReply();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** A new reply starts: its time and size are counted from here. */
  private beginReply(timeoutMs?: number): void {
    this.budget.begin(timeoutMs);
    this.replyBytes = 0;
  }

  /** Takes `length` bytes off the buffer, counting them against the reply's size. */
  private take(length: number): Buffer {
    this.count(length);
    return this.resumed(this.buffer.take(length));
  }

  /** Takes `length` bytes off the buffer as UTF-8 text, counting them against the reply's size. */
  private takeText(length: number): string {
    this.count(length);
    return this.resumed(this.buffer.takeText(length));
  }

  private count(length: number): void {
    this.replyBytes += length;
    if (this.replyBytes > this.limits.maxReplyBytes) throw this.tooLarge();
  }

  /** Reads the socket again once the buffer fell below the high-water mark; returns what was taken. */
  private resumed<T>(taken: T): T {
    if (this.pausedByUs && this.buffer.length < this.limits.highWaterBytes) {
      this.pausedByUs = false;
      this.socket.resume();
    }
    return taken;
  }

  /**
   * Waits for more bytes, within what is left of the reply's time and of `window` (a short wait of
   * its own, e.g. for a TLS check).
   */
  private async waitForData(window?: { readonly deadline: number; readonly ms: number }): Promise<void> {
    const budgetMs = this.budget.nextWaitMs();
    if (budgetMs <= 0) throw this.slowError();
    const windowLeft = window ? window.deadline - Date.now() : Number.POSITIVE_INFINITY;
    if (window && windowLeft <= 0) throw this.timeoutError(window.ms);
    const waitMs = Math.min(budgetMs, windowLeft);
    const counted = this.budget.begun;
    const started = performance.now();
    // Waiting means the buffer cannot answer: read on even above the high-water mark.
    if (this.pausedByUs) {
      this.pausedByUs = false;
      this.socket.resume();
    }
    const woke = await new Promise<boolean>((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        // A process busy elsewhere fires its timers late: let bytes that came meanwhile be read
        // first (I/O runs before setImmediate callbacks), so the server is not blamed for our delay.
        setImmediate(() => {
          if (this.waiter !== waiter) return;
          this.waiter = undefined;
          resolve(false);
        });
      }, waitMs);
      this.waiter = waiter;
    });
    this.budget.waited(woke ? performance.now() - started : waitMs, counted);
    if (woke) return;
    if (window && waitMs >= windowLeft) throw this.timeoutError(window.ms);
    throw this.budget.verdict(waitMs) === 'silent'
      ? this.timeoutError(this.budget.replyTimeoutMs)
      : this.slowError();
  }

  /**
   * Hands slices to the socket one at a time, the next when the socket has room, so each one's write
   * completes on its own and wakes the reader: before the reply's first byte, a wait's timeout counts from
   * the last slice that went out (a large mail on a slow link is not the server's delay), and a server
   * that stops reading is still given up after the timeout. Whatever is written meanwhile waits behind
   * the slices, so the bytes go out in order.
   */
  private pump(slices: ReadonlyArray<Buffer | string>): void {
    this.queuedSlices.push(...slices);
    if (!this.pumping) this.pumpMore();
  }

  private readonly pumpMore = (): void => {
    this.pumping = true;
    while (this.queuedSlices.length > 0 && !this.socket.destroyed) {
      const slice = this.queuedSlices.shift() as Buffer | string;
      const room = this.socket.write(slice, () => this.wake());
      if (!room) {
        this.socket.once('drain', this.pumpMore);
        return;
      }
    }
    this.pumping = false;
  };

  /** Writes now, or behind the slices of a large write still going out. */
  private put(data: Buffer | string): void {
    if (this.pumping) this.queuedSlices.push(data);
    else this.socket.write(data);
  }

  /**
   * Reads one line (without its CRLF) as UTF-8, or throws `reply_timeout`, `reply_too_slow`,
   * `reply_line_too_long`, `reply_too_large` or `connection_closed`. `windowMs` bounds this read
   * more tightly than the timeout.
   */
  async readLine(windowMs?: number): Promise<string> {
    const window = windowMs === undefined ? undefined : { deadline: Date.now() + windowMs, ms: windowMs };
    const max = this.limits.maxLineBytes;
    for (;;) {
      const end = this.buffer.indexOf(0x0a);
      if (end > max || (end < 0 && this.buffer.length > max)) throw this.lineTooLong();
      if (end >= 0) {
        const line = this.takeText(end + 1);
        // The line ends with its LF; a CR before it goes too.
        return line.slice(0, line.length > 1 && line.charCodeAt(line.length - 2) === 0x0d ? -2 : -1);
      }
      if (this.failure) throw this.failure;
      await this.waitForData(window);
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

  /** Reads exactly `length` bytes (an IMAP literal); more than the reply may still hold is refused at once. */
  async readBytes(length: number): Promise<Buffer> {
    if (length > this.limits.maxReplyBytes - this.replyBytes) throw this.tooLarge();
    while (this.buffer.length < length) {
      if (this.failure) throw this.failure;
      await this.waitForData();
    }
    return this.take(length);
  }

  /**
   * Writes one line followed by CRLF; the server's reply to it starts its own time and size, within the
   * connection's timeout or `replyTimeoutMs`.
   */
  writeLine(line: string, replyTimeoutMs?: number): void {
    this.beginReply(replyTimeoutMs);
    if (!this.socket.destroyed) this.put(`${line}\r\n`);
  }

  /** Writes bytes as they are (an IMAP literal); like {@link writeLine}, a new reply starts. */
  writeRaw(bytes: Buffer): void {
    this.beginReply();
    if (!this.socket.destroyed) this.put(bytes);
  }

  /**
   * Writes several pieces as one (a pipelined group of commands, a message's data and what follows it):
   * corked, so the socket hands them to the system in one call; like {@link writeLine}, a new reply starts.
   * Large writes go in slices instead, so that what is left to send shows how far they got (the wait for
   * the reply does not count the time they take, as long as they move).
   */
  writeAll(pieces: ReadonlyArray<Buffer | string>, replyTimeoutMs?: number): void {
    this.beginReply(replyTimeoutMs);
    if (this.socket.destroyed) return;
    const total = pieces.reduce((n, p) => n + p.length, 0);
    if (total <= LARGE_WRITE_BYTES && !this.pumping) {
      this.socket.cork();
      for (const piece of pieces) this.socket.write(piece);
      this.socket.uncork();
      return;
    }
    const slices: Array<Buffer | string> = [];
    for (const piece of pieces) {
      if (typeof piece === 'string') slices.push(piece);
      else
        for (let at = 0; at < piece.length; at += WRITE_SLICE_BYTES)
          slices.push(piece.subarray(at, at + WRITE_SLICE_BYTES));
    }
    this.pump(slices);
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
    this.pausedByUs = false;
    if (this.buffer.length > 0) {
      this.buffer.clear();
      this.socket.destroy();
      throw new DrobotError(netErrors.connectionClosed, { step: this.step, params: this.where() });
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
      params: { ...this.where(), timeoutMs },
    });
  }

  private slowError(): DrobotError {
    return new DrobotError(netErrors.replyTooSlow, {
      step: this.step,
      retryable: true,
      params: {
        ...this.where(),
        timeoutMs: this.budget.replyTimeoutMs,
        minBytesPerSecond: this.limits.minBytesPerSecond,
      },
    });
  }

  private lineTooLong(): DrobotError {
    return this.bounded(netErrors.lineTooLong, this.limits.maxLineBytes);
  }

  private tooLarge(): DrobotError {
    return this.bounded(netErrors.replyTooLarge, this.limits.maxReplyBytes);
  }

  /** A size bound was passed: the rest of the reply is unread, so the connection is closed. */
  private bounded(def: ErrorDef, maxBytes: number): DrobotError {
    const error = new DrobotError(def, { step: this.step, params: { ...this.where(), maxBytes } });
    this.failure ??= error;
    this.socket.destroy();
    return error;
  }

  private where() {
    return { host: this.peer.host, port: this.peer.port, step: this.step };
  }
}
