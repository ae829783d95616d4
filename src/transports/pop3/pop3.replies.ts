/** Pure parsing of POP3 replies (RFC 1939, RFC 2449). */

import { withoutTrailing } from '../../app/text-ends.js';

export interface Pop3Status {
  readonly ok: boolean;
  /** The text after `+OK` / `-ERR`, trimmed. */
  readonly text: string;
}

export interface Pop3Stat {
  readonly count: number;
  readonly size: number;
}

export interface Pop3ListEntry {
  /** Message number in this session (1-based). */
  readonly n: number;
  readonly size: number;
}

export interface Pop3UidlEntry {
  readonly n: number;
  /**
   * The server's unique id, stable across sessions: 1–70 printable characters by RFC 1939, but as the
   * server sent it (see `pop3.listing.ts` for what is done with invalid or repeated ones).
   */
  readonly uid: string;
}

/** `+OK …` or `-ERR …`; undefined for anything else (a continuation or garbage). */
export function parseStatus(line: Buffer): Pop3Status | undefined {
  const text = line.toString('utf8');
  if (text === '+OK' || text.startsWith('+OK ')) return { ok: true, text: text.slice(3).trim() };
  if (text === '-ERR' || text.startsWith('-ERR ')) return { ok: false, text: text.slice(4).trim() };
  return undefined;
}

/** A SASL continuation `+ <base64>` (or a bare `+`): its challenge; undefined when not a continuation. */
export function parseContinuation(line: Buffer): string | undefined {
  const text = line.toString('latin1');
  if (text === '+') return '';
  if (text.startsWith('+ ')) return text.slice(2).trim();
  return undefined;
}

/** The APOP timestamp `<…@…>` of a greeting, if any. */
export function greetingTimestamp(text: string): string | undefined {
  return /<[^<>\s]*@[^<>\s]*>/.exec(text)?.[0];
}

function nonNegative(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** Message numbers start at 1 (RFC 1939 §5). */
function messageNumber(text: string | undefined): number | undefined {
  const n = nonNegative(text);
  return n !== undefined && n >= 1 ? n : undefined;
}

export function parseStat(text: string): Pop3Stat | undefined {
  const [count, size] = text.split(/\s+/);
  const c = nonNegative(count);
  const s = nonNegative(size);
  return c === undefined || s === undefined ? undefined : { count: c, size: s };
}

/** One line `n size` of a LIST reply; undefined for anything else. */
export function parseListLine(line: string): Pop3ListEntry | undefined {
  const [n, size] = line.trim().split(/\s+/);
  const nn = messageNumber(n);
  const ss = nonNegative(size);
  return nn !== undefined && ss !== undefined ? { n: nn, size: ss } : undefined;
}

/**
 * One line `n uid` of a UIDL reply; undefined for anything else. The uid is everything after the
 * number, as sent (bytes as latin1): whether it is a valid RFC 1939 uid is decided by the listing.
 */
export function parseUidlLine(line: string): Pop3UidlEntry | undefined {
  const head = /^\s*(\d+)[ \t]+/.exec(line);
  const n = messageNumber(head?.[1]);
  if (!head || n === undefined) return undefined;
  // Not a lazy `(.*?)[ \t]*$`: 28 ms for one 8 KB line of blanks from a hostile server.
  const uid = withoutTrailing(line, isBlank, head[0].length);
  return uid !== '' ? { n, uid } : undefined;
}

/** A space or a tab. */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Lines `n size` of a LIST reply. */
export function parseList(lines: readonly string[]): Pop3ListEntry[] {
  return lines.map(parseListLine).filter((e): e is Pop3ListEntry => e !== undefined);
}

/** Lines `n uid` of a UIDL reply. */
export function parseUidl(lines: readonly string[]): Pop3UidlEntry[] {
  return lines.map(parseUidlLine).filter((e): e is Pop3UidlEntry => e !== undefined);
}

/** The SASL mechanisms a CAPA reply names (`SASL PLAIN LOGIN`), upper case. */
export function saslMechanismsOf(capabilities: readonly string[]): string[] {
  const line = capabilities.find((c) => /^SASL(\s|$)/i.test(c));
  if (!line) return [];
  return line
    .split(/\s+/)
    .slice(1)
    .filter((m) => m.length > 0)
    .map((m) => m.toUpperCase());
}

export function hasCapability(capabilities: readonly string[], name: string): boolean {
  const wanted = name.toUpperCase();
  return capabilities.some((c) => c.split(/\s+/)[0]?.toUpperCase() === wanted);
}

/** Bytes shown to a person: printable ASCII kept, the rest as `\xNN`, cut at `max` bytes. */
export function printable(bytes: Buffer, max = 80): string {
  let out = '';
  for (const byte of bytes.subarray(0, max)) {
    out +=
      byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > max ? `${out}…` : out;
}
