/**
 * What DRobot keeps of a server's own words (a reply quoted in an error, a log line, a terminal): a
 * server is hostile until bounded, so its text is scrubbed of secrets, capped in length and made
 * visible (no control character, no bidirectional override that could rewrite a terminal line).
 */
import { INVISIBLE, visibleChar } from '../../i18n/visible.js';
import { scrubSecrets, WITHHELD } from '../sasl.js';

/**
 * The longest server text kept, in characters: a full RFC 5321/2449 reply line (512 octets) fits, a
 * flood does not.
 */
export const MAX_SERVER_WORDS = 512;

/** Printable ASCII only (and line breaks, where they are kept): nothing to make visible. */
const PRINTABLE = /^[\x20-\x7e]*$/;
const PRINTABLE_LINES = /^[\x20-\x7e\n]*$/;

export interface ServerWordsOptions {
  /** The most characters kept (default {@link MAX_SERVER_WORDS}). */
  readonly max?: number;
  /** Keep `\n` between the lines of a multi-line reply the caller joined itself. */
  readonly lineBreaks?: boolean;
}

/**
 * A server's text as DRobot keeps it: each line holding a secret replaced by `*****` (on the whole text,
 * before it is cut, so that no secret survives in part at the cut), control and format characters shown as
 * `\xNN` / `\u{NNNN}`, and at most `max` characters (then `…`).
 */
export function serverWords(
  text: string,
  secrets: readonly string[] = [],
  options: ServerWordsOptions = {},
): string {
  const max = options.max ?? MAX_SERVER_WORDS;
  // Most replies (`250 2.0.0 Ok`, several per mail sent) are short printable ASCII with no secret in them:
  // already what the rest would give, so they are not copied and searched again.
  if (text.length <= max && (options.lineBreaks ? PRINTABLE_LINES : PRINTABLE).test(text)) {
    if (!secrets.some((secret) => secret.length > 0 && text.includes(secret))) return text;
  }
  // A flood is cut before scrubbing, but never so short that a secret could straddle the cut.
  const keep = max * 4 + secrets.reduce((longest, s) => Math.max(longest, s.length), 0);
  const head = text.length > keep ? text.slice(0, keep) : text;
  const scrubbed = scrubSecrets(head, secrets);
  // Withheld whole: nothing of it is shown, so nothing was cut either.
  if (scrubbed === WITHHELD) return WITHHELD;
  const shown = scrubbed.replace(INVISIBLE, (char) =>
    options.lineBreaks && char === '\n' ? char : visibleChar(char),
  );
  const chars = [...shown];
  if (chars.length <= max && head.length === text.length) return shown;
  return `${chars.slice(0, max).join('')}…`;
}
