/** What a delivery status notification (RFC 3464) says about the first failed recipient. */
export interface DeliveryFailure {
  readonly recipient: string | null;
  /** The enhanced status code, e.g. `5.1.1`. */
  readonly status: string | null;
  readonly action: string | null;
  readonly diagnostic: string | null;
  /**
   * Delivery failed: `Action: failed` (RFC 3464 §2.3.3; `delayed`, `delivered`, `relayed` and `expanded`
   * are not failures), or a 5.x.x status in a block without an action.
   */
  readonly failed: boolean;
  /** Delivery is delayed and still being tried: `Action: delayed` (a warning, not a failure). */
  readonly delayed: boolean;
}

/**
 * Reads a message/delivery-status or message/global-delivery-status body (RFC 3464, RFC 6533 §6.2): per-recipient
 * blocks; the first failed (or else first) one wins.
 */
export function readDeliveryStatus(body: string): DeliveryFailure {
  const blocks = body
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map(fields)
    .filter((f) => f.has('final-recipient') || f.has('original-recipient'));
  const chosen = blocks.find((f) => f.get('action')?.toLowerCase() === 'failed') ?? blocks[0];
  if (!chosen) {
    return { recipient: null, status: null, action: null, diagnostic: null, failed: false, delayed: false };
  }
  const status = chosen.get('status')?.match(/\d\.\d{1,3}\.\d{1,3}/)?.[0] ?? null;
  const action = chosen.get('action')?.toLowerCase() ?? null;
  return {
    // A Final-Recipient that gives no readable address leaves the Original-Recipient to say who it was.
    recipient:
      addressOf(chosen.get('final-recipient'), false) ?? addressOf(chosen.get('original-recipient'), true),
    status,
    action,
    diagnostic: chosen.get('diagnostic-code') ?? null,
    failed: action === null ? status?.startsWith('5') === true : /^failed\b/.test(action),
    delayed: action !== null && /^delayed\b/.test(action),
  };
}

function fields(block: string): Map<string, string> {
  const map = new Map<string, string>();
  const unfolded = block.replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!map.has(name)) map.set(name, line.slice(colon + 1).trim());
  }
  return map;
}

/**
 * The address of a Final-Recipient or Original-Recipient field, lowercased, or null when it gives none that can
 * be read. `rfc822; user@example.com` is taken as written: RFC 3464 §2.3.2 has a Final-Recipient report the
 * envelope's address exactly, while an Original-Recipient repeats the ORCPT parameter, which some servers copy
 * still in xtext (RFC 3461 §4.2). `utf-8; …` is RFC 6533 §3's type, its `\x{HEX}` escapes decoded.
 */
function addressOf(value: string | undefined, original: boolean): string | null {
  if (!value) return null;
  const semi = value.indexOf(';');
  const type = semi >= 0 ? value.slice(0, semi).trim().toLowerCase() : '';
  const written = (semi >= 0 ? value.slice(semi + 1) : value).trim().replace(/^<|>$/g, '');
  const address =
    type === 'utf-8'
      ? decodeUtf8Address(written)
      : type === 'rfc822' && original
        ? fromXtext(written)
        : written;
  return address ? address.toLowerCase() : null;
}

/** The longest a utf-8 address (254 octets) can be written: each character a ten-character `\x{10FFFF}`. */
const MAX_UTF8_ADDRESS = 2540;
/** An RFC 6533 EmbeddedUnicodeChar: `\x{` one to six hex digits `}`, read where a backslash stands. */
const EMBEDDED = /\\x\{([0-9A-Fa-f]{1,6})\}/y;
/** Characters no address holds. */
const CONTROL = /\p{Cc}/u;

/**
 * A utf-8 address type's value (RFC 6533 §3): utf-8-addr-xtext in message/delivery-status, UTF-8 itself in
 * message/global-delivery-status, either with `\x{HEX}` escapes for any code point. Null when an escape is
 * malformed (a backslash that starts none, more than six digits), names no Unicode scalar value, or gives a
 * control character, and for a value longer than any address can be written. Pure.
 */
export function decodeUtf8Address(value: string): string | null {
  if (value.length > MAX_UTF8_ADDRESS) return null;
  let decoded = '';
  let from = 0;
  for (let slash = value.indexOf('\\'); slash >= 0; slash = value.indexOf('\\', from)) {
    EMBEDDED.lastIndex = slash;
    const hex = EMBEDDED.exec(value)?.[1];
    if (hex === undefined) return null;
    const code = Number.parseInt(hex, 16);
    // A surrogate is no character of its own (HEXPOINT leaves D800–DFFF out), nor is anything past 10FFFF.
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    decoded += value.slice(from, slash) + String.fromCodePoint(code);
    from = EMBEDDED.lastIndex;
  }
  decoded += value.slice(from);
  return decoded === '' || CONTROL.test(decoded) ? null : decoded;
}

/**
 * An rfc822 address copied from an ORCPT parameter in xtext (RFC 3461 §4: `+` and two uppercase hex digits
 * stand for one octet), decoded; as written when it is not xtext: a `+` that starts no such pair, or a pair
 * that gives what an ORCPT address may not hold (RFC 3461 §4.2: printable ASCII only), is a `+` of the
 * address itself (`ana+ayuda@…`). A tag that reads as xtext (`ana+41@…`) is taken for it: the two cannot be
 * told apart. Pure.
 */
function fromXtext(value: string): string {
  if (!value.includes('+')) return value;
  let decoded = '';
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i);
    if (char !== '+') {
      decoded += char;
      continue;
    }
    const hex = value.slice(i + 1, i + 3);
    const code = /^[0-9A-F]{2}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
    if (code < 0x20 || code > 0x7e) return value;
    decoded += String.fromCharCode(code);
    i += 2;
  }
  return decoded;
}

/** Every match of the patterns below contains one of these, in any case, followed by a colon. */
const HEADER_NAMES = ['message-id', 'in-reply-to', 'references'];

/**
 * Whether the text (or the raw bytes, read as Latin-1) names one of the headers after `from`: each colon is
 * looked at (an indexOf, far quicker than a case-insensitive pattern over a raw mail's 30 KB; base64 has no
 * colon) and the name before it compared.
 */
function namesAHeader(text: string | Buffer, from = 0): boolean {
  for (let colon = text.indexOf(':', from); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    for (const name of HEADER_NAMES) if (endsWithName(text, from, colon, name)) return true;
  }
  return false;
}

/** Whether `name` (lowercase ASCII letters and `-`) lies between `from` and `end`, letters in either case. */
function endsWithName(text: string | Buffer, from: number, end: number, name: string): boolean {
  const start = end - name.length;
  if (start < from) return false;
  for (let i = name.length - 1; i >= 0; i--) {
    const expected = name.charCodeAt(i);
    const found = typeof text === 'string' ? text.charCodeAt(start + i) : (text[start + i] as number);
    // A letter's two cases differ by 0x20 alone; `-` must be itself.
    if (found !== expected && (expected === 0x2d || (found | 0x20) !== expected)) return false;
  }
  return true;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The first line feed that starts a blank line (`\n\n` or `\n\r\n`), or -1: where `/\r?\n\r?\n/` first
 * matches, or one byte after it (a carriage return, which no header name or id contains).
 */
function blankLineAt(bytes: Buffer): number {
  for (let lf = bytes.indexOf(LF); lf >= 0; lf = bytes.indexOf(LF, lf + 1)) {
    const next = bytes[lf + 1];
    if (next === LF || (next === CR && bytes[lf + 2] === LF)) return lf;
  }
  return -1;
}

/**
 * Message-IDs named in a raw mail beyond its own header section (a bounce that quotes the original inline):
 * what `messageIdsIn` finds in that part read as Latin-1. The bytes are searched first, so a mail whose
 * body names none of those headers (nearly every one) is never turned into a string.
 */
export function returnedIdsIn(raw: Buffer): string[] {
  const bodyStart = blankLineAt(raw);
  if (bodyStart < 0 || !namesAHeader(raw, bodyStart)) return [];
  return messageIdsIn(raw.toString('latin1', bodyStart));
}

/**
 * Message-IDs named by the headers of a returned message (a report's text/rfc822-headers part, a bounce's
 * quoted original, or the raw mail beyond its own header section): each Message-ID first, then the ids of
 * In-Reply-To and References. Returned headers are often indented or quoted, so a header name counts after
 * any whitespace or `>`; a value folded onto the next line is found too.
 */
export function messageIdsIn(headersText: string): string[] {
  // Most texts name no header at all: one quick pass instead of two slow ones.
  if (!namesAHeader(headersText)) return [];
  const own: string[] = [];
  const related: string[] = [];
  for (const match of headersText.matchAll(/(?:^|[\s>])message-id:\s*(<[^<>\s]{1,250}>)/gi)) {
    if (match[1]) own.push(match[1]);
  }
  const refs = /(?:^|[\s>])(?:in-reply-to|references):((?:\s*<[^<>\s]{1,250}>){1,50})/gi;
  for (const match of headersText.matchAll(refs)) {
    for (const id of match[1]?.match(/<[^<>\s]+>/g) ?? []) related.push(id);
  }
  return [...own, ...related];
}
