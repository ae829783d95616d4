/**
 * Every bound the SMTP probe of the connection test puts on a server's replies, in one place. A server
 * may be broken or hostile: each reply is bounded in time and size, so the test always ends within
 * about its timeout and holds next to nothing.
 */
import type { LineLimits } from '../net/line-limits.js';

export const SMTP_PROBE_LIMITS = Object.freeze({
  lines: Object.freeze({
    /** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; sixteen times that for generous texts. */
    maxLineBytes: 8 * 1024,
    /**
     * One (multi-line) reply: an EHLO reply lists 10–20 extensions in about 1 KiB; 64 KiB ends a reply
     * that never ends.
     */
    maxReplyBytes: 64 * 1024,
    /** As for POP3: 32 KiB/s is slower than any usable mail link (see `ReplyBudget`). */
    minBytesPerSecond: 32 * 1024,
    highWaterBytes: 64 * 1024,
  } satisfies LineLimits),
});
