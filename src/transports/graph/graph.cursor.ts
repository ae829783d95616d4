/**
 * The cursor of a Graph source: where a delta sync stands. Opaque to the caller, a small JSON text here:
 * the link to ask next (a `@odata.nextLink` while the first sync pages, then the `@odata.deltaLink`) and
 * whether the first sync is still under way (its first-run policy then still applies). Pure.
 */
export interface GraphCursor {
  /** `initial` until the first full sync reached its deltaLink; `resync` after an expired one. */
  readonly phase: 'initial' | 'resync' | 'sync';
  readonly link: string;
}

export function encodeGraphCursor(cursor: GraphCursor): string {
  return JSON.stringify({ v: 1, phase: cursor.phase, link: cursor.link });
}

/** The cursor, or undefined when it is not one of ours (it is then ignored and the sync starts over). */
export function decodeGraphCursor(text: string | undefined): GraphCursor | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { v?: unknown; phase?: unknown; link?: unknown };
    const phase = parsed.phase;
    if (parsed.v !== 1 || typeof parsed.link !== 'string') return undefined;
    if (phase !== 'initial' && phase !== 'resync' && phase !== 'sync') return undefined;
    return { phase, link: parsed.link };
  } catch {
    return undefined;
  }
}
