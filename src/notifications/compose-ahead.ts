/** A queued row and its mail being composed (or composed), in the order the rows were claimed. */
export interface AheadOf<R, T> {
  readonly row: R;
  /** Settles with the composed mail or the composing's failure; whoever takes it awaits it. */
  readonly composing: Promise<T>;
}

export interface ComposeAheadOptions<R> {
  /** Mails composed and not yet taken, at most. */
  readonly window: number;
  /** Bytes of content (as `sizeOf` counts them) composed and not yet taken, at most, past the first. */
  readonly maxBytes: number;
  readonly sizeOf: (row: R) => number;
  /** A row whose files must be read: composed only once it is the next to be taken. */
  readonly hasFiles: (row: R) => boolean;
}

/**
 * Composes an account's queued mails ahead of its connections, a burst at a time. Composing each mail when
 * a connection has just sent the one before puts the composing between a server's reply and the next
 * write, on the thread that reads every connection's replies; a burst composed while the connections are
 * busy leaves each reply only the write to wait for (bench/README.md: 5,000 notifications, about 8 %
 * faster). The window and its bytes bound what is held; a mail with files (read from the blob store, of any
 * size) is never composed before its turn.
 */
export class ComposeAhead<R, T> {
  /**
   * Composed or composing, each with its size, from `readyFrom` on; the slots before it were taken and
   * emptied (a taken mail is the connection's to hold, not this window's).
   */
  private ready: Array<{ readonly ahead: AheadOf<R, T>; readonly bytes: number } | undefined> = [];
  private readyFrom = 0;
  private readyBytes = 0;
  /** The next row to compose is `rows[nextRow]`: a round's rows are walked, never shifted one by one. */
  private nextRow = 0;

  constructor(
    private readonly rows: readonly R[],
    private readonly compose: (row: R) => Promise<T>,
    private readonly options: ComposeAheadOptions<R>,
  ) {}

  /** The next row with its composing, or undefined once every row was taken. */
  take(): AheadOf<R, T> | undefined {
    if (this.waiting === 0) this.fill();
    const next = this.ready[this.readyFrom];
    if (next) {
      this.ready[this.readyFrom] = undefined;
      this.readyFrom += 1;
      this.readyBytes -= next.bytes;
    }
    // Refilled by halves: the next burst starts while half a window is still ready for the connections.
    if (this.waiting <= this.options.window / 2) this.fill();
    return next?.ahead;
  }

  /** Rows composed (or composing) and not taken. */
  private get waiting(): number {
    return this.ready.length - this.readyFrom;
  }

  private fill(): void {
    const { window, maxBytes, sizeOf, hasFiles } = this.options;
    // What was taken is dropped a window at a time, not shifted out entry by entry.
    if (this.readyFrom >= window) {
      this.ready = this.ready.slice(this.readyFrom);
      this.readyFrom = 0;
    }
    for (let row = this.rows[this.nextRow]; row !== undefined; row = this.rows[this.nextRow]) {
      const first = this.waiting === 0;
      if (!first && (this.waiting >= window || this.readyBytes >= maxBytes || hasFiles(row))) return;
      this.nextRow += 1;
      const composing = this.compose(row);
      // Awaited when taken; until then a failure must not count as unhandled.
      composing.catch(() => undefined);
      const bytes = sizeOf(row);
      this.ready.push({ ahead: { row, composing }, bytes });
      this.readyBytes += bytes;
      if (hasFiles(row)) return;
    }
  }
}
