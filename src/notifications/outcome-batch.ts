/**
 * Gathers the outcomes of sends and writes them together: one transaction (one commit, one fsync on
 * SQLite) for up to `maxItems` outcomes or whatever `maxDelayMs` collected, instead of one per mail.
 *
 * The window this opens is the lease's contract, unchanged in kind: a mail handed to the server whose
 * outcome is still waiting here when the process dies stays `sending` under its lease, and goes out again
 * with the same Message-ID once the lease has run out. The window is at most one batch (and the write
 * in progress), instead of one mail.
 */
export interface OutcomeBatchOptions<T> {
  /** Writes the items in one transaction; returns, per item in order, whether it was kept. */
  readonly write: (items: readonly T[]) => Promise<readonly boolean[]>;
  /** Outcomes written together at most. */
  readonly maxItems: number;
  /** How long the first outcome of a batch may wait for others. */
  readonly maxDelayMs: number;
}

interface Waiting<T> {
  readonly item: T;
  readonly resolve: (kept: boolean) => void;
  readonly reject: (error: unknown) => void;
}

export class OutcomeBatch<T> {
  private waiting: Array<Waiting<T>> = [];
  private timer: NodeJS.Timeout | undefined;
  // One write at a time: a batch gathers while the previous one commits.
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: OutcomeBatchOptions<T>) {}

  /** Queues an outcome; resolves once it is written (false: this worker no longer held the row). */
  add(item: T): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxItems) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs);
    });
  }

  /** Writes what is waiting now; resolves when every write begun so far has ended. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(async () => {
        try {
          const kept = await this.options.write(batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(kept[i] === true));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      });
    }
    return this.writing;
  }
}
