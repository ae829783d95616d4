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

export function composeHeaders(input: HeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    [LOOP_HEADER]: input.instanceId,
  };
  const refs = [...new Set([...input.references, ...(input.inReplyTo ? [input.inReplyTo] : [])])];
  const kept = refs.length > MAX_REFERENCES ? [refs[0] ?? '', ...refs.slice(-(MAX_REFERENCES - 1))] : refs;
  if (input.inReplyTo) headers['In-Reply-To'] = input.inReplyTo;
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
