import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sanitizeHtml from 'sanitize-html';
import { corpusMail } from '../../bench/corpus.js';
import { htmlToPlainText } from '../../src/inbound/parse/html-text.js';
import {
  LIBRARY_ALLOWED_TAGS,
  LIBRARY_NON_BOOLEAN_ATTRIBUTES,
  LIBRARY_SELF_CLOSING,
  sanitizeMailHtml,
} from '../../src/inbound/parse/html.sanitizer.js';
import { withRemoteImages } from '../../src/inbound/parse/html.remote-images.js';
import { htmlToPlainText as referenceText } from '../support/reference-parse/html-text.js';
import { sanitizeMailHtml as referenceSanitize } from '../support/reference-parse/html.sanitizer.js';
import { rng } from '../support/fuzz.js';

/**
 * The mail HTML sanitizer written on htmlparser2 must give what sanitize-html gave with the policy it
 * replaced (test/support/reference-parse keeps that configuration), on HTML built to hit every branch:
 * tags allowed and not, text-eating elements nested and unclosed, every attribute rule, URLs hiding their
 * scheme, entities, comments, stray and mismatched closing tags.
 */

const TAGS = [
  ...[
    'p',
    'div',
    'a',
    'img',
    'b',
    'span',
    'font',
    'table',
    'tr',
    'td',
    'th',
    'tbody',
    'li',
    'ul',
    'br',
    'hr',
  ],
  ...['script', 'style', 'textarea', 'option', 'xmp', 'select', 'title', 'iframe', 'svg', 'math', 'form'],
  ...['input', 'noscript', 'html', 'head', 'body', 'meta', 'link', 'center', 'strike', 'center', 'A', 'IMG'],
  ...['plaintext', 'template', 'object', 'base', 'video', 'source', 'blockquote', 'pre', 'q', 'data'],
];
const ATTRIBUTES = [
  ...['href', 'src', 'data-remote-src', 'alt', 'title', 'width', 'height', 'target', 'rel', 'colspan'],
  ...['align', 'valign', 'border', 'cellpadding', 'color', 'size', 'dir', 'lang', 'style', 'class', 'id'],
  ...['onerror', 'onclick', 'srcset', 'name', 'HREF', 'x"y', "a'b", 'data', 'cite', 'background'],
];
const VALUES = [
  ...['', 'http://t.test/a.gif', 'https://t.test/x?a=1&b=2', 'cid:logo@x', 'CID:Logo', 'mailto:a@b.test'],
  ...[
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:x',
    '//evil.test/x',
  ],
  ...['\\\\evil.test', 'data:text/html,<script>x</script>', 'logo.png', '/reset', '#top', 'vbscript:x'],
  ...[
    'jav<!-- c -->ascript:x',
    'http:<!--x',
    '&#106;avascript:x',
    'http&#58;//t.test',
    '"><script>x()</script>',
  ],
  ...['ftp://t.test', 'tel:123', 'ltr', 'es', '100%', '\u0000http://t.test', 'https:\u0001//t.test'],
];
const TEXTS = [
  ...['hola', ' ', '&amp;', '&lt;script&gt;', '<', '>', '&', '"', "'", 'año ñ', '&nbsp;', '&#x3c;b&#x3e;'],
  ...['<!-- comentario -->', '<![CDATA[x<y]]>', '<?xml x?>', '<!doctype html>', '\n', 'a > b < c', '&bogus;'],
];

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

function randomAttribute(rand: () => number): string {
  const name = pick(rand, ATTRIBUTES);
  const value = pick(rand, VALUES).replace(/"/g, '&quot;');
  const r = rand();
  if (r < 0.1) return ` ${name}`;
  if (r < 0.2) return ` ${name}=${value.replace(/[\s>]/g, '') || 'x'}`;
  if (r < 0.3) return ` ${name}='${value.replace(/'/g, '')}'`;
  return ` ${name}="${value}"`;
}

function randomHtml(rand: () => number): string {
  const pieces: string[] = [];
  const open: string[] = [];
  const count = 1 + Math.floor(rand() * 30);
  for (let i = 0; i < count; i++) {
    const r = rand();
    if (r < 0.35) {
      const tag = pick(rand, TAGS);
      let attributes = '';
      for (let a = Math.floor(rand() * 4); a > 0; a--) attributes += randomAttribute(rand);
      pieces.push(`<${tag}${attributes}${rand() < 0.1 ? ' /' : ''}>`);
      open.push(tag);
    } else if (r < 0.55 && open.length > 0) {
      // Mostly the right element, sometimes another one or one never opened.
      const tag = rand() < 0.7 ? (open.pop() as string) : pick(rand, TAGS);
      pieces.push(`</${tag}>`);
    } else {
      pieces.push(pick(rand, TEXTS));
    }
  }
  // Some left open, some closed.
  while (open.length > 0 && rand() < 0.5) pieces.push(`</${open.pop() as string}>`);
  return pieces.join('');
}

/** The HTML parts of the bench corpus (the mails `npm run bench` measures). */
function corpusHtml(count: number): string[] {
  const found: string[] = [];
  for (let i = 0; i < count; i++) {
    const raw = corpusMail(i, { tag: 'san' }).raw.toString('utf8');
    const at = raw.indexOf('Content-Type: text/html');
    if (at < 0) continue;
    const body = (raw.slice(raw.indexOf('\r\n\r\n', at) + 4).split(/\r\n--/)[0] as string)
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    found.push(Buffer.from(body, 'latin1').toString('utf8'));
  }
  return found;
}

const SHAPES = [
  '',
  'solo texto & más',
  '<p>Hola <b>mundo</b></p>',
  '<script>alert(1)</script>visible',
  '<style>p{x:1}</style><p>visible</p>',
  '<textarea><b>no</b></textarea>después',
  '<option><script>x</script></option>sí',
  '<xmp><img src=x onerror=alert(1)></xmp>fin',
  '<select><option>a<option>b</select>c',
  '<script><script>x</script>y</script>z',
  '<img src="http://t.test/p.gif" width="1" height="1">',
  '<img src="cid:logo" alt="">',
  '<img src="logo.png" alt="x">texto</img>',
  '<img data-remote-src="https://t.test/a.png">',
  '<a href="javascript:alert(1)" onclick="x()">enlace</a>',
  '<a href="https://t.test" target="_self" rel="opener">enlace</a>',
  '<a href=" jav&#x09;ascript:alert(1)">x</a>',
  '<a href="//evil.test">x</a>',
  '<td colspan="" align="">x</td>',
  '<table border><tr><td nowrap>x</td></tr></table>',
  '<p dir="rtl" lang="ar" style="color:red" class="c">x</p>',
  '<div>sin cerrar<p>tampoco',
  '</div></p>cierres sueltos</b>',
  '<b><i>cruzados</b></i>',
  '<IMG SRC="CID:X" ALT="A">',
  '<font color="red" size="3" face="Arial">x</font>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="http://t.test/?a=1&amp;b=<2>&quot;">x</a>',
  '<p title="&lt;script&gt;">x</p>',
  `<div>${'<div>'.repeat(300)}hondo${'</div>'.repeat(300)}</div>`,
];

describe('mail HTML sanitizer', () => {
  test('gives what sanitize-html gave, on shaped HTML, the bench corpus and 30,000 random documents', () => {
    const rand = rng(20261202);
    const inputs = [...SHAPES, ...corpusHtml(400)];
    for (let i = 0; i < 30_000; i++) inputs.push(randomHtml(rand));
    let kept = 0;
    for (const html of inputs) {
      const expected = referenceSanitize(html);
      assert.equal(sanitizeMailHtml(html), expected, JSON.stringify(html));
      assert.equal(htmlToPlainText(html), referenceText(html), JSON.stringify(html));
      if (expected.includes('<')) kept += 1;
    }
    // The inputs are built to keep some markup and lose some: neither all nor nothing survives.
    assert.ok(kept > 5_000 && kept < inputs.length);
  });

  test('what it keeps and drops', () => {
    const clean = sanitizeMailHtml(
      '<p onclick="x()">Hola <script>alert(1)</script><a href="javascript:x">a</a>' +
        '<a href="https://t.test">b</a><img src="http://t.test/p.gif"><img src="cid:c"><img src="p.png"></p>',
    );
    assert.equal(
      clean,
      '<p>Hola <a target="_blank" rel="noopener noreferrer">a</a>' +
        '<a href="https://t.test" target="_blank" rel="noopener noreferrer">b</a>' +
        '<img data-remote-src="http://t.test/p.gif" /><img src="cid:c" /></p>',
    );
    // Stored HTML sanitized again is unchanged, and remote images come back only when asked for.
    assert.equal(sanitizeMailHtml(clean), clean);
    assert.match(withRemoteImages(clean), /<img src="http:\/\/t\.test\/p\.gif" \/>/);
  });

  test('its lists are the library defaults it stands for', () => {
    assert.deepEqual(LIBRARY_ALLOWED_TAGS, sanitizeHtml.defaults.allowedTags);
    assert.deepEqual(LIBRARY_NON_BOOLEAN_ATTRIBUTES, sanitizeHtml.defaults.nonBooleanAttributes);
    assert.deepEqual(LIBRARY_SELF_CLOSING, sanitizeHtml.defaults.selfClosing);
    // Not in the library's type declarations, but in its defaults.
    const defaults = sanitizeHtml.defaults as typeof sanitizeHtml.defaults & {
      allowedEmptyAttributes: string[];
    };
    assert.deepEqual(defaults.allowedEmptyAttributes, ['alt']);
    assert.equal(sanitizeHtml.defaults.disallowedTagsMode, 'discard');
  });
});
