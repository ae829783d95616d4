/**
 * The time one server reply may take. A timer that starts again on every byte lets a server that
 * drips one byte at a time keep a command alive without end; this budget does not: the first byte must
 * come within the timeout, no pause may last longer than the timeout, and once the reply has begun it
 * gets the timeout plus one second per `minBytesPerSecond` bytes received, in all. Only time spent
 * waiting for the server counts, never time the reader spends waiting for its own consumer
 * (back-pressure). So a reply ends, one way or another, within twice the timeout plus its size at the
 * minimum rate.
 */
export class ReplyBudget {
  private waitedMs = 0;
  private bytes = 0;
  private current: number;

  constructor(
    readonly timeoutMs: number,
    readonly minBytesPerSecond: number,
  ) {
    this.current = timeoutMs;
  }

  /**
   * A new reply starts (a command was sent, or the connection opened), with the usual timeout or, for a
   * reply a server may rightly think over longer (the end of a mail's data), one of its own.
   */
  begin(timeoutMs = this.timeoutMs): void {
    this.waitedMs = 0;
    this.bytes = 0;
    this.current = timeoutMs;
  }

  /** The timeout of the reply under way. */
  get replyTimeoutMs(): number {
    return this.current;
  }

  /** Bytes arrived from the server. */
  received(count: number): void {
    this.bytes += count;
  }

  /** True once the reply's first byte came: from then on waiting counts against the reply's time. */
  get begun(): boolean {
    return this.bytes > 0;
  }

  /** How long the next wait for data may last; 0 when the reply has used up its time. */
  nextWaitMs(): number {
    if (!this.begun) return this.current;
    const overall = this.current + (this.bytes * 1000) / this.minBytesPerSecond - this.waitedMs;
    return Math.max(0, Math.min(this.current, Math.floor(overall)));
  }

  /** Time spent waiting for the server; `counted` is {@link begun} as it was when the wait started. */
  waited(ms: number, counted: boolean): void {
    if (counted) this.waitedMs += ms;
  }

  /**
   * Why a wait of `waitMs` that ran out ends the reply: `silent` when the server said nothing for the
   * whole timeout, `slow` when it kept talking but too slowly for the reply to end in time.
   */
  verdict(waitMs: number): 'silent' | 'slow' {
    return waitMs >= this.current ? 'silent' : 'slow';
  }
}
