/**
 * How a text part's body is encoded, with the output of nodemailer's own functions (`MimeNode`'s choice of
 * quoted-printable or base64, `qp.encode` of the text's UTF-8 bytes, `mimeFuncs.hasLongerLines`), found by
 * regular expressions instead of a loop over every character: V8 runs a regular expression as native code,
 * where a loop runs in its interpreter until the function is hot enough to be optimized, which a short
 * `outbox send` spends a good part of its first thousand mails waiting for. Pure.
 */

/** `=XX` of every byte value, in capitals as nodemailer writes them. */
const ESCAPED = Array.from(
  { length: 256 },
  (_, byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`,
);

/**
 * What quoted-printable cannot leave as it is (RFC 2045 §6.7, as nodemailer applies it): every character
 * but tab, CR, LF and the printable ASCII other than `=` (non-ASCII ones are their UTF-8 bytes), and a space
 * or a tab at the end of a line or of the text. With `u`, a character outside the BMP is one match.
 */
const NOT_LITERAL = /[^\t\n\r\x20-\x3c\x3e-\x7e]|[ \t](?=[\r\n]|$)/gu;

/**
 * A character's UTF-8 bytes, escaped (`Buffer.from` encodes it, a lone surrogate as U+FFFD, as it does for
 * the whole text); ASCII, most of what is escaped (`=`, blanks before a line end), from the table.
 */
function escapedCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x80) return ESCAPED[code] as string;
  let escaped = '';
  for (const byte of Buffer.from(character)) escaped += ESCAPED[byte];
  return escaped;
}

/** A text's UTF-8 bytes quoted-printable encoded, before wrapping: `qp.encode(Buffer.from(text))`. */
export function quotedPrintable(text: string): string {
  return text.replace(NOT_LITERAL, escapedCharacter);
}

/** What nodemailer counts as not Latin: controls other than tab, LF, CR, and non-ASCII (UTF-16 units). */
// eslint-disable-next-line no-control-regex -- the control characters are what is counted
const NOT_LATIN = /[\x00-\x08\x0b\x0c\x0e-\x1f\u0080-\uffff]/g;
const LETTER_RUN = /[A-Za-z]+/g;

/**
 * Quoted-printable (`Q`) when a text has fewer characters that are not Latin than ASCII letters, base64 (`B`)
 * otherwise: `MimeNode._getTextEncoding` of a node without a `textEncoding` of its own (UTF-16 units counted,
 * as it does). The letters are counted run by run only until they outnumber the others: a text of a few
 * accented words is decided by its first words, without a copy of its letters.
 */
export function textEncodingOf(text: string): 'Q' | 'B' {
  const notLatin = text.match(NOT_LATIN)?.length ?? 0;
  let letters = 0;
  LETTER_RUN.lastIndex = 0;
  while (letters <= notLatin) {
    const run = LETTER_RUN.exec(text);
    if (!run) break;
    letters += run[0].length;
  }
  return letters > notLatin ? 'Q' : 'B';
}

const LINE_OVER_76 = /^.{77,}/m;

/** Whether a line of the text is longer than 76 characters: `mimeFuncs.hasLongerLines(text, 76)`. */
export function hasLineOver76(text: string): boolean {
  return text.length > 128 * 1024 || LINE_OVER_76.test(text);
}
