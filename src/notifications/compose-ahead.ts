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
  private readonly ready: Array<AheadOf<R, T>> = [];
  private readyBytes = 0;

  constructor(
    private readonly rows: R[],
    private readonly compose: (row: R) => Promise<T>,
    private readonly options: ComposeAheadOptions<R>,
  ) {}

  /** The next row with its composing, or undefined once every row was taken. */
  take(): AheadOf<R, T> | undefined {
    if (this.ready.length === 0) this.fill();
    const next = this.ready.shift();
    if (next) this.readyBytes -= this.options.sizeOf(next.row);
    // Refilled by halves: the next burst starts while half a window is still ready for the connections.
    if (this.ready.length <= this.options.window / 2) this.fill();
    return next;
  }

  private fill(): void {
    const { window, maxBytes, sizeOf, hasFiles } = this.options;
    for (let row = this.rows[0]; row !== undefined; row = this.rows[0]) {
      const first = this.ready.length === 0;
      if (!first && (this.ready.length >= window || this.readyBytes >= maxBytes || hasFiles(row))) return;
      this.rows.shift();
      const composing = this.compose(row);
      // Awaited when taken; until then a failure must not count as unhandled.
      composing.catch(() => undefined);
      this.ready.push({ row, composing });
      this.readyBytes += sizeOf(row);
      if (hasFiles(row)) return;
    }
  }
}
