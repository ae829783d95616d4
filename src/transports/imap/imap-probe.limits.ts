/**
 * Every bound the IMAP probe of the connection test puts on a server's replies, in one place. A server
 * may be broken or hostile: each reply is bounded in time, size and lines, so the test always ends
 * within about its timeout and holds a few megabytes at most.
 */
import type { LineLimits } from '../net/line-limits.js';

export const IMAP_PROBE_LIMITS = Object.freeze({
  lines: Object.freeze({
    /**
     * One line. IMAP has no line limit, but the probe's replies are short lines (the unseen count
     * comes from STATUS, not from a SEARCH naming every message); a FLAGS line with many keywords
     * is the longest real one, a few KiB.
     */
    maxLineBytes: 64 * 1024,
    /** One tagged reply with its untagged lines and literals. */
    maxReplyBytes: 1024 * 1024,
    /** As for POP3: 32 KiB/s is slower than any usable mail link (see `ReplyBudget`). */
    minBytesPerSecond: 32 * 1024,
    highWaterBytes: 256 * 1024,
  } satisfies LineLimits),
  /**
   * One literal `{n}` in a reply. The probe's commands get literals only for unusual folder names or
   * texts, a few hundred bytes; a literal larger than this is refused before it is read.
   */
  maxLiteralBytes: 256 * 1024,
  /** Untagged lines before a tagged reply: EXAMINE sends about ten; more is a server out of control. */
  maxUntaggedLines: 1000,
  /** Capability words: real servers announce 10–60, in a few hundred bytes. */
  maxCapabilities: 1000,
  maxCapabilityBytes: 16 * 1024,
  /** Continuations of one AUTHENTICATE: PLAIN takes 1, LOGIN 2, a failed OAuth login 1 more. */
  maxSaslRounds: 8,
});
