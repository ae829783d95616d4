import type { Generated } from 'kysely';

/** A person who writes to the help desk, known by address (lowercase, unique). */
export interface RequesterTable {
  id: Generated<number>;
  address: string;
  display_name: string | null;
  created_at: string;
}

/** A help desk case. `number` is what people see in the subject tag: `[Caso #123]`. */
export interface CaseTable {
  id: Generated<number>;
  number: number | null;
  subject: string;
  status: string;
  requester_id: number;
  source_account_id: number | null;
  /** The requester's language, when the first mail told it (Content-Language, Accept-Language). */
  lang: string | null;
  created_at: string;
  updated_at: string;
}

/** One message of a case, inbound or outbound, in the order it arrived. */
export interface CaseMessageTable {
  id: Generated<number>;
  case_id: number;
  /** `mail` (sent or received) or `note` (internal, never sent). */
  kind: Generated<string>;
  /** Who wrote a note or an answer (the agent), when known. */
  author: string | null;
  direction: string;
  classification: string;
  /** 1 when the message must never be answered (auto-replies, bounces). */
  no_reply: number;
  from_address: string;
  from_name: string | null;
  to_json: string;
  cc_json: string;
  subject: string;
  sent_at: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  references_json: string;
  text: string;
  text_reply: string;
  html: string | null;
  raw_hash: string | null;
  bounce_recipient: string | null;
  bounce_status: string | null;
  /** `failure`, `delay` or `report` (a BounceKind); null in rows stored before it was kept. */
  bounce_kind: string | null;
  created_at: string;
  /** 1 when the stored text or HTML was cut at the case view's limit. */
  text_truncated: Generated<number>;
  /** Parts beyond the per-mail limit, not stored as attachment rows. */
  omitted_parts: Generated<number>;
}

/** An attachment or inline image of a message; the bytes live once in the blob store under `hash`. */
export interface CaseAttachmentTable {
  id: Generated<number>;
  message_id: number;
  hash: string;
  filename: string;
  content_type: string;
  size: number;
  content_id: string | null;
  inline: number;
}

/**
 * What a case's history keeps beside its messages: its status changes, and someone who got no mail about
 * the case, and why (an answer's copy not sent, a status change the requester was not told of).
 */
export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  /**
   * The message it is about (the answer not sent to someone), when there is one; of a status change, the
   * mail that made it.
   */
  case_message_id: number | null;
  /** `status-changed`, `not-sent` or `not-notified`. */
  kind: string;
  /** Who got no mail, when there was an address. */
  address: string | null;
  /** Why, as a code (refusal.labels.ts says it in words); of a status change, what made it (status-change.ts). */
  reason: string;
  /** The status a change set (notified or not). */
  status: string | null;
  /** The status a change left; null for other events and for rows stored before migration 0027. */
  previous_status: string | null;
  /** Who made a status change, when known: the agent, or the sender of the mail that made it. */
  author: string | null;
  created_at: string;
}

/** The case store's tables, as added to the storage schema. */
export interface CaseTables {
  requesters: RequesterTable;
  cases: CaseTable;
  case_messages: CaseMessageTable;
  case_attachments: CaseAttachmentTable;
  case_events: CaseEventTable;
}
