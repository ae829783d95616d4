import { formatCaseTag } from './message-id.js';

/**
 * Headers every DRobot mail carries. `Auto-Submitted` (RFC 3834) tells auto-responders not to answer;
 * `X-Auto-Response-Suppress` asks the same of Exchange; the loop header names this instance, so a
 * mail that comes back to DRobot is recognized as its own.
 */
export const LOOP_HEADER = 'X-DRobot-Loop';

export interface HeaderInput {
  readonly instanceId: string;
  readonly inReplyTo: string | undefined;
  readonly references: readonly string[];
}

/** The most ids kept in References: the first (thread root) and the latest ones. */
const MAX_REFERENCES = 20;
/**
 * Longest Message-ID copied into In-Reply-To/References. Ids come from inbound mail (anyone's); a longer
 * one could not be folded into a header line of at most 998 characters (RFC 5322 §2.1.1).
 */
const MAX_ID_LENGTH = 250;

function usableId(id: string): boolean {
  // eslint-disable-next-line no-control-regex
  return id.length <= MAX_ID_LENGTH && /^<[^<>\s\u0000-\u001f\u007f]+>$/.test(id);
}

export function composeHeaders(input: HeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    [LOOP_HEADER]: input.instanceId,
  };
  const inReplyTo = input.inReplyTo && usableId(input.inReplyTo) ? input.inReplyTo : undefined;
  const refs = [...new Set([...input.references, ...(inReplyTo ? [inReplyTo] : [])])].filter(usableId);
  const kept = refs.length > MAX_REFERENCES ? [refs[0] ?? '', ...refs.slice(-(MAX_REFERENCES - 1))] : refs;
  if (inReplyTo) headers['In-Reply-To'] = inReplyTo;
  if (kept.length > 0) headers.References = kept.join(' ');
  return headers;
}

/** A case mail's subject always carries the case tag, even when a custom template left it out. */
export function ensureCaseTag(subject: string, caseId: number, label: string): string {
  const tag = formatCaseTag(caseId, label);
  return subject.includes(tag) ? subject : `${tag} ${subject}`.trim();
}

/** Bytes the rendered bodies and subject take, for the size limit. */
export function renderedSize(parts: { subject: string; text: string; html: string }): number {
  return Buffer.byteLength(parts.subject) + Buffer.byteLength(parts.text) + Buffer.byteLength(parts.html);
}

/** A word longer than this cannot be folded onto a header line of 78 characters with its field name. */
const MAX_FOLDABLE_WORD = 66;
/** UTF-8 bytes per encoded word: `=?UTF-8?B?…?=` of 45 bytes is 72 characters. */
const ENCODED_WORD_BYTES = 45;

/**
 * A subject the SMTP composer can fold into lines of at most 78 characters (RFC 5322 §2.1.1). The composer
 * folds at spaces and encodes non-ASCII text into short encoded words, but leaves a long ASCII word (a
 * 998-character subject without spaces) on one line of 999 characters or more. Such a subject is sent as
 * RFC 2047 encoded words of whole characters, which readers join back into the same text.
 */
export function foldableSubject(subject: string): string {
  if (!subject.split(/\s+/).some((word) => word.length > MAX_FOLDABLE_WORD)) return subject;
  const words: string[] = [];
  let chunk = '';
  for (const ch of subject) {
    if (Buffer.byteLength(chunk + ch) > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}
