/**
 * Quoted-printable and base64 body decoding over bytes, giving the very bytes the transfer decoders of the
 * streaming parser give (libqp's and libbase64's stream decoders) for the same body, whatever its chunks.
 *
 * Those decoders turn every chunk into a string and run regular expressions over it; here the same rules are
 * applied in one pass over the body's bytes, or, for base64 that Node decodes alike, by Node's own decoder.
 * test/inbound/transfer-decode.test.ts compares both with the library decoders on generated bodies cut into
 * random chunks.
 */

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;
const DASH = 0x2d;
const UNDERSCORE = 0x5f;

/** The value of a hex digit byte (either case), or -1. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[0x41 + i] = 10 + i;
  HEX_VALUE[0x61 + i] = 10 + i;
}

/**
 * Decodes a quoted-printable body. libqp's decoder joins every chunk before decoding, so only the whole body
 * matters. It runs three passes, each over the output of the one before:
 * 1. a run of spaces and tabs just before CR, LF or the end is dropped;
 * 2. `=` followed by CRLF, LF or the end is dropped with its line break (a soft line break);
 * 3. `=` with two hex digits is the byte they spell; anything else (an 8-bit byte, a lone `=`) is kept as is.
 * Here they are one pass: the first two decide from the bytes ahead what reaches the third, and the third
 * turns an escape into its byte once its second digit is written.
 */
export function decodeQuotedPrintable(body: Buffer): Buffer {
  const length = body.length;
  const out = Buffer.allocUnsafe(length);
  let written = 0;
  // What the last bytes written are to an escape: nothing, its `=`, or its `=` and first digit.
  let escape = NO_ESCAPE;
  let high = 0;
  // The end of a run of spaces and tabs already found to stay.
  let keptUntil = 0;
  let read = 0;
  while (read < length) {
    if (escape === NO_ESCAPE) {
      // Most of a body: a run of bytes that are neither blanks nor `=`, which no rule touches, copied as is.
      let plain = body[read]!;
      for (;;) {
        if (plain === SPACE || plain === TAB) {
          // A lone blank between two bytes of text (most blanks of a body) stays: no line ends after it.
          const after = read + 1 < length ? body[read + 1]! : LF;
          if (after === SPACE || after === TAB || after === CR || after === LF) break;
        } else if (plain === EQUALS) break;
        out[written++] = plain;
        if (++read === length) return out.subarray(0, written);
        plain = body[read]!;
      }
      // An escape of two hex digits right after its `=`: nothing the first two rules drop lies between.
      if (plain === EQUALS && read + 2 < length) {
        const first = HEX_VALUE[body[read + 1]!]!;
        const second = HEX_VALUE[body[read + 2]!]!;
        if (first >= 0 && second >= 0) {
          out[written++] = first * 16 + second;
          read += 3;
          continue;
        }
      }
    }
    const byte = body[read]!;
    if ((byte === SPACE || byte === TAB) && read >= keptUntil) {
      const runEnd = whitespaceEnd(body, read + 1);
      if (endsLine(body, runEnd)) {
        read = runEnd;
        continue;
      }
      keptUntil = runEnd;
    } else if (byte === EQUALS) {
      // A soft break once the whitespace before line breaks is gone.
      const after = whitespaceEnd(body, read + 1);
      if (after === length) break;
      if (body[after] === LF) {
        read = after + 1;
        continue;
      }
      if (body[after] === CR) {
        // Whitespace between the CR and an LF goes too.
        const lineFeed = whitespaceEnd(body, after + 1);
        if (lineFeed < length && body[lineFeed] === LF) {
          read = lineFeed + 1;
          continue;
        }
      }
    }
    read++;

    if (escape === NO_ESCAPE) {
      out[written++] = byte;
      if (byte === EQUALS) escape = AFTER_EQUALS;
      continue;
    }
    const digit = HEX_VALUE[byte]!;
    if (digit < 0) {
      // The `=` and any digit stay as they are; this byte may start an escape of its own.
      out[written++] = byte;
      escape = byte === EQUALS ? AFTER_EQUALS : NO_ESCAPE;
    } else if (escape === AFTER_EQUALS) {
      out[written++] = byte;
      high = digit;
      escape = AFTER_DIGIT;
    } else {
      written--;
      out[written - 1] = high * 16 + digit;
      escape = NO_ESCAPE;
    }
  }
  return out.subarray(0, written);
}

const NO_ESCAPE = 0;
const AFTER_EQUALS = 1;
const AFTER_DIGIT = 2;

/** Where the run of spaces and tabs starting at `from` ends. */
function whitespaceEnd(body: Buffer, from: number): number {
  let at = from;
  while (at < body.length && (body[at] === SPACE || body[at] === TAB)) at++;
  return at;
}

/** Whether a line ends at `at`: a CR, an LF, or the end of the body. */
function endsLine(body: Buffer, at: number): boolean {
  return at === body.length || body[at] === CR || body[at] === LF;
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
 * byte, so the whole body decodes as its chunks do. A usual body (padding only at its end) goes to Node's
 * decoder, which is many times quicker than a loop here.
 */
export function decodeBase64(body: Buffer): Buffer {
  if (nativeDecodes(body)) return decodeNatively(body);
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

/** Bytes of a body Node decodes a slice at a time: small enough for strings of V8's young generation. */
const SLICE_BYTES = 16 * 1024;

/**
 * Node's decoding of a body `nativeDecodes` accepts. Node decodes base64 from a string only, and a string of
 * a whole attachment (hundreds of kilobytes) is allocated apart from V8's young generation and copied whole:
 * about 3.5 ns a byte against 0.7 for the same body decoded a slice of whole lines at a time into one buffer.
 *
 * A slice decodes as it would within the whole body only if it holds a whole number of quartets, so slices
 * are taken only from a body of lines of one length (a multiple of four, as every encoder writes them), each
 * checked to hold nothing but base64 between its line breaks: its line breaks are where the first line's
 * were, and Node gives three bytes for every four characters left (a character it skipped, or `=`, would
 * give fewer). Any other body, or a slice that fails the check, is decoded whole.
 */
function decodeNatively(body: Buffer): Buffer {
  const whole = () => Buffer.from(body.toString('latin1'), 'base64');
  if (body.length < 2 * SLICE_BYTES) return whole();
  const firstLf = body.indexOf(LF);
  if (firstLf <= 0) return whole();
  const breakBytes = body[firstLf - 1] === CR ? 2 : 1;
  const lineChars = firstLf + 1 - breakBytes;
  if (lineChars === 0 || lineChars % 4 !== 0) return whole();
  const lineBytes = lineChars + breakBytes;
  const linesPerSlice = Math.max(1, Math.floor(SLICE_BYTES / lineBytes));
  const sliceBytes = linesPerSlice * lineBytes;
  const sliceOut = (lineChars / 4) * 3 * linesPerSlice;
  const out = Buffer.allocUnsafe(Math.floor((body.length * 3) / 4) + 3);
  let written = 0;
  let start = 0;
  // Whole slices while more than one is left; the rest (padding, a short last line) decodes as the end.
  while (body.length - start > sliceBytes) {
    for (let lf = start + lineBytes - 1; lf < start + sliceBytes; lf += lineBytes) {
      if (body[lf] !== LF || (breakBytes === 2 && body[lf - 1] !== CR)) return whole();
    }
    if (out.write(body.toString('latin1', start, start + sliceBytes), written, 'base64') !== sliceOut)
      return whole();
    written += sliceOut;
    start += sliceBytes;
  }
  written += out.write(body.toString('latin1', start), written, 'base64');
  return out.subarray(0, written);
}

/**
 * Whether Node's own base64 decoding gives the same bytes: it too skips bytes outside the alphabet and
 * decodes a last short group the same way, but it takes `-` and `_` (base64url) as digits and stops at the
 * first `=`, so it serves a body with neither and with no digit after its first `=` (padding at the end).
 */
function nativeDecodes(body: Buffer): boolean {
  if (body.indexOf(DASH) >= 0 || body.indexOf(UNDERSCORE) >= 0) return false;
  const firstPad = body.indexOf(EQUALS);
  if (firstPad < 0) return true;
  for (let i = firstPad + 1; i < body.length; i++) {
    const value = BASE64_VALUE[body[i]!]!;
    if (value < PAD) return false;
  }
  return true;
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
