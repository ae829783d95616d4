/**
 * One message body (RETR, TOP) pulled off the connection chunk by chunk, only as fast as it is asked
 * for: dot-unstuffed, counted on the bytes actually received, ended at the terminating line. Past the
 * caller's byte cap it hands out the bytes up to the cap, then fails with {@link Pop3OversizeError}:
 * POP3 cannot cancel a RETR, so the connection is dropped rather than read to the end.
 */
import { isDrobotError, type DrobotError } from '../../errors/drobot-error.js';
import { Pop3OversizeError, pop3Error, pop3Errors } from './pop3.errors.js';
import { MultilineDecoder } from './pop3.multiline.js';
import type { Pop3Reader } from './pop3.reader.js';

export class Pop3Body {
  private readonly decoder = new MultilineDecoder();
  private received = 0;
  private failure: DrobotError | undefined;
  private dropping = false;
  /** The read in progress: a stream's pump and a drop may both ask, one read at a time. */
  private reading: Promise<unknown> = Promise.resolve();
  private resolveSettled!: () => void;
  private rejectSettled!: (error: Error) => void;
  /** Settles once the whole reply is off the connection: read, dropped, or the connection failed. */
  readonly settled: Promise<void>;

  constructor(
    private readonly reader: Pop3Reader,
    private readonly step: string,
    /** The message number, for errors. */
    private readonly message: number,
    private readonly maxBytes: number,
    /** Marks the connection broken after an error (every error here leaves it mid-reply). */
    private readonly onFatal: (error: DrobotError) => DrobotError,
  ) {
    this.settled = new Promise<void>((resolve, reject) => {
      this.resolveSettled = resolve;
      this.rejectSettled = reject;
    });
    // Nobody may wait on it: do not let a rejection go unhandled.
    this.settled.catch(() => undefined);
  }

  /** True once the terminating line was read. */
  get done(): boolean {
    return this.decoder.done;
  }

  /** True once nobody will read the rest: it is being dropped, or the body failed. */
  get abandoned(): boolean {
    return this.dropping || this.failure !== undefined;
  }

  /** Message bytes received so far (after dot-unstuffing). */
  get receivedBytes(): number {
    return this.received;
  }

  /**
   * The next bytes of the message (never empty), or null at its end. Past the cap: the bytes up to the
   * cap first, then the {@link Pop3OversizeError} on the following call.
   */
  next(): Promise<Buffer | null> {
    const read = this.reading.then(
      () => this.read(),
      () => this.read(),
    );
    this.reading = read.catch(() => undefined);
    return read;
  }

  private async read(): Promise<Buffer | null> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.decoder.done) return null;
      let chunk: Buffer;
      try {
        chunk = await this.reader.chunk(this.step);
      } catch (error) {
        throw this.fail(
          isDrobotError(error)
            ? error
            : pop3Error(pop3Errors.connectionClosed, this.step, { cause: error, retryable: true }),
        );
      }
      const { out, done, rest } = this.decoder.push(chunk);
      if (done) this.reader.unshift(rest);
      this.received += out.length;
      if (this.received > this.maxBytes) {
        const keep = out.length - (this.received - this.maxBytes);
        const oversize = new Pop3OversizeError({
          message: this.message,
          maxBytes: this.maxBytes,
          receivedBytes: this.received,
          step: this.step,
        });
        this.fail(oversize);
        if (keep > 0) return out.subarray(0, keep);
        throw oversize;
      }
      if (done) this.resolveSettled();
      if (out.length > 0) return out;
    }
  }

  /**
   * Reads the rest and drops it, so the connection stays usable for the next command; still bounded
   * by the cap and the reply's time (past them the connection is dropped instead). Never rejects.
   */
  async drop(): Promise<void> {
    if (!this.abandoned && !this.done) {
      this.dropping = true;
      try {
        while ((await this.next()) !== null) {
          // Dropped on purpose.
        }
      } catch {
        // Recorded by fail(): the connection is broken and says so to the next command.
      }
    }
    await this.settled.catch(() => undefined);
  }

  private fail(error: DrobotError): DrobotError {
    this.failure ??= this.onFatal(error);
    this.rejectSettled(this.failure);
    return this.failure;
  }
}
