/** The help desk case model, free of storage and protocol details. */

export const CASE_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type Direction = 'in' | 'out';

/** What a message is: a person's mail, an automatic reply, or a delivery failure report. */
export const CLASSIFICATIONS = ['normal', 'auto_reply', 'bounce'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * What a delivery report on a case says: delivery failed (a bounce), is delayed and still tried (a warning),
 * or anything else (delivered, relayed, or an outcome its text does not tell).
 */
export const BOUNCE_KINDS = ['failure', 'delay', 'report'] as const;
export type BounceKind = (typeof BOUNCE_KINDS)[number];

/** A delivery report's reading: the recipient and status it names, and what kind of report it is. */
export interface BounceReport {
  readonly recipient: string | null;
  readonly status: string | null;
  readonly kind: BounceKind;
}

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
  /** The requester's language, when their first mail told it. */
  readonly lang: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a case message is: mail sent or received, or an internal note (never sent). */
export type MessageKind = 'mail' | 'note';

/** Where an outbound mail of a case stands, from its outbox row (a bounce report wins over `sent`). */
export const DELIVERY_STATES = ['queued', 'sent', 'failed', 'bounced'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One recipient's copy of an outbound case mail. */
export interface Delivery {
  readonly outboxId: number;
  readonly recipient: string;
  readonly messageId: string;
  readonly state: DeliveryState;
  readonly sentAt: string | null;
  readonly error: string | null;
  readonly bounce: string | null;
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
  readonly kind: MessageKind;
  /** The agent who wrote a note or an answer, when known. */
  readonly author: string | null;
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
  /** True when the text or HTML was cut at the case view's limit (the raw mail has it all). */
  readonly textTruncated: boolean;
  /** Sanitized HTML, safe to display; `cid:` references point at inline attachments. */
  readonly html: string | null;
  /** Content hash of the raw .eml in the blob store (inbound mail). */
  readonly rawHash: string | null;
  /** A delivery report's reading (inbound reports only). */
  readonly bounce: BounceReport | null;
  readonly createdAt: string;
  readonly attachments: readonly Attachment[];
  /** Parts of the mail beyond the per-mail limit, not listed as attachments (the raw mail has them). */
  readonly omittedParts: number;
  /** Outbound mail: each recipient's copy and its delivery state (empty for inbound mail and notes). */
  readonly deliveries: readonly Delivery[];
  /** Outbound mail: the state of the copy to the first recipient; null otherwise. */
  readonly deliveryState: DeliveryState | null;
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
  | 'id'
  | 'caseId'
  | 'noReply'
  | 'createdAt'
  | 'bounce'
  | 'attachments'
  | 'kind'
  | 'author'
  | 'deliveries'
  | 'deliveryState'
  | 'omittedParts'
  | 'textTruncated'
> & {
  readonly kind?: MessageKind | undefined;
  readonly author?: string | null | undefined;
  readonly bounce?: CaseMessage['bounce'] | undefined;
  readonly attachments: readonly NewAttachment[];
  readonly omittedParts?: number | undefined;
  readonly textTruncated?: boolean | undefined;
};

export interface CaseQuery {
  readonly status?: CaseStatus | undefined;
  readonly requester?: string | undefined;
  /** Cases opened from this inbound account. */
  readonly accountId?: number | undefined;
  /** Cases created at or after this time (ISO-8601). */
  readonly since?: string | undefined;
  /** Cases created before this time (ISO-8601). */
  readonly until?: string | undefined;
  /** Words that must all appear in the subject or text of one of the case's messages. */
  readonly search?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /** Keyset paging: only cases listed after this one (older activity, or the same time and a lower id). */
  readonly after?: { readonly at: string; readonly id: number } | undefined;
}

/** A stored row that carries a Message-ID: its row id (newer rows have larger ones) and its case. */
export interface MessageIdRow {
  readonly messageId: string;
  readonly rowId: number;
  readonly caseId: number;
}
