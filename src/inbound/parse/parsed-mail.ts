import type { MailAddress, NewAttachment } from '../../cases/case.types.js';

/** One header as it came, unfolded, its name lowercased. Classification reads these, not parsed values. */
export interface RawHeader {
  readonly name: string;
  readonly value: string;
}

/** What the pipeline needs from a mail, its attachments already in the blob store. */
export interface ParsedMail {
  readonly headers: readonly RawHeader[];
  /** With angle brackets, or null when the mail has none. */
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly subject: string;
  readonly from: MailAddress | null;
  /** The `Sender` header's address, when the mail names one. */
  readonly sender: MailAddress | null;
  /** Every `Reply-To` address, in order. */
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly date: string | null;
  /** The top-level content type, lowercased, e.g. `multipart/report`. */
  readonly contentType: string;
  /** `report-type` of a multipart/report, lowercased. */
  readonly reportType: string | null;
  /** The text for the case view: at most `PARSE_LIMITS.maxTextBytes` of it (the raw mail has it all). */
  readonly text: string;
  readonly textReply: string;
  /** True when the text or HTML was cut at its limit. */
  readonly textTruncated: boolean;
  /** Sanitized. */
  readonly html: string | null;
  readonly attachments: readonly NewAttachment[];
  /** Parts beyond the per-mail limit: counted, not stored as attachments (the raw mail has them). */
  readonly omittedParts: number;
  /** The machine-readable part of a delivery report (message/delivery-status), if any. */
  readonly deliveryStatus: string | null;
  /**
   * Message-IDs of the mail a report or bounce is about, from its returned message or headers. Threading
   * uses them only for automatic mail: a person's mail quoting other headers is not linked by them.
   */
  readonly reportedMessageIds: readonly string[];
}

/** The value of the first header with this (lowercase) name. */
export function headerValue(headers: readonly RawHeader[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}
