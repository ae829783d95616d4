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

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received += chunk.length;
    if (this.received > this.cap) return callback(new MailTooLargeError(this.received, this.cap));
    this.hash.update(chunk);
    if (this.held && this.received <= SINK_MEMORY_BYTES) {
      this.held.push(chunk);
      return callback();
    }
    // Too large for memory: the file is opened and everything goes there from now on.
    const pending = this.held ? [...this.held, chunk] : [chunk];
    this.held = undefined;
    const write = (fd: number) => writeAll(fd, pending, callback);
    if (this.fd !== undefined) return write(this.fd);
    fs.open(this.file, 'wx', 0o600, (error, fd) => {
      if (error) return callback(error);
      this.fd = fd;
      write(fd);
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.held = undefined;
    if (this.fd === undefined) return callback(error);
    const fd = this.fd;
    this.fd = undefined;
    fs.close(fd, () => callback(error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    const held = this.held;
    if (held) {
      this.held = undefined;
      try {
        // At most SINK_MEMORY_BYTES into the page cache: cheaper on this thread than three trips to
        // the thread pool (open, write, close). It is made durable later, with the batch it joins.
        fs.writeFileSync(this.file, held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held), {
          flag: 'wx',
          mode: 0o600,
        });
      } catch (error) {
        return callback(error as Error);
      }
      return callback();
    }
    const fd = this.fd as number;
    this.fd = undefined;
    fs.close(fd, (error) => callback(error));
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
