import { htmlTextContent } from './html.sanitizer.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A plain text version of an HTML body, for mails whose only text is inside a multipart/related HTML part
 * (the MIME parser derives text only for top-level HTML): line breaks at block ends, tags dropped,
 * entities decoded. `deep` says whether the HTML nests deeper than `MAX_HTML_DEPTH` (when the caller knows).
 */
export function htmlToPlainText(html: string, deep = nestsDeeperThan(html, MAX_HTML_DEPTH)): string {
  if (deep) return tidy(decodeEntities(html.replace(/<[^<>]*>/g, ' ')));
  const withBreaks = html
    .replace(/<(br|hr)\b[^<>]*>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h[1-6]|blockquote|pre|table)\s*>/gi, '\n')
    // Whole tags first, then the alt inside: no pattern here can backtrack across the input.
    .replace(/<img\b[^<>]*>/gi, (tag) => {
      const alt = /\balt="([^"]*)"/i.exec(tag);
      return alt ? `[${alt[1]}]` : tag;
    });
  return tidy(htmlTextContent(withBreaks));
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{1,10});/gi, (whole, code: string) => {
    const point =
      code.startsWith('#x') || code.startsWith('#X') ? parseInt(code.slice(2), 16) : Number(code.slice(1));
    if (code.startsWith('#')) return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** Trailing blanks off every line, at most one empty line in a row (line by line: no regex backtracking). */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Deepest element nesting the HTML parser is given. Its time grows with the square of the depth (a mail of
 * 300 KB of unclosed `<div>` took seconds, 1 MB would take minutes), and no real mail nests this deep.
 */
export const MAX_HTML_DEPTH = 512;

/** Elements that never nest: void ones, and those whose end tag may be left out (the parser closes them). */
const NOT_NESTING = new Set([
  ...[
    'area',
    'base',
    'br',
    'col',
    'embed',
    'hr',
    'img',
    'input',
    'link',
    'meta',
    'param',
    'source',
    'track',
    'wbr',
  ],
  ...['p', 'li', 'dt', 'dd', 'td', 'th', 'tr', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'colgroup'],
  ...['caption', 'rb', 'rt', 'rp', 'html', 'head', 'body'],
]);

/**
 * True when elements open deeper than `limit`: one linear pass over the tags, counting neither elements that
 * never nest nor `/>` tags (sloppy HTML with thousands of unclosed `<p>` is not deep).
 *
 * The tags are those `/<(\/?)([a-z][a-z0-9-]{0,30})\b[^<>]*?(\/?)>/gi` matches, read here without the
 * pattern: it gave every tag of every mail its own match array (test/inbound/html-depth.test.ts compares both).
 */
export function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    let from = at + 1;
    const closing = html.charCodeAt(from) === SLASH;
    if (closing) from++;
    const nameEnd = tagNameEnd(html, from);
    if (nameEnd === from) continue;
    // `[^<>]*?(\/?)>`: the first `>` before any `<`; a `/` right before it (after the name) makes `/>`.
    let close = nameEnd;
    let code = html.charCodeAt(close);
    while (code !== GREATER && code !== LESS && close < html.length) code = html.charCodeAt(++close);
    if (code !== GREATER) continue;
    at = close;
    if (closing) depth = Math.max(0, depth - 1);
    else if (close > nameEnd && html.charCodeAt(close - 1) === SLASH) continue;
    else if (!neverNests(html, from, nameEnd) && ++depth > limit) return true;
  }
  return false;
}

/** Longest name in NOT_NESTING: a longer tag name is never looked up. */
const LONGEST_NOT_NESTING = Math.max(...[...NOT_NESTING].map((name) => name.length));

function neverNests(html: string, from: number, end: number): boolean {
  return end - from <= LONGEST_NOT_NESTING && NOT_NESTING.has(html.slice(from, end).toLowerCase());
}

const SLASH = 0x2f;
const LESS = 0x3c;
const GREATER = 0x3e;
const DASH = 0x2d;
const UNDERSCORE = 0x5f;
const MAX_NAME = 31;

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `\w` without the `u` flag: ASCII letters, digits and the underscore. */
function isWordChar(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === UNDERSCORE;
}

/**
 * Where the tag name starting at `from` ends as the pattern captures it (the longest run of name characters,
 * shortened until a word boundary follows it); `from` when there is no name there.
 */
function tagNameEnd(html: string, from: number): number {
  if (!isLetter(html.charCodeAt(from))) return from;
  let end = from + 1;
  while (end < from + MAX_NAME) {
    const code = html.charCodeAt(end);
    if (!isLetter(code) && !isDigit(code) && code !== DASH) break;
    end++;
  }
  // `\b`: the pattern gives characters back until the name ends where a word does (or a non-word run).
  while (end > from && isWordChar(html.charCodeAt(end - 1)) === isWordChar(html.charCodeAt(end))) end--;
  return end;
}
