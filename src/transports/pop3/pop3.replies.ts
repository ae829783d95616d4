/** Pure parsing of POP3 replies (RFC 1939, RFC 2449). */

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
  /** The server's unique id, stable across sessions (1–70 printable characters). */
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
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

export function parseStat(text: string): Pop3Stat | undefined {
  const [count, size] = text.split(/\s+/);
  const c = nonNegative(count);
  const s = nonNegative(size);
  return c === undefined || s === undefined ? undefined : { count: c, size: s };
}

/** Lines `n size` of a LIST reply. */
export function parseList(lines: readonly string[]): Pop3ListEntry[] {
  const entries: Pop3ListEntry[] = [];
  for (const line of lines) {
    const [n, size] = line.trim().split(/\s+/);
    const nn = nonNegative(n);
    const ss = nonNegative(size);
    if (nn !== undefined && ss !== undefined) entries.push({ n: nn, size: ss });
  }
  return entries;
}

/** Lines `n uid` of a UIDL reply. */
export function parseUidl(lines: readonly string[]): Pop3UidlEntry[] {
  const entries: Pop3UidlEntry[] = [];
  for (const line of lines) {
    const [n, uid] = line.trim().split(/\s+/);
    const nn = nonNegative(n);
    if (nn !== undefined && uid !== undefined && uid !== '') entries.push({ n: nn, uid });
  }
  return entries;
}

/** The lines of a small multi-line body (CAPA, LIST, UIDL), without empty ones. */
export function bodyLines(body: Buffer): string[] {
  return body
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
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
