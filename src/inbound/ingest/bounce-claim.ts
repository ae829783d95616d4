import { comparableAddress, isMailAddress } from '../../transports/mime/mail-address.js';
import type { Verdict } from '../classify/classifier.js';
import type { ParsedMail } from '../parse/parsed-mail.js';

/** What a failure report asks of the outbox: the mails it names, sent to one recipient. */
export interface BounceClaim {
  /**
   * As addresses are compared (lowercased, an internationalized domain in A-labels, as the outbox keeps it):
   * a report may name `ana@añoranza.es` for a mail sent to `ana@xn--aoranza-4za.es`.
   */
  readonly recipient: string;
  /** The returned headers' ids first, then the report's own In-Reply-To and References. */
  readonly messageIds: readonly string[];
  readonly status: string | null;
  /** A 5.x.x failure: the recipient gets no more notifications, once a mail of ours to it is found. */
  readonly permanent: boolean;
  /** What the bounced mail's history shows. */
  readonly detail: string;
}

/** More ids than any real report names; a longer list is cut rather than sent to the database whole. */
const MAX_IDS = 200;

/**
 * The claim of a bounce that says delivery failed and names a recipient; undefined otherwise. Only a claim
 * that a mail DRobot sent to that very recipient confirms may mark or suppress anything: a report is easy
 * to forge, a Message-ID of ours with its recipient is not. Pure.
 */
export function bounceClaim(
  verdict: Verdict,
  mail: Pick<ParsedMail, 'reportedMessageIds' | 'inReplyTo' | 'references'>,
): BounceClaim | undefined {
  if (verdict.kind !== 'bounce' || !verdict.failed || verdict.recipient === null) return undefined;
  const recipient = comparableAddress(verdict.recipient);
  const named = [...mail.reportedMessageIds, mail.inReplyTo, ...mail.references];
  const messageIds = [...new Set(named.filter((id): id is string => !!id))].slice(0, MAX_IDS);
  // DRobot sends only to plain addresses: anything else is no claim. A U+FFFD where the report had a NUL
  // may still form one (RFC 6531 allows it in a local part), but no mail was sent to it, so none is matched.
  if (!isMailAddress(recipient) || messageIds.length === 0) return undefined;
  return {
    recipient,
    messageIds,
    status: verdict.status,
    permanent: verdict.status?.startsWith('5') === true,
    detail: [verdict.status, verdict.reason].filter(Boolean).join(' '),
  };
}
