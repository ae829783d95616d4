/**
 * Quoted-printable and base64 body decoding over bytes, giving the very bytes the transfer decoders of the
 * streaming parser give (libqp's and libbase64's stream decoders) for the same body, whatever its chunks.
 *
 * Those decoders turn every chunk into a string and run regular expressions over it; here the same rules are
 * applied byte by byte on the body itself. test/inbound/transfer-decode.test.ts compares both on generated
 * bodies cut into random chunks.
 */

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;

/** The value of a hex digit byte (either case), or -1. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[0x41 + i] = 10 + i;
  HEX_VALUE[0x61 + i] = 10 + i;
}

/**
 * Decodes a quoted-printable body. libqp's decoder joins every chunk before decoding, so only the whole body
 * matters. Its three passes, in its order, each in place (none makes the text longer):
 * 1. a run of spaces and tabs just before CR, LF or the end is dropped;
 * 2. `=` followed by CRLF, LF or the end is dropped with its line break (a soft line break);
 * 3. `=` with two hex digits is the byte they spell; anything else (an 8-bit byte, a lone `=`) is kept as is.
 */
export function decodeQuotedPrintable(body: Buffer): Buffer {
  // The first pass copies into a buffer of our own, which the next ones decode in place.
  const bytes = Buffer.allocUnsafe(body.length);
  let length = dropTrailingWhitespace(body, bytes);
  length = dropSoftBreaks(bytes, length);
  length = decodeEscapes(bytes, length);
  return bytes.subarray(0, length);
}

function dropTrailingWhitespace(source: Buffer, target: Buffer): number {
  const length = source.length;
  let write = 0;
  let read = 0;
  while (read < length) {
    const byte = source[read]!;
    if (byte !== SPACE && byte !== TAB) {
      target[write++] = byte;
      read++;
      continue;
    }
    let runEnd = read + 1;
    while (runEnd < length && (source[runEnd] === SPACE || source[runEnd] === TAB)) runEnd++;
    if (runEnd < length && source[runEnd] !== CR && source[runEnd] !== LF) {
      // Inner whitespace stays.
      while (read < runEnd) target[write++] = source[read++]!;
    }
    read = runEnd;
  }
  return write;
}

function dropSoftBreaks(bytes: Buffer, length: number): number {
  let write = 0;
  let read = 0;
  while (read < length) {
    const byte = bytes[read]!;
    if (byte === EQUALS) {
      if (read + 1 === length) break;
      const next = bytes[read + 1];
      if (next === LF) {
        read += 2;
        continue;
      }
      if (next === CR && read + 2 < length && bytes[read + 2] === LF) {
        read += 3;
        continue;
      }
    }
    bytes[write++] = byte;
    read++;
  }
  return write;
}

function decodeEscapes(bytes: Buffer, length: number): number {
  let write = 0;
  for (let read = 0; read < length; read++) {
    const byte = bytes[read]!;
    if (byte === EQUALS && read < length - 2) {
      const high = HEX_VALUE[bytes[read + 1]!]!;
      const low = HEX_VALUE[bytes[read + 2]!]!;
      if (high >= 0 && low >= 0) {
        bytes[write++] = high * 16 + low;
        read += 2;
        continue;
      }
    }
    bytes[write++] = byte;
  }
  return write;
}

/** What a byte is to base64: its 6-bit value, PAD for `=`, SKIP for anything the decoder drops. */
const PAD = 64;
const SKIP = 255;
const BASE64_VALUE = new Uint8Array(256).fill(SKIP);
{
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) BASE64_VALUE[alphabet.charCodeAt(i)] = i;
  BASE64_VALUE[EQUALS] = PAD;
}

/**
 * Decodes a base64 body. libbase64's decoder drops every byte outside the alphabet and `=` (line breaks,
 * 8-bit bytes, `-` and `_` too), and decodes the rest as segments cut at each `=`: every segment on its own,
 * four characters to three bytes, a last group of two or three characters to one or two bytes, a lone
 * character to none. The chunks only move where it cuts a segment into whole quartets, which changes no
 * byte, so the whole body decodes as its chunks do.
 */
export function decodeBase64(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(Math.floor((body.length * 3) / 4) + 3);
  let length = 0;
  let group = 0;
  let count = 0;
  for (let i = 0; i < body.length; i++) {
    const value = BASE64_VALUE[body[i]!]!;
    if (value === SKIP) continue;
    if (value === PAD) {
      length = writePartial(out, length, group, count);
      group = 0;
      count = 0;
      continue;
    }
    group = (group << 6) | value;
    if (++count === 4) {
      out[length++] = group >>> 16;
      out[length++] = (group >>> 8) & 0xff;
      out[length++] = group & 0xff;
      group = 0;
      count = 0;
    }
  }
  length = writePartial(out, length, group, count);
  return out.subarray(0, length);
}

/** The bytes of a group cut short by `=` or the end: two characters give one, three give two. */
function writePartial(out: Buffer, length: number, group: number, count: number): number {
  if (count === 2) out[length++] = (group >>> 4) & 0xff;
  else if (count === 3) {
    out[length++] = (group >>> 10) & 0xff;
    out[length++] = (group >>> 2) & 0xff;
  }
  return length;
}
