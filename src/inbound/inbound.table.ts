import type { Generated } from 'kysely';

/**
 * One mail seen on an inbound account, by its identity on the server (`mailbox` + `uid`: the POP3 UIDL,
 * or the IMAP folder, UIDVALIDITY and UID) and by content (`dedup_key`: Message-ID + content hash).
 * Written by intake as `queued` once its raw bytes are durable, then turned into its final outcome in the
 * same transaction as the case change, so a mail is stored exactly once.
 */
export interface InboundMailTable {
  id: Generated<number>;
  account_id: number;
  mailbox: string;
  uid: string;
  dedup_key: string;
  outcome: string;
  case_message_id: number | null;
  /** 1 once the after-store action (delete, move, mark seen) was done on the server. */
  settled: number;
  created_at: string;
  /** While queued: the raw mail in the blob store (cleared once built). */
  raw_hash: string | null;
  size: Generated<number>;
  /** While queued: a case builder claimed it until then. */
  build_lease_until: string | null;
  /** Which builder (host:pid:…): a claim of a process of this host that has ended is free at once. */
  build_lease_holder: string | null;
}

/** Mail that could not be turned into a case: raw bytes kept, never deleted from the server meanwhile. */
export interface QuarantineTable {
  id: Generated<number>;
  account_id: number;
  mailbox: string;
  uid: string;
  reason: string;
  detail: string | null;
  raw_hash: string | null;
  size: number;
  status: string;
  attempts: number;
  created_at: string;
  updated_at: string;
  /** Set when a person asked to fetch an over-size mail again: the download limit for that attempt. */
  refetch_max_bytes: number | null;
}

/** A mail the server failed to deliver (a cut connection, a hang): retried later, after the others. */
export interface FetchFailureTable {
  account_id: number;
  mailbox: string;
  uid: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  updated_at: string;
}

/** The first mail stored under an identity, across every account (one request is one case). */
export interface InboundIdentityTable {
  dedup_key: string;
  case_message_id: number | null;
  account_id: number;
  created_at: string;
}

/** Per-sender mail counts per time window, shared by every worker. */
export interface SenderCountTable {
  address: string;
  window_start: string;
  count: number;
}

/** Who is fetching an account right now, until when. */
export interface FetchLeaseTable {
  account_id: number;
  holder: string;
  expires_at: string;
}

/** An account's fetch health and position per mailbox. */
export interface FetchStateTable {
  account_id: number;
  mailbox: string;
  /** Before cursors (migration 0015), IMAP: UIDs at or below this were all handled. Now unused. */
  floor_uid: number;
  first_run_done: number;
  /** On the account's health row (`*`): where the source's last fully handled listing ended (opaque). */
  cursor: string | null;
  last_run_at: string | null;
  last_error: string | null;
  failures: number;
  next_attempt_at: string | null;
  updated_at: string;
}

/**
 * Every mail seen on a server, one line per outcome (a mail quarantined and later retried has two): what
 * the administrator reads with `drobot inbound log`. Append-only.
 */
export interface InboundLogTable {
  id: Generated<number>;
  account_id: number;
  mailbox: string;
  uid: string;
  from_address: string | null;
  subject: string | null;
  /** A mail outcome (`new_case`, `follow_up`, `duplicate`, …), `quarantined` or `throttled`. */
  outcome: string;
  /** Why, when the outcome alone does not say (the quarantine reason). */
  detail: string | null;
  case_id: number | null;
  case_message_id: number | null;
  quarantine_id: number | null;
  created_at: string;
}

/** The inbound pipeline's tables, as added to the storage schema. */
/** The provider's conversation of a listed mail (a Gmail threadId), by the mail's id in its mailbox. */
export interface SourceConversationTable {
  /** The source's identity namespace (`gmail:{address}`). */
  mailbox: string;
  item_id: string;
  conversation: string;
  listed_at: string;
}

export interface InboundTables {
  inbound_mails: InboundMailTable;
  source_conversations: SourceConversationTable;
  quarantine: QuarantineTable;
  sender_counts: SenderCountTable;
  fetch_leases: FetchLeaseTable;
  fetch_state: FetchStateTable;
  fetch_failures: FetchFailureTable;
  inbound_identities: InboundIdentityTable;
  inbound_log: InboundLogTable;
}
