/**
 * Every bound the POP3 client puts on what a server sends, in one place. A server may be broken or
 * hostile: each reply is bounded in size, in lines and in time, so that no server can make DRobot wait
 * without end or hold more than a few megabytes of its words.
 */
export interface Pop3Limits {
  /**
   * One reply line (a status line, a CAPA, LIST or UIDL line, a SASL challenge). RFC 2449 §4 allows
   * 512 octets; sixteen times that leaves room for servers generous with their texts.
   */
  readonly maxLineBytes: number;
  /** Lines of a CAPA reply. Real servers announce 10–20 capabilities. */
  readonly maxCapabilityLines: number;
  /**
   * Messages a mailbox may list (LIST, UIDL, STAT). Each login lists the whole maildrop, so a POP3
   * mailbox read by a help desk holds at most tens of thousands; 200,000 is far above that and keeps a
   * parsed listing (identity and size of each message) within a few tens of megabytes.
   */
  readonly maxListingEntries: number;
  /** Round trips of one AUTH exchange: PLAIN takes 1, LOGIN 2, a failed OAuth login 1 more. */
  readonly maxAuthRounds: number;
  /**
   * The size of one message when the caller gives no cap of its own: the largest message an account
   * may be set to accept (1 GiB). Callers pass the account's own limit.
   */
  readonly maxMessageBytes: number;
  /**
   * The slowest transfer accepted, in bytes per second of waiting for the server. A reply gets the
   * account's timeout for its first byte and, in all, the timeout plus one second per this many bytes
   * received: 32 KiB/s (256 kbit/s) is slower than any usable mail link, and a server that drips a
   * byte now and then to keep a command alive fails within about the timeout.
   */
  readonly minBytesPerSecond: number;
  /** Unread bytes held before the socket is paused: the server waits for DRobot, not the other way. */
  readonly highWaterBytes: number;
}

export const POP3_LIMITS: Pop3Limits = Object.freeze({
  maxLineBytes: 8 * 1024,
  maxCapabilityLines: 256,
  maxListingEntries: 200_000,
  maxAuthRounds: 8,
  maxMessageBytes: 1024 * 1024 * 1024,
  minBytesPerSecond: 32 * 1024,
  highWaterBytes: 256 * 1024,
});

/** The limits with some of them changed (tests use small ones; callers may be stricter). */
export function pop3Limits(overrides: Partial<Pop3Limits> = {}): Pop3Limits {
  return Object.freeze({ ...POP3_LIMITS, ...overrides });
}
