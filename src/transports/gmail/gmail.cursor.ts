/**
 * The cursor of a Gmail source, opaque to the caller: a small JSON text. While the first full listing
 * (or a resync) pages through `messages.list` it holds the page token and the historyId taken before the
 * listing began; afterwards the historyId to ask `history.list` from. Pure.
 */
export type GmailCursor =
  | {
      readonly phase: 'initial' | 'resync';
      /** The mailbox's historyId when this listing began: history continues from there. */
      readonly history: string;
      readonly page: string;
    }
  | { readonly phase: 'history'; readonly history: string };

export function encodeGmailCursor(cursor: GmailCursor): string {
  return JSON.stringify({ v: 1, ...cursor });
}

/** The cursor, or undefined when it is not one of ours. */
export function decodeGmailCursor(text: string | undefined): GmailCursor | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { v?: unknown; phase?: unknown; history?: unknown; page?: unknown };
    if (parsed.v !== 1 || typeof parsed.history !== 'string' || !/^\d{1,20}$/.test(parsed.history)) {
      return undefined;
    }
    if (parsed.phase === 'history') return { phase: 'history', history: parsed.history };
    if ((parsed.phase === 'initial' || parsed.phase === 'resync') && typeof parsed.page === 'string') {
      return { phase: parsed.phase, history: parsed.history, page: parsed.page };
    }
    return undefined;
  } catch {
    return undefined;
  }
}
