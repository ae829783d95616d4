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
  readonly replyTo: MailAddress | null;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly date: string | null;
  /** The top-level content type, lowercased, e.g. `multipart/report`. */
  readonly contentType: string;
  /** `report-type` of a multipart/report, lowercased. */
  readonly reportType: string | null;
  readonly text: string;
  readonly textReply: string;
  /** Sanitized. */
  readonly html: string | null;
  readonly attachments: readonly NewAttachment[];
  /** The machine-readable part of a delivery report (message/delivery-status), if any. */
  readonly deliveryStatus: string | null;
  /** Message-IDs of the mail a report is about (from its returned message or headers). */
  readonly reportedMessageIds: readonly string[];
}

/** The value of the first header with this (lowercase) name. */
export function headerValue(headers: readonly RawHeader[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}
