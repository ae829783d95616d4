import { withoutTrailing } from '../app/text-ends.js';

/** Most characters (code points) a stored name keeps. */
export const MAX_NAME_CHARS = 180;
/** Most UTF-8 bytes a stored name takes: common file systems allow 255 per name. */
export const MAX_NAME_BYTES = 240;
/** An extension longer than this is not kept apart when a name is cut. */
const MAX_EXTENSION_CHARS = 16;

/** Bidirectional overrides and isolates: they would show `exe.pdf` for `fdp.exe`. Made visible as `_`. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
/**
 * Control characters, characters Windows refuses in names, lone surrogates and private-use characters
 * become `_`; the last class matches format characters (invisible marks) other than the zero width joiner
 * emoji sequences need, which are removed.
 */
const REFUSED = /[\p{Cc}<>:"/\\|?*\p{Cs}\p{Co}]/gu;
const INVISIBLE = /(?!\u200d)\p{Cf}/gu;
/** Device names Windows reserves whatever the extension, including the superscript-digit ports. */
const RESERVED =
  /^(con|prn|aux|nul|conin\$|conout\$|clock\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Makes an attachment's original file name safe to store and to offer for download on any system: no
 * path, no control, reserved, bidirectional or invisible characters, no leading dots, no trailing dots or
 * spaces (Windows drops them), no device name (`CON`, `CONIN$`, `COM¹`, `CON .txt`), and at most
 * 180 characters and 240 UTF-8 bytes, cut between whole characters (grapheme clusters), keeping the
 * extension where possible.
 */
export function safeFileName(name: string | null | undefined, fallback = 'attachment'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  let cleaned = trimNameEnds(
    base
      .normalize('NFC')
      .replace(BIDI, '_')
      .replace(INVISIBLE, '')
      .replace(REFUSED, '_')
      .replace(/[\s\p{Z}]+/gu, ' '),
  );
  if (cleaned === '') return fallback;
  cleaned = cut(cleaned);
  if (cleaned === '') return fallback;
  const stem = cleaned.split('.')[0]?.trimEnd() ?? '';
  return RESERVED.test(stem) ? `_${cleaned}` : cleaned;
}

/** A character trimmed off a name's ends: a dot or white space. */
const TRIMMED = /[\s.]/;
const isTrimmed = (code: number): boolean => TRIMMED.test(String.fromCharCode(code));

/**
 * No leading dots or spaces, no trailing dots or spaces; the end walked back, not `/[\s.]+$/` (a hostile
 * name of 200 K spaces and dots between two letters took 28 s).
 */
export function trimNameEnds(value: string): string {
  let start = 0;
  while (start < value.length && isTrimmed(value.charCodeAt(start))) start += 1;
  return withoutTrailing(value, isTrimmed, start);
}

function cut(name: string): string {
  if ([...name].length <= MAX_NAME_CHARS && Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && [...name.slice(dot)].length <= MAX_EXTENSION_CHARS ? name.slice(dot) : '';
  const stem = ext ? name.slice(0, dot) : name;
  let chars = [...ext].length;
  let bytes = Buffer.byteLength(ext);
  let kept = '';
  for (const { segment } of segmenter.segment(stem)) {
    const c = [...segment].length;
    const b = Buffer.byteLength(segment);
    if (chars + c > MAX_NAME_CHARS || bytes + b > MAX_NAME_BYTES) break;
    kept += segment;
    chars += c;
    bytes += b;
  }
  kept = trimNameEnds(kept);
  return kept === '' ? '' : `${kept}${ext}`;
}
