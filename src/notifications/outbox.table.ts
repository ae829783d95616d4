import type { Generated } from 'kysely';

/** One queued notification, fully rendered at enqueue time so a template change never alters it. */
export interface OutboxTable {
  id: Generated<number>;
  type: string;
  lang: string;
  account_id: number;
  recipient: string;
  subject: string;
  /** Fixed at enqueue: a retry after an unknown outcome goes out with the same id. */
  message_id: string;
  /** The Message-ID the provider sent it with, when that is not `message_id` (Exchange replaces ours). */
  sent_message_id: string | null;
  case_id: number | null;
  /** The case message this mail is (acknowledgment, answer, status notification). */
  case_message_id: number | null;
  /** When a delivery report said this mail bounced, and what it said. */
  bounced_at: string | null;
  bounce_detail: string | null;
  state: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  last_error_code: string | null;
  last_error: string | null;
  server_reply: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A queued notification's contents, written once with its outbox row and never changed: kept apart so
 * that the row's updates as it is sent do not rewrite them.
 */
export interface OutboxContentTable {
  outbox_id: number;
  text_body: string;
  html_body: string;
  /** JSON object of extra headers (Auto-Submitted, loop header, In-Reply-To, References). */
  headers_json: string;
  /** JSON array of attachments: blob hash, file name, media type, size. */
  attachments_json: string;
}

/** Sends per account in the current one-minute window, shared by every worker. */
export interface OutboxRateTable {
  account_id: number;
  window_start: string;
  sent_count: number;
}

/** Addresses that get no notifications until an administrator clears them. */
export interface SuppressionTable {
  address: string;
  reason: string;
  detail: string | null;
  created_at: string;
}

/** A case's conversation at a provider, per mailbox (a Gmail threadId), for its next answers. */
export interface CaseProviderThreadTable {
  case_id: number;
  /** The mailbox the thread id belongs to, as `gmail:{address}`. */
  mailbox: string;
  thread_id: string;
  updated_at: string;
}

export interface OutboxTables {
  outbox: OutboxTable;
  outbox_contents: OutboxContentTable;
  case_provider_threads: CaseProviderThreadTable;
  outbox_rate: OutboxRateTable;
  notification_suppressions: SuppressionTable;
}
