import sanitizeHtml from 'sanitize-html';

/**
 * A list of names whose `indexOf` is a map lookup. sanitize-html looks up the tag of every opening tag and
 * text node in its allowed list (~90 names) with `indexOf`, a linear scan that cost a sixth of its time;
 * the list is still an array of the same names in the same order, so any other reading of it sees the same.
 */
function quickLookupList(names: readonly string[]): string[] {
  const list = [...names];
  const firstIndex = new Map<string, number>();
  list.forEach((name, i) => {
    if (!firstIndex.has(name)) firstIndex.set(name, i);
  });
  const scan = Array.prototype.indexOf;
  Object.defineProperty(list, 'indexOf', {
    value: (name: string, fromIndex?: number): number =>
      fromIndex === undefined ? (firstIndex.get(name) ?? -1) : scan.call(list, name, fromIndex),
  });
  return list;
}

const allowedTags = quickLookupList([
  ...sanitizeHtml.defaults.allowedTags,
  'img',
  'font',
  'center',
  'span',
  'u',
  's',
  'strike',
  'sub',
  'sup',
]);

/** An absolute URL with one of these schemes (after the blanks and controls browsers ignore). */
function hasScheme(value: string | undefined, schemes: RegExp): boolean {
  // eslint-disable-next-line no-control-regex
  return value !== undefined && schemes.test(value.replace(/[\u0000-\u0020\u007f]+/g, ''));
}
const LINK_SCHEMES = /^(https?:\/\/|mailto:)/i;
const IMAGE_SCHEMES = /^cid:/i;
const REMOTE_SCHEMES = /^https?:\/\//i;

/**
 * Where a remote image's address is kept: a `data-` attribute, which no browser ever fetches, so the
 * image loads only when a person asks for it (see `withRemoteImages`).
 */
export const REMOTE_SRC = 'data-remote-src';

/** Built once: sanitize-html copies it on every call and never changes it. */
const MAIL_HTML_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', REMOTE_SRC, 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    table: ['width', 'border', 'cellpadding', 'cellspacing'],
    font: ['color', 'size'],
    '*': ['dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['cid'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => {
      const kept: sanitizeHtml.Attributes = { ...attribs, target: '_blank', rel: 'noopener noreferrer' };
      if (!hasScheme(attribs.href, LINK_SCHEMES)) delete kept.href;
      return { tagName, attribs: kept };
    },
    img: (tagName, attribs) => {
      const kept: sanitizeHtml.Attributes = { ...attribs };
      // Sanitizing stored HTML again keeps its waiting addresses: the result is the same.
      const remote = [attribs.src, attribs[REMOTE_SRC]].find((v) => hasScheme(v, REMOTE_SCHEMES));
      delete kept[REMOTE_SRC];
      if (remote !== undefined) kept[REMOTE_SRC] = remote;
      if (!hasScheme(attribs.src, IMAGE_SCHEMES)) delete kept.src;
      return { tagName, attribs: kept };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src && !frame.attribs[REMOTE_SRC],
};

/**
 * Makes a mail's HTML safe to show in the console: no scripts, styles sheets, forms, frames, event handlers or
 * remote images that load by themselves (they track the reader): an http(s) image's address is moved to
 * `data-remote-src`, where it waits until a person asks to see it. Inline images stay as `cid:` references to the message's
 * attachments; links keep http(s) and mailto only and open in a new tab without referrer. Relative URLs
 * (`src="logo.png"`, `href="/reset"`) are dropped: in the console they would resolve against DRobot's own
 * origin, which a mail must never reach.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, MAIL_HTML_OPTIONS);
}

/**
 * A stored (sanitized) HTML with its remote images given back their addresses, for a person who asked to
 * see them. Sanitized once more on the way, so only http(s) addresses from `data-remote-src` become `src`.
 */
export function withRemoteImages(storedHtml: string): string {
  return sanitizeHtml(sanitizeMailHtml(storedHtml), {
    allowedTags: false,
    allowedAttributes: false,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid', 'http', 'https'] },
    allowProtocolRelative: false,
    transformTags: {
      img: (tagName, attribs) => {
        const { [REMOTE_SRC]: remote, ...kept } = attribs;
        return {
          tagName,
          attribs: hasScheme(remote, REMOTE_SCHEMES) ? { ...kept, src: remote ?? '' } : kept,
        };
      },
    },
  });
}
