/**
 * The bounds a line-oriented connection puts on a server's replies. Each protocol probe sets its own
 * (IMAP answers in longer lines than SMTP), in one place next to the probe, saying why.
 */
export interface LineLimits {
  /** One line, without its CR LF. */
  readonly maxLineBytes: number;
  /** One whole reply: every line and literal read between two commands. */
  readonly maxReplyBytes: number;
  /** The slowest transfer accepted, in bytes per second of waiting (see `ReplyBudget`). */
  readonly minBytesPerSecond: number;
  /** Unread bytes held before the socket is paused. */
  readonly highWaterBytes: number;
}

/**
 * For a caller that sets none: lines of 64 KiB (far above the 512 octets SMTP and POP3 allow) and
 * replies of 1 MiB, at the minimum rate POP3 uses too.
 */
export const DEFAULT_LINE_LIMITS: LineLimits = Object.freeze({
  maxLineBytes: 64 * 1024,
  maxReplyBytes: 1024 * 1024,
  minBytesPerSecond: 32 * 1024,
  highWaterBytes: 256 * 1024,
});
