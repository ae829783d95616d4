import crypto from 'node:crypto';
import fs from 'node:fs';
import { Writable } from 'node:stream';

/** A download went past its byte cap: the server sent more than the account accepts for one mail. */
export class MailTooLargeError extends Error {
  constructor(
    readonly received: number,
    readonly cap: number,
  ) {
    super(`the server sent more than ${cap} bytes for one mail (${received} received so far)`);
    this.name = 'MailTooLargeError';
  }
}

/**
 * Bytes of a mail held in memory before its file is opened: most mails (tens of kilobytes) are then
 * written with one call when they end, instead of a thread-pool round trip per network read.
 */
export const SINK_MEMORY_BYTES = 256 * 1024;

/**
 * Where a downloaded mail goes: a temp file, hashed and counted while the bytes arrive. It fails the
 * moment more bytes than `cap` arrive, whatever size the server claimed, so a lying server can make
 * DRobot neither fill the disk nor read on forever: the transport sees the error and stops reading.
 * A small mail is held in memory and written when it ends; a larger one streams into the file.
 */
export class MailSink extends Writable {
  private readonly hash = crypto.createHash('sha256');
  private fd: number | undefined;
  private received = 0;
  /** The bytes not written yet, while the mail fits in memory (undefined once it streams). */
  private held: Buffer[] | undefined = [];

  constructor(
    readonly file: string,
    readonly cap: number,
  ) {
    super({ highWaterMark: SINK_MEMORY_BYTES });
  }

  /** Bytes received so far. */
  get size(): number {
    return this.received;
  }

  /** The SHA-256 (hex) of everything received; call once, after the stream finished. */
  digest(): string {
    return this.hash.digest('hex');
  }

  override _construct(callback: (error?: Error | null) => void): void {
    // Opened off this thread while the first bytes arrive: creating a file is the costly part of writing it.
    fs.open(this.file, 'wx', 0o600, (error, fd) => {
      if (error) return callback(error);
      this.fd = fd;
      callback();
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received += chunk.length;
    if (this.received > this.cap) return callback(new MailTooLargeError(this.received, this.cap));
    this.hash.update(chunk);
    if (this.held && this.received <= SINK_MEMORY_BYTES) {
      this.held.push(chunk);
      return callback();
    }
    // Too large for memory: everything goes to the file from now on.
    const pending = this.held ? [...this.held, chunk] : [chunk];
    this.held = undefined;
    writeAll(this.fd as number, pending, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.held = undefined;
    if (this.fd === undefined) return callback(error);
    const fd = this.fd;
    this.fd = undefined;
    fs.close(fd, () => callback(error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    const fd = this.fd as number;
    this.fd = undefined;
    const held = this.held;
    this.held = undefined;
    try {
      // At most SINK_MEMORY_BYTES copied into the page cache: cheaper on this thread than a trip to the
      // thread pool. It is made durable later, with the batch it joins.
      if (held) writeAllSync(fd, held);
    } catch (error) {
      fs.close(fd, () => callback(error as Error));
      return;
    }
    fs.close(fd, (error) => callback(error));
  }
}

function writeAllSync(fd: number, chunks: Buffer[]): void {
  let rest = chunks;
  for (;;) {
    const total = rest.reduce((n, c) => n + c.length, 0);
    if (total === 0) return;
    const written = fs.writevSync(fd, rest);
    if (written >= total) return;
    rest = [Buffer.concat(rest).subarray(written)];
  }
}

function writeAll(fd: number, chunks: Buffer[], callback: (error?: Error | null) => void): void {
  fs.writev(fd, chunks, null, (error, written) => {
    if (error) return callback(error);
    const total = chunks.reduce((n, c) => n + c.length, 0);
    if (written >= total) return callback();
    // A short write: what is left goes again.
    const rest = Buffer.concat(chunks).subarray(written);
    writeAll(fd, [rest], callback);
  });
}
