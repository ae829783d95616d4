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
 * Bytes of a mail held in memory: most mails (tens of kilobytes) never touch a file of their own — their
 * bytes go from memory into the batch's pack — and no thread-pool round trip is spent per network read.
 */
export const SINK_MEMORY_BYTES = 256 * 1024;

/**
 * Where a downloaded mail goes, hashed and counted while the bytes arrive: memory while it is small, a temp
 * file once it is not. It fails the moment more bytes than `cap` arrive, whatever size the server claimed,
 * so a lying server can make DRobot neither fill the disk nor read on forever: the transport sees the error
 * and stops reading.
 */
export class MailSink extends Writable {
  private readonly hash = crypto.createHash('sha256');
  private fd: number | undefined;
  private received = 0;
  /** The bytes not written yet, while the mail fits in memory (undefined once it streams). */
  private held: Buffer[] | undefined = [];
  private whole: Buffer | undefined;

  constructor(
    /** Where the bytes go once the mail is too large for memory (created only then). */
    readonly file: string,
    readonly cap: number,
  ) {
    super({ highWaterMark: SINK_MEMORY_BYTES });
  }

  /** Bytes received so far. */
  get size(): number {
    return this.received;
  }

  /** The whole mail once it finished, when it stayed in memory; undefined when it is in `file`. */
  get bytes(): Buffer | undefined {
    return this.whole;
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
    if (this.fd === undefined) {
      // Too large for memory: everything goes to the file from now on.
      const pending = [...(this.held ?? []), chunk];
      this.held = undefined;
      fs.open(this.file, 'wx', 0o600, (error, fd) => {
        if (error) return callback(error);
        // Dropped while its file was being created: the file is nobody's (see removeSinkFile).
        if (this.destroyed) return fs.close(fd, () => fs.rm(this.file, { force: true }, () => callback()));
        this.fd = fd;
        writeAll(fd, pending, callback);
      });
      return;
    }
    writeAll(this.fd, [chunk], callback);
  }

  /**
   * The chunks that arrived while the file was busy, written in one call: a mail too large for memory comes
   * in network reads of a few kilobytes, and each write is a thread-pool round trip.
   */
  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    if (this.fd === undefined) return this.writeEach(chunks, 0, callback);
    const buffers = chunks.map((c) => c.chunk);
    const size = buffers.reduce((n, b) => n + b.length, 0);
    this.received += size;
    if (this.received > this.cap) return callback(new MailTooLargeError(this.received, this.cap));
    for (const b of buffers) this.hash.update(b);
    writeAll(this.fd, buffers, callback);
  }

  /** Before the file exists (the mail may still fit in memory), chunks go one by one through `_write`. */
  private writeEach(
    chunks: ReadonlyArray<{ chunk: Buffer; encoding: BufferEncoding }>,
    from: number,
    callback: (error?: Error | null) => void,
  ): void {
    const entry = chunks[from];
    if (!entry) return callback();
    this._write(entry.chunk, entry.encoding, (error) =>
      error ? callback(error) : this.writeEach(chunks, from + 1, callback),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.held = undefined;
    if (this.fd === undefined) return callback(error);
    const fd = this.fd;
    this.fd = undefined;
    fs.close(fd, () => callback(error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.held) {
      this.whole = Buffer.concat(this.held);
      this.held = undefined;
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
