import sanitizeHtml from 'sanitize-html';
import { hasScheme, REMOTE_SCHEMES, REMOTE_SRC, sanitizeMailHtml } from './html.sanitizer.js';

/**
 * A stored (sanitized) HTML with its remote images given back their addresses, for a person who asked to
 * see them. Sanitized once more on the way, so only http(s) addresses from `data-remote-src` become `src`.
 * Once per view, not per mail: this one stays on sanitize-html.
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
