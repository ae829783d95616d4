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
 */
export function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  for (const match of html.matchAll(/<(\/?)([a-z][a-z0-9-]{0,30})\b[^<>]*?(\/?)>/gi)) {
    if (match[1] === '/') depth = Math.max(0, depth - 1);
    else if (match[3] !== '/' && !NOT_NESTING.has((match[2] ?? '').toLowerCase()) && ++depth > limit)
      return true;
  }
  return false;
}
