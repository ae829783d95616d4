import { Parser } from 'htmlparser2';

/**
 * A mail's HTML made safe to show, on htmlparser2's tokenizer: the output sanitize-html gives with the
 * policy below (its "discard" mode: a tag not allowed is dropped and its text kept, except the text of
 * `script`, `style`, `textarea`, `option` and `xmp`), written for this one policy. sanitize-html, general
 * enough for any policy, builds a frame per element that copies all its text up to its parent (a time
 * that grows with the depth of the HTML), calls its transforms and filters through option look-ups and
 * escapes every text with six regular expressions; this costs a third of what it did, on the parse thread
 * where every mail with HTML goes. test/inbound/html-sanitizer.test.ts compares both on hostile HTML, and
 * the parse equivalence test on whole mails.
 */

/** sanitize-html's default allowed tags (the test holds these lists to the library's own). */
export const LIBRARY_ALLOWED_TAGS: readonly string[] = [
  ...['address', 'article', 'aside', 'footer', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup'],
  ...['main', 'nav', 'section', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'hr'],
  ...['li', 'menu', 'ol', 'p', 'pre', 'ul', 'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data'],
  ...['dfn', 'em', 'i', 'kbd', 'mark', 'q', 'rb', 'rp', 'rt', 'rtc', 'ruby', 's', 'samp', 'small', 'span'],
  ...['strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'caption', 'col', 'colgroup', 'table', 'tbody'],
  ...['td', 'tfoot', 'th', 'thead', 'tr'],
];

/** Attributes that mean nothing empty: dropped when empty (unless allowed empty), as the library does. */
export const LIBRARY_NON_BOOLEAN_ATTRIBUTES: readonly string[] = [
  ...['abbr', 'accept', 'accept-charset', 'accesskey', 'action', 'allow', 'alt', 'as', 'autocapitalize'],
  ...['autocomplete', 'blocking', 'charset', 'cite', 'class', 'color', 'cols', 'colspan', 'content'],
  ...['contenteditable', 'coords', 'crossorigin', 'data', 'datetime', 'decoding', 'dir', 'dirname'],
  ...['download', 'draggable', 'enctype', 'enterkeyhint', 'fetchpriority', 'for', 'form', 'formaction'],
  ...['formenctype', 'formmethod', 'formtarget', 'headers', 'height', 'hidden', 'high', 'href', 'hreflang'],
  ...['http-equiv', 'id', 'imagesizes', 'imagesrcset', 'inputmode', 'integrity', 'is', 'itemid', 'itemprop'],
  ...['itemref', 'itemtype', 'kind', 'label', 'lang', 'list', 'loading', 'low', 'max', 'maxlength', 'media'],
  ...['method', 'min', 'minlength', 'name', 'nonce', 'optimum', 'pattern', 'ping', 'placeholder', 'popover'],
  ...['popovertarget', 'popovertargetaction', 'poster', 'preload', 'referrerpolicy', 'rel', 'rows'],
  ...['rowspan', 'sandbox', 'scope', 'shape', 'size', 'sizes', 'slot', 'span', 'spellcheck', 'src'],
  ...['srcdoc', 'srclang', 'srcset', 'start', 'step', 'style', 'tabindex', 'target', 'title', 'translate'],
  ...['type', 'usemap', 'value', 'width', 'wrap', 'onauxclick', 'onafterprint', 'onbeforematch'],
  ...['onbeforeprint', 'onbeforeunload', 'onbeforetoggle', 'onblur', 'oncancel', 'oncanplay'],
  ...['oncanplaythrough', 'onchange', 'onclick', 'onclose', 'oncontextlost', 'oncontextmenu'],
  ...['oncontextrestored', 'oncopy', 'oncuechange', 'oncut', 'ondblclick', 'ondrag', 'ondragend'],
  ...['ondragenter', 'ondragleave', 'ondragover', 'ondragstart', 'ondrop', 'ondurationchange', 'onemptied'],
  ...['onended', 'onerror', 'onfocus', 'onformdata', 'onhashchange', 'oninput', 'oninvalid', 'onkeydown'],
  ...['onkeypress', 'onkeyup', 'onlanguagechange', 'onload', 'onloadeddata', 'onloadedmetadata'],
  ...['onloadstart', 'onmessage', 'onmessageerror', 'onmousedown', 'onmouseenter', 'onmouseleave'],
  ...['onmousemove', 'onmouseout', 'onmouseover', 'onmouseup', 'onoffline', 'ononline', 'onpagehide'],
  ...['onpageshow', 'onpaste', 'onpause', 'onplay', 'onplaying', 'onpopstate', 'onprogress', 'onratechange'],
  ...['onreset', 'onresize', 'onrejectionhandled', 'onscroll', 'onscrollend', 'onsecuritypolicyviolation'],
  ...['onseeked', 'onseeking', 'onselect', 'onslotchange', 'onstalled', 'onstorage', 'onsubmit'],
  ...['onsuspend', 'ontimeupdate', 'ontoggle', 'onunhandledrejection', 'onunload', 'onvolumechange'],
  ...['onwaiting', 'onwheel'],
];

/** Written as `<x />`, and never closed. */
export const LIBRARY_SELF_CLOSING: readonly string[] = [
  'img',
  'br',
  'hr',
  'area',
  'base',
  'basefont',
  'input',
  'link',
  'meta',
];

/** Elements whose text goes with them when they are not allowed (they hold no text a reader sees). */
export const LIBRARY_NON_TEXT_TAGS: readonly string[] = ['script', 'style', 'textarea', 'option', 'xmp'];

const ALLOWED_TAGS = new Set([
  ...LIBRARY_ALLOWED_TAGS,
  ...['img', 'font', 'center', 'span', 'u', 's', 'strike', 'sub', 'sup'],
]);
const NON_BOOLEAN = new Set(LIBRARY_NON_BOOLEAN_ATTRIBUTES);
const SELF_CLOSING = new Set(LIBRARY_SELF_CLOSING);
const NON_TEXT = new Set(LIBRARY_NON_TEXT_TAGS);
/** The one attribute kept with an empty value (`alt=""`: an image that says nothing). */
const ALLOWED_EMPTY = 'alt';

/** An attribute name that cannot end its attribute or its tag once written. */
const VALID_ATTRIBUTE_NAME = /^[^\0\t\n\f\r /<=>]+$/;

/**
 * Where a remote image's address is kept: a `data-` attribute, which no browser ever fetches, so the
 * image loads only when a person asks for it (see html.remote-images.ts).
 */
export const REMOTE_SRC = 'data-remote-src';

const ATTRIBUTES_BY_TAG = new Map<string, ReadonlySet<string>>([
  ['a', new Set(['href', 'title', 'target', 'rel'])],
  ['img', new Set(['src', REMOTE_SRC, 'alt', 'title', 'width', 'height'])],
  ['td', new Set(['colspan', 'rowspan', 'align', 'valign', 'width'])],
  ['th', new Set(['colspan', 'rowspan', 'align', 'valign', 'width'])],
  ['table', new Set(['width', 'border', 'cellpadding', 'cellspacing'])],
  ['font', new Set(['color', 'size'])],
]);
const ATTRIBUTES_OF_ANY_TAG = new Set(['dir', 'lang']);

/** Attributes whose value is a URL, checked against the tag's schemes. */
const URL_ATTRIBUTES = new Set(['href', 'src']);
const URL_SCHEMES = ['http', 'https', 'mailto'];
const URL_SCHEMES_BY_TAG = new Map([['img', ['cid']]]);

/** An absolute URL with one of these schemes (after the blanks and controls browsers ignore). */
export function hasScheme(value: string | undefined, schemes: RegExp): boolean {
  // eslint-disable-next-line no-control-regex
  return value !== undefined && schemes.test(value.replace(/[\u0000-\u0020\u007f]+/g, ''));
}
const LINK_SCHEMES = /^(https?:\/\/|mailto:)/i;
const IMAGE_SCHEMES = /^cid:/i;
export const REMOTE_SCHEMES = /^https?:\/\//i;

type Attributes = Record<string, string>;

/** Links open in a new tab without referrer, and only to http(s) and mailto. */
function linkAttributes(attribs: Attributes): Attributes {
  const kept: Attributes = { ...attribs, target: '_blank', rel: 'noopener noreferrer' };
  if (!hasScheme(attribs.href, LINK_SCHEMES)) delete kept.href;
  return kept;
}

/** Inline (`cid:`) images keep their source; a remote one's address waits in `data-remote-src`. */
function imageAttributes(attribs: Attributes): Attributes {
  const kept: Attributes = { ...attribs };
  // Sanitizing stored HTML again keeps its waiting addresses: the result is the same.
  const remote = [attribs.src, attribs[REMOTE_SRC]].find((v) => hasScheme(v, REMOTE_SCHEMES));
  delete kept[REMOTE_SRC];
  if (remote !== undefined) kept[REMOTE_SRC] = remote;
  if (!hasScheme(attribs.src, IMAGE_SCHEMES)) delete kept.src;
  return kept;
}

/** The elements whose attributes are rewritten before they are checked. */
const ATTRIBUTE_TRANSFORMS = new Map<string, (attribs: Attributes) => Attributes>([
  ['a', linkAttributes],
  ['img', imageAttributes],
]);

/**
 * Whether a URL must go (the launder package's `naughtyHref`, as sanitize-html calls it): blanks, controls
 * and HTML comments removed, a scheme not in the list, or a protocol-relative URL. No scheme at all passes
 * (the transforms above drop the relative URLs of links and images).
 */
function naughtyUrl(tag: string, href: string): boolean {
  // eslint-disable-next-line no-control-regex
  let cleaned = href.replace(/[\x00-\x20]+/g, '');
  for (;;) {
    const first = cleaned.indexOf('<!--');
    if (first === -1) break;
    const last = cleaned.indexOf('-->', first + 4);
    if (last === -1) break;
    cleaned = cleaned.substring(0, first) + cleaned.substring(last + 3);
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/.exec(cleaned);
  if (!scheme) return /^[/\\]{2}/.test(cleaned);
  return !(URL_SCHEMES_BY_TAG.get(tag) ?? URL_SCHEMES).includes((scheme[1] as string).toLowerCase());
}

const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"]/;

/**
 * As the library escapes: `&`, `<` and `>` in text, and `"` too in an attribute's value (never `'`). Most
 * texts hold none of them (one scan, the text itself returned); from the first one on, the characters are
 * read in a loop rather than by a replacement calling a function per match.
 */
function escaped(value: string, inAttribute: boolean): string {
  const first = value.search(inAttribute ? ATTRIBUTE_SPECIAL : TEXT_SPECIAL);
  if (first < 0) return value;
  let out = value.slice(0, first);
  let from = first;
  for (let i = first; i < value.length; i++) {
    const entity = entityOf(value.charCodeAt(i), inAttribute);
    if (entity === undefined) continue;
    out += value.slice(from, i) + entity;
    from = i + 1;
  }
  return out + value.slice(from);
}

/** The entity `escaped` writes for a character, or undefined when it stays as it is. */
function entityOf(code: number, inAttribute: boolean): string | undefined {
  switch (code) {
    case AMPERSAND:
      return '&amp;';
    case LESS_THAN:
      return '&lt;';
    case GREATER_THAN:
      return '&gt;';
    case QUOTE:
      return inAttribute ? '&quot;' : undefined;
    default:
      return undefined;
  }
}

const AMPERSAND = 0x26;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const QUOTE = 0x22;

/** ` name="value"` for an attribute kept, or '' (the attribute deleted, as the filter below reads them). */
function attributeText(tag: string, attribs: Attributes, name: string): string {
  const value = attribs[name] as string;
  const allowed =
    VALID_ATTRIBUTE_NAME.test(name) &&
    !(value === '' && name !== ALLOWED_EMPTY && NON_BOOLEAN.has(name)) &&
    (ATTRIBUTES_BY_TAG.get(tag)?.has(name) === true || ATTRIBUTES_OF_ANY_TAG.has(name)) &&
    !(URL_ATTRIBUTES.has(name) && naughtyUrl(tag, value));
  if (!allowed) {
    delete attribs[name];
    return '';
  }
  if (value.length > 0) return ` ${name}="${escaped(value, true)}"`;
  return name === ALLOWED_EMPTY ? ` ${name}=""` : ` ${name}`;
}

/** An element open in the output, as far as sanitizing needs it. */
interface Frame {
  readonly tag: string;
  readonly attribs: Attributes;
  /** How many pieces of the output were written before its opening tag. */
  readonly at: number;
  /** Not allowed: its tags are left out (its text is kept unless it is a non-text element). */
  readonly dropped: boolean;
}

/**
 * Walks HTML as sanitize-html's handlers do: `allowTags` false leaves only the text, unescaped (what the
 * library gives with no tag allowed, its escaping undone). Unclosed elements are closed at the end; a
 * closing tag that does not close the newest open element is ignored, as the library ignores it.
 */
function walk(html: string, allowTags: boolean): string {
  // Pieces, joined at the end: an image dropped with what followed it cuts the list, where cutting a string
  // built by `+=` copies all of it first (an HTML of thousands of empty images took seconds).
  const out: string[] = [];
  const stack: Frame[] = [];
  // Inside a non-text element that is dropped: how many elements deep (its own included).
  let skippedDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, parsed) {
        if (skippedDepth > 0) {
          skippedDepth += 1;
          return;
        }
        const transform = allowTags ? ATTRIBUTE_TRANSFORMS.get(name) : undefined;
        const attribs = transform ? transform(parsed) : parsed;
        const dropped = !allowTags || !ALLOWED_TAGS.has(name);
        stack.push({ tag: name, attribs, at: out.length, dropped });
        if (dropped) {
          if (NON_TEXT.has(name)) skippedDepth = 1;
          return;
        }
        let tag = `<${name}`;
        for (const attribute of Object.keys(attribs)) tag += attributeText(name, attribs, attribute);
        out.push(SELF_CLOSING.has(name) ? `${tag} />` : `${tag}>`);
      },
      ontext(text) {
        if (skippedDepth === 0) out.push(allowTags ? escaped(text, false) : text);
      },
      onclosetag(name) {
        if (skippedDepth > 0) {
          skippedDepth -= 1;
          if (skippedDepth > 0) return;
        }
        const frame = stack.pop();
        if (!frame) return;
        if (frame.tag !== name) {
          stack.push(frame);
          return;
        }
        if (frame.dropped) return;
        // An image left with no address shows nothing: it goes, with anything written since it opened.
        if (name === 'img' && !frame.attribs.src && !frame.attribs[REMOTE_SRC]) {
          out.length = frame.at;
          return;
        }
        if (!SELF_CLOSING.has(name)) out.push(`</${name}>`);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out.join('');
}

/**
 * Makes a mail's HTML safe to show in the console: no scripts, styles sheets, forms, frames, event handlers
 * or remote images that load by themselves (they track the reader): an http(s) image's address is moved to
 * `data-remote-src`, where it waits until a person asks to see it. Inline images stay as `cid:` references
 * to the message's attachments; links keep http(s) and mailto only and open in a new tab without referrer.
 * Relative URLs (`src="logo.png"`, `href="/reset"`) are dropped: in the console they would resolve against
 * DRobot's own origin, which a mail must never reach.
 */
export function sanitizeMailHtml(html: string): string {
  return walk(html, true);
}

/**
 * The text of HTML as a reader sees it, entities decoded: every tag left out, and the text of `script`,
 * `style`, `textarea`, `option` and `xmp` with it.
 */
export function htmlTextContent(html: string): string {
  return walk(html, false);
}
