/** The help desk case model, free of storage and protocol details. */

export const CASE_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type Direction = 'in' | 'out';

/** What a message is: a person's mail, an automatic reply, or a delivery failure report. */
export const CLASSIFICATIONS = ['normal', 'auto_reply', 'bounce'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface MailAddress {
  readonly address: string;
  readonly name?: string | undefined;
}

export interface Requester {
  readonly id: number;
  readonly address: string;
  readonly displayName: string | null;
}

export interface Case {
  readonly id: number;
  readonly number: number;
  readonly subject: string;
  readonly status: CaseStatus;
  readonly requester: Requester;
  readonly sourceAccountId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Attachment {
  readonly id: number;
  readonly hash: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly contentId: string | null;
  readonly inline: boolean;
}

export interface CaseMessage {
  readonly id: number;
  readonly caseId: number;
  readonly direction: Direction;
  readonly classification: Classification;
  /** True for auto-replies and bounces: the outbound side must never answer them. */
  readonly noReply: boolean;
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  readonly sentAt: string | null;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** The full text, quoted history included. */
  readonly text: string;
  /** The text without quoted history, for the case view. */
  readonly textReply: string;
  /** Sanitized HTML, safe to display; `cid:` references point at inline attachments. */
  readonly html: string | null;
  /** Content hash of the raw .eml in the blob store (inbound mail). */
  readonly rawHash: string | null;
  readonly bounce: { readonly recipient: string | null; readonly status: string | null } | null;
  readonly createdAt: string;
  readonly attachments: readonly Attachment[];
}

export interface NewAttachment {
  readonly hash: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly contentId?: string | null | undefined;
  readonly inline: boolean;
}

/** A message to add to a case: a case message's own fields, before it has an id, a case and a time. */
export type NewMessage = Omit<
  CaseMessage,
  'id' | 'caseId' | 'noReply' | 'createdAt' | 'bounce' | 'attachments'
> & {
  readonly bounce?: CaseMessage['bounce'] | undefined;
  readonly attachments: readonly NewAttachment[];
};

export interface CaseQuery {
  readonly status?: CaseStatus | undefined;
  readonly requester?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /** Keyset paging: only cases listed after this one (older activity, or the same time and a lower id). */
  readonly after?: { readonly at: string; readonly id: number } | undefined;
}
