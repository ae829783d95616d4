/**
 * One message body as a byte stream: read from the socket only as fast as it is consumed, dot-unstuffed,
 * ended at the terminating line. Destroyed early, it reads the rest and drops it, so the connection stays
 * usable for the next command.
 */
import { Readable } from 'node:stream';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { pop3Errors } from './pop3.errors.js';
import { MultilineDecoder } from './pop3.multiline.js';
import type { Pop3Reader } from './pop3.reader.js';

export class MessageStream extends Readable {
  private readonly decoder = new MultilineDecoder();
  private pumping = false;
  private resolveDrained!: () => void;
  private rejectDrained!: (error: Error) => void;
  /** Settles once the whole reply was read off the connection (consumed or dropped). */
  readonly drained: Promise<void>;

  constructor(
    private readonly reader: Pop3Reader,
    private readonly step: string,
    private readonly onFailure: (error: DrobotError) => DrobotError,
  ) {
    super({ highWaterMark: 64 * 1024 });
    this.drained = new Promise<void>((resolve, reject) => {
      this.resolveDrained = resolve;
      this.rejectDrained = reject;
    });
    // Nobody may wait on it: do not let a rejection go unhandled.
    this.drained.catch(() => undefined);
  }

  /** True once the terminating line was read. */
  get finished(): boolean {
    return this.decoder.done;
  }

  override _read(): void {
    void this.pump(false);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.decoder.done) void this.pump(true);
    callback(error);
  }

  /** Moves bytes from the socket into the stream until it wants no more (or, draining, to the end). */
  private async pump(draining: boolean): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.decoder.done) {
        const { out, done, rest } = this.decoder.push(await this.reader.chunk(this.step));
        if (done) {
          this.reader.unshift(rest);
          this.resolveDrained();
          if (!this.destroyed) {
            if (out.length > 0) this.push(out);
            this.push(null);
          }
          return;
        }
        if (draining || this.destroyed) continue;
        if (out.length > 0 && !this.push(out)) return;
      }
    } catch (error) {
      const failure = this.onFailure(
        isDrobotError(error)
          ? error
          : new DrobotError(pop3Errors.connectionClosed, { step: this.step, cause: error, retryable: true }),
      );
      this.rejectDrained(failure);
      if (!this.destroyed) this.destroy(failure);
    } finally {
      this.pumping = false;
    }
  }
}
