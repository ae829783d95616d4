/**
 * What one mail may put in the case view. The raw mail always keeps everything; these bound the memory and
 * time one mail costs (a 50 MB one-line body is read as a stream and cut, never built as one string).
 */
export const PARSE_LIMITS = {
  /** A raw mail up to this size is read whole and split in memory; a larger one streams through the parser. */
  wholeMailBytes: 1024 * 1024,
  maxParts: 100,
  maxTextBytes: 1024 * 1024,
  maxHtmlBytes: 1024 * 1024,
  maxTnefBytes: 32 * 1024 * 1024,
  /** The reply stripper reads at most this much of the text (its result is the start of the text). */
  replyInputChars: 64 * 1024,
} as const;
