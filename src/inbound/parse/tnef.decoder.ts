/**
 * A small decoder for TNEF (`winmail.dat`, application/ms-tnef): it takes out the attached files, which is
 * all the help desk needs. node-tnef was evaluated and not used: it writes log lines to stdout on every
 * call and copies the input into a number array that it slices once per attribute (quadratic time).
 */

import { withoutTrailing } from '../../app/text-ends.js';

const SIGNATURE = 0x223e9f78;
const LVL_ATTACHMENT = 0x02;
/** attAttachRendData: starts a new attachment. */
const ATT_ATTACH_REND_DATA = 0x9002;
/** attAttachTitle: the (often 8.3) file name. */
const ATT_ATTACH_TITLE = 0x8010;
/** attAttachData: the file's bytes. */
const ATT_ATTACH_DATA = 0x800f;
/** attAttachment: MAPI properties, where the long file name lives. */
const ATT_ATTACHMENT = 0x9005;
/** PR_ATTACH_LONG_FILENAME, as a MAPI property id. */
const PR_ATTACH_LONG_FILENAME = 0x3707;

export interface TnefFile {
  readonly name: string;
  readonly data: Buffer;
}

/** True when the bytes start with the TNEF signature. */
export function isTnef(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes.readUInt32LE(0) === SIGNATURE;
}

/** The files inside a TNEF blob; attributes it does not need are skipped. Throws on truncated input. */
export function decodeTnef(bytes: Buffer): TnefFile[] {
  if (!isTnef(bytes)) throw new Error('not a TNEF stream');
  const files: { name: string; data: Buffer }[] = [];
  let current: { name: string; data: Buffer } | undefined;
  let offset = 6;
  while (offset + 9 <= bytes.length) {
    const level = bytes.readUInt8(offset);
    const name = bytes.readUInt16LE(offset + 1);
    const length = bytes.readUInt32LE(offset + 5);
    const start = offset + 9;
    const end = start + length;
    if (end + 2 > bytes.length) throw new Error('truncated TNEF attribute');
    const data = bytes.subarray(start, end);
    offset = end + 2;
    if (level !== LVL_ATTACHMENT) continue;
    if (name === ATT_ATTACH_REND_DATA) {
      current = { name: '', data: Buffer.alloc(0) };
      files.push(current);
    } else if (current && name === ATT_ATTACH_TITLE) {
      current.name = withoutTrailing(data.toString('latin1'), isNul);
    } else if (current && name === ATT_ATTACH_DATA) {
      current.data = Buffer.from(data);
    } else if (current && name === ATT_ATTACHMENT) {
      const long = longFileName(data);
      if (long) current.name = long;
    }
  }
  return files.filter((f) => f.data.length > 0 || f.name !== '');
}

/** The NULs that end a name (a title of NULs and one letter is a hostile one: see text-ends.ts). */
const isNul = (code: number): boolean => code === 0;

/** Reads PR_ATTACH_LONG_FILENAME from a MAPI property block, if present (string types only). */
function longFileName(block: Buffer): string | undefined {
  if (block.length < 4) return undefined;
  const count = block.readUInt32LE(0);
  let offset = 4;
  for (let i = 0; i < count && offset + 4 <= block.length; i++) {
    const type = block.readUInt16LE(offset);
    const id = block.readUInt16LE(offset + 2);
    offset += 4;
    if (id >= 0x8000) return undefined; // named properties: not needed, and their layout varies
    const size = fixedSize(type);
    if (size !== undefined) {
      offset += size;
      continue;
    }
    if (type !== 0x001e && type !== 0x001f && type !== 0x0102) return undefined;
    if (offset + 8 > block.length) return undefined;
    const values = block.readUInt32LE(offset);
    offset += 4;
    let text: string | undefined;
    for (let v = 0; v < values && offset + 4 <= block.length; v++) {
      const len = block.readUInt32LE(offset);
      offset += 4;
      const raw = block.subarray(offset, offset + len);
      offset += len + ((4 - (len % 4)) % 4);
      if (v === 0) text = type === 0x001f ? raw.toString('utf16le') : raw.toString('latin1');
    }
    if (id === PR_ATTACH_LONG_FILENAME && text) return withoutTrailing(text, isNul);
  }
  return undefined;
}

function fixedSize(type: number): number | undefined {
  switch (type) {
    case 0x0002: // short
    case 0x0003: // long
    case 0x000a: // error
    case 0x000b: // boolean
    case 0x0004: // float
      return 4;
    case 0x0005: // double
    case 0x0006: // currency
    case 0x0007: // apptime
    case 0x0014: // int64
    case 0x0040: // systime
      return 8;
    case 0x0048: // guid
      return 16;
    default:
      return undefined;
  }
}
