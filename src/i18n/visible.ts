/**
 * Text from mail and servers (a subject, a sender, a greeting, a reply) is hostile: an escape sequence
 * printed raw can recolour, hide or rewrite what a person sees, set a terminal's title, or worse. Every
 * such text is shown through this one rendering: control characters as `\xNN`, invisible or reordering
 * marks as `\u{NNNN}`. JSON output needs none of it: JSON escapes them itself.
 */

/** C0 controls, DEL, C1 controls, and the Unicode format characters that reorder or hide text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** One invisible character, written so that it shows: `\x1b`, `\u{202e}`. */
export function visibleChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * The text as a terminal may print it: line feeds and tabs stay (CR LF becomes a line feed), every other
 * control or format character is shown by {@link visibleChar}.
 */
export function visible(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(INVISIBLE, (char) => (char === '\n' || char === '\t' ? char : visibleChar(char)));
}

// JSON escapes C0 controls itself, but not DEL, C1 controls or the format characters.
const JSON_UNESCAPED = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/**
 * JSON for a terminal: the same value, with the characters JSON leaves raw written as `\uNNNN` escapes
 * (valid JSON: they only ever occur inside strings).
 */
export function visibleJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_UNESCAPED,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
