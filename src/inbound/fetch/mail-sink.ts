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
 * Where a downloaded mail goes: a temp file, hashed and counted while the bytes arrive. It fails the
 * moment more bytes than `cap` arrive, whatever size the server claimed, so a lying server can make
 * DRobot neither fill the disk nor read on forever: the transport sees the error and stops reading.
 */
export class MailSink extends Writable {
  private readonly hash = crypto.createHash('sha256');
  private fd: number | undefined;
  private received = 0;

  constructor(
    readonly file: string,
    readonly cap: number,
  ) {
    super({ highWaterMark: 256 * 1024 });
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
    writeAll(this.fd as number, chunk, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.fd === undefined) return callback(error);
    const fd = this.fd;
    this.fd = undefined;
    fs.close(fd, () => callback(error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    const fd = this.fd as number;
    this.fd = undefined;
    fs.close(fd, (error) => callback(error));
  }
}

function writeAll(fd: number, chunk: Buffer, callback: (error?: Error | null) => void): void {
  fs.write(fd, chunk, 0, chunk.length, null, (error, written) => {
    if (error) return callback(error);
    if (written < chunk.length) return writeAll(fd, chunk.subarray(written), callback);
    callback();
  });
}
