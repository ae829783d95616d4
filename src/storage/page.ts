import type { Text } from '../i18n/lang.js';
import { fieldIssue, validationError } from '../errors/validation.js';

/** One page of a listing, and the cursor that continues it when more exist. */
export interface Page<T> {
  readonly items: T[];
  readonly next: string | undefined;
}

export const MAX_PAGE = 1000;

/** From `limit + 1` rows in listing order: the page, and the cursor of its last item when there are more. */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? cursorOf(last) : undefined };
}

/** A page of a list held whole, after the item whose cursor is `after`. */
export function pageAfter<T>(
  all: readonly T[],
  limit: number,
  after: string | undefined,
  cursorOf: (item: T) => string,
): Page<T> {
  const found = after === undefined ? -1 : all.findIndex((item) => cursorOf(item) === after);
  // A cursor that names nothing (a removed item, a made-up value) must not restart the listing.
  if (after !== undefined && found === -1) throw badCursor();
  const start = found + 1;
  return pageOf(all.slice(start, start + limit + 1), limit, cursorOf);
}

const texts = {
  badCursor: {
    es: '«{field}» debe ser el cursor que dio la página anterior.',
    en: '"{field}" must be the cursor the previous page gave.',
  },
  badLimit: {
    es: '«{field}» debe ser un número entero de 1 a 1000.',
    en: '"{field}" must be a whole number from 1 to 1000.',
  },
} satisfies Record<string, Text>;

/** A page size given as text (a flag or a query), checked. */
export function parseLimit(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw validationError([fieldIssue('limit', 'invalid_limit', texts.badLimit)]);
  }
  return n;
}

/** An id cursor (a positive whole number), checked. */
export function parseIdCursor(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value)) throw badCursor();
  return Number(value);
}

export function badCursor(): Error {
  return validationError([fieldIssue('after', 'invalid_cursor', texts.badCursor)]);
}

/** A keyset cursor of a time and an id, opaque to the reader. */
export function encodeTimeCursor(at: string, id: number): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

export function decodeTimeCursor(value: string | undefined): { at: string; id: number } | undefined {
  if (value === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && at.length <= 40 && typeof id === 'number' && Number.isInteger(id) && id > 0)
      return { at, id };
  } catch {
    // falls through to the field error
  }
  throw badCursor();
}
