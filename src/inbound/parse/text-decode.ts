import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';

/** Bytes read from a stream, up to a budget; the rest was drained and dropped. */
export interface BoundedBytes {
  readonly bytes: Buffer;
  /** True when the stream had more bytes than the budget. */
  readonly truncated: boolean;
}

/** Reads a stream whole but keeps only the first `limit` bytes (the rest is drained and dropped). */
export async function readBounded(stream: Readable, limit: number): Promise<BoundedBytes> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (size >= limit) {
      if (buf.length > 0) truncated = true;
      continue;
    }
    if (size + buf.length > limit) {
      truncated = true;
      chunks.push(Buffer.from(buf.subarray(0, limit - size)));
      size = limit;
    } else {
      chunks.push(buf);
      size += buf.length;
    }
  }
  return { bytes: Buffer.concat(chunks, size), truncated };
}

/** Labels that declare nothing beyond ASCII: 8-bit bytes under them get the fallback rule. */
const UNDECLARED = new Set([
  '',
  'ascii',
  'us-ascii',
  'usascii',
  'ansi_x3.4-1968',
  'iso646-us',
  'us',
  'default',
]);

/**
 * Decodes a text part. A declared charset the WHATWG Encoding Standard knows is used as declared. With no
 * charset, US-ASCII (8-bit bytes under it are a mislabel) or a charset unknown here (UTF-7 included, which
 * could hide markup), the fallback rule applies: bytes that are valid UTF-8 are UTF-8, anything else is
 * Windows-1252, which maps every byte to a character, so the text never shows U+FFFD for it. `truncated`
 * says the bytes were cut at a budget: a character split by the cut is left out, not replaced.
 */
export function decodeText(bytes: Buffer, charset: string | undefined, truncated = false): string {
  const label = (charset ?? '').trim().toLowerCase();
  if (!UNDECLARED.has(label)) {
    const decoder = decoderFor(label);
    if (decoder?.encoding === 'windows-1252') return windows1252(bytes);
    if (decoder) return decoder.decode(bytes, { stream: truncated });
  }
  return decodeUndeclared(bytes, truncated);
}

/** The fallback rule alone: UTF-8 when the bytes are valid UTF-8, else Windows-1252. */
export function decodeUndeclared(bytes: Buffer, truncated = false): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    return windows1252(bytes);
  }
}

/** Windows-1252 at 0x80–0x9F (five bytes it leaves undefined stay C1 controls, as WHATWG maps them). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252, which WHATWG also uses for ISO-8859-1 and ASCII labels. Written out because Node's own
 * decoder for this label decodes ISO-8859-1 (0x80 as a control character instead of €).
 */
export function windows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function decoderFor(label: string): TextDecoder | undefined {
  try {
    const decoder = new TextDecoder(label);
    // 'replacement' is what WHATWG maps ISO-2022-KR and the like to: one U+FFFD for the whole text.
    return decoder.encoding === 'replacement' ? undefined : decoder;
  } catch {
    return undefined;
  }
}

/**
 * Undoes format=flowed (RFC 3676): a line ending in a space continues on the next line (with DelSp=yes
 * that space is removed), a leading space that stuffs a line is dropped. Quoted lines keep their depth.
 */
export function unflow(text: string, delSp: boolean): string {
  const out: string[] = [];
  let current: string | undefined;
  let depth = -1;
  for (const raw of text.split('\n')) {
    const quote = /^>+/.exec(raw)?.[0] ?? '';
    let line = raw.slice(quote.length);
    if (line.startsWith(' ')) line = line.slice(1);
    const soft = line.endsWith(' ') && line !== '-- ';
    if (current !== undefined && depth === quote.length) current += line;
    else {
      if (current !== undefined) out.push(current);
      current = quote + (quote ? ' ' : '') + line;
      depth = quote.length;
    }
    if (soft) {
      if (delSp) current = current.slice(0, -1);
    } else {
      out.push(current);
      current = undefined;
      depth = -1;
    }
  }
  if (current !== undefined) out.push(current);
  return out.join('\n');
}

/**
 * Makes text storable in any database: PostgreSQL text refuses NUL, and a lone surrogate (from a broken
 * UTF-16 encoded word) cannot be encoded; both become U+FFFD.
 */
export function storableText(text: string): string {
  // Most texts hold neither: one scan for the characters instead of the pattern's three tries at each place.
  if (!MAYBE_UNSTORABLE.test(text)) return text;
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/** Every character `storableText` may replace: NUL and surrogates (paired or not). */
// eslint-disable-next-line no-control-regex
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
