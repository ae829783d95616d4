/**
 * One message body as a byte stream over a {@link Pop3Body}: read from the socket only as fast as it is
 * consumed. Destroyed early, it reads the rest and drops it, so the connection stays usable for the
 * next command. Past the byte cap the stream fails with the body's oversize error (bytes still
 * buffered in the stream at that moment are not handed out: use `Pop3Client.retrTo` to keep them).
 */
import { Readable } from 'node:stream';
import type { Pop3Body } from './pop3.body.js';

export class MessageStream extends Readable {
  private pumping = false;

  constructor(private readonly body: Pop3Body) {
    super({ highWaterMark: 64 * 1024 });
  }

  /** True once the terminating line was read. */
  get finished(): boolean {
    return this.body.done;
  }

  override _read(): void {
    void this.pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    void this.body.drop();
    callback(error);
  }

  /** Moves bytes from the socket into the stream until it wants no more, or the body ends. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const bytes = await this.body.next();
        if (this.destroyed) return;
        if (bytes === null) {
          this.push(null);
          return;
        }
        if (!this.push(bytes)) return;
      }
    } catch (error) {
      if (!this.destroyed) this.destroy(error as Error);
    } finally {
      this.pumping = false;
    }
  }
}
