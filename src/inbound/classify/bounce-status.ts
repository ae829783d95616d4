/**
 * The status a plain-text bounce gives, read the way bounce texts write it: an RFC 3463 enhanced status code
 * after an SMTP reply code (`550 5.1.1`) or standing alone as a word; never a piece of a longer dotted number
 * such as an IP address (`[5.9.10.20]`) or a version. Pure.
 */

/** A code right after an SMTP reply code of the same class: `550 5.1.1`, `451-4.7.1`. */
const AFTER_REPLY = /(?<![\w.])([245])\d\d[ \t-]{1,4}(([245])\.\d{1,3}\.\d{1,3})(?![\w-]|\.\d)/g;
/** A code as a word of its own: not after a letter, digit, `.` or `-`, nor before one (`.` ending a sentence is fine). */
const ALONE = /(?<![\w.-])[245]\.\d{1,3}\.\d{1,3}(?![\w-]|\.\d)/;
/**
 * An SMTP reply code with no enhanced code, where a bounce quotes a server's reply: at the start of a line or
 * after `said:` (`host mx said: 550 no such user`); its class gives `5.0.0` or `4.0.0`.
 */
const BARE_REPLY = /(?:^[ \t>]{0,20}|said:[ \t]{0,4})([45])[0-5]\d(?=[ -])/im;

export function enhancedStatusIn(text: string): string | null {
  for (const match of text.matchAll(AFTER_REPLY)) {
    if (match[1] === match[3]) return match[2] ?? null;
  }
  const alone = ALONE.exec(text)?.[0];
  if (alone !== undefined) return alone;
  const reply = BARE_REPLY.exec(text)?.[1];
  return reply === undefined ? null : `${reply}.0.0`;
}

/**
 * Words of a delay warning (Exim, Postfix, Sendmail, Exchange, Gmail): the mail is still queued and will be
 * tried again, so whatever code the warning quotes is not a final failure.
 */
const DELAYED =
  /\bdelayed\b|\bnot yet been delivered\b|\bstill being retried\b|\bwill (?:be )?retr(?:y|ied)\b|\bwill keep trying\b|\bwill continue (?:to )?try|\bdelivery attempts will continue\b|\bwarning (?:message )?only\b/i;
/** A delay warning's subject: "Delayed Mail", "Delivery Status Notification (Delay)", "Warning: … delayed". */
const DELAY_SUBJECT = /\bdelay(?:ed)?\b|^warning:/i;

export function saysDelayed(text: string, subject: string): boolean {
  return DELAYED.test(text) || DELAY_SUBJECT.test(subject);
}
