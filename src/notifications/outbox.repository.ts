import { storedTextIn } from '../i18n/stored-text.js';
import { sql, type Selectable } from 'kysely';
import type { Lang } from '../i18n/lang.js';
import type { Executor } from '../storage/database.js';
import { comparableAddress } from '../transports/mime/mail-address.js';
import type { NotificationType, OutboxEntry, OutboxState } from './notification.types.js';
import type { OutboxContentTable, OutboxTable } from './outbox.table.js';

export type OutboxRow = Selectable<OutboxTable>;
export type OutboxContent = Selectable<OutboxContentTable>;
/**
 * What sending a row reads of it, the columns a claim returns: a claim of 500 rows returning every column
 * took 11 ms in SQLite where these took 5 (the driver builds an object of each returned row).
 */
export const CLAIMED_COLUMNS = [
  'id',
  'account_id',
  'recipient',
  'subject',
  'message_id',
  'case_id',
  'case_message_id',
  'attempts',
  'max_attempts',
  'lease_until',
] as const satisfies ReadonlyArray<keyof OutboxRow>;

/** A claimed row with the contents to send (undefined only in a damaged database: the row then fails). */
export type OutboxMail = Pick<OutboxRow, (typeof CLAIMED_COLUMNS)[number]> & {
  readonly content: OutboxContent | undefined;
};

export interface NewOutboxRow {
  readonly type: NotificationType;
  readonly lang: Lang;
  readonly accountId: number;
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly messageId: string;
  readonly caseId: number | undefined;
  readonly caseMessageId?: number | undefined;
  readonly attachments?: readonly OutboxAttachment[];
  readonly maxAttempts: number;
  readonly now: Date;
}

/** A file sent with a notification; its bytes are in the blob store under `hash`. */
export interface OutboxAttachment {
  readonly hash: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/**
 * The stored last error in one language: stored as JSON with both languages (older rows hold plain
 * text, shown as it is).
 */
export function outboxErrorIn(stored: string | null, lang: Lang): string | undefined {
  return stored === null ? undefined : storedTextIn(stored, lang);
}

/** The public view of a row (bodies and headers stay in the row; `show` reads them separately). */
export function toEntry(row: OutboxRow, lang: Lang = 'en'): OutboxEntry {
  return {
    id: row.id,
    type: row.type as NotificationType,
    lang: row.lang as Lang,
    accountId: row.account_id,
    recipient: row.recipient,
    subject: row.subject,
    messageId: row.message_id,
    ...(row.sent_message_id ? { sentMessageId: row.sent_message_id } : {}),
    caseId: opt(row.case_id),
    state: row.state as OutboxState,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: opt(row.next_attempt_at),
    lastErrorCode: opt(row.last_error_code),
    lastError: outboxErrorIn(row.last_error, lang),
    serverReply: opt(row.server_reply),
    sentAt: opt(row.sent_at),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Queues a notification: its row and its contents, in the caller's transaction. */
export async function insertOutboxRow(ex: Executor, row: NewOutboxRow): Promise<number> {
  const now = row.now.toISOString();
  const inserted = await ex
    .insertInto('outbox')
    .values({
      type: row.type,
      lang: row.lang,
      account_id: row.accountId,
      recipient: row.recipient,
      subject: row.subject,
      message_id: row.messageId,
      case_id: row.caseId ?? null,
      case_message_id: row.caseMessageId ?? null,
      state: 'queued',
      attempts: 0,
      max_attempts: row.maxAttempts,
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ex
    .insertInto('outbox_contents')
    .values({
      outbox_id: inserted.id,
      text_body: row.text,
      html_body: row.html,
      headers_json: JSON.stringify(row.headers),
      attachments_json: JSON.stringify(row.attachments ?? []),
    })
    .execute();
  return inserted.id;
}

/** The contents of these notifications, by id (one statement per 500). */
export async function contentsOf(ex: Executor, ids: readonly number[]): Promise<Map<number, OutboxContent>> {
  const found = new Map<number, OutboxContent>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ex
      .selectFrom('outbox_contents')
      .selectAll()
      .where('outbox_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.outbox_id, row);
  }
  return found;
}

export async function findOutboxRow(ex: Executor, id: number): Promise<OutboxRow | undefined> {
  return ex.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface OutboxFilter {
  readonly state?: OutboxState | undefined;
  readonly caseId?: number | undefined;
  readonly limit?: number | undefined;
  /** Rows with an id below this one (pages go from newest to oldest). */
  readonly beforeId?: number | undefined;
}

export async function listOutboxRows(ex: Executor, filter: OutboxFilter = {}): Promise<OutboxRow[]> {
  let query = ex.selectFrom('outbox').selectAll();
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.caseId !== undefined) query = query.where('case_id', '=', filter.caseId);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
}

export async function countByState(ex: Executor): Promise<Record<OutboxState, number>> {
  const rows = await ex
    .selectFrom('outbox')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const counts: Record<OutboxState, number> = { queued: 0, sending: 0, sent: 0, retrying: 0, failed: 0 };
  for (const row of rows) counts[row.state as OutboxState] = Number(row.n);
  return counts;
}

/** What a finished attempt writes; only the lease holder may write it. */
export type AttemptOutcome =
  | { readonly state: 'sent'; readonly serverReply: string }
  | {
      readonly state: 'retrying';
      readonly nextAttemptAt: Date;
      readonly errorCode: string;
      readonly error: string;
      readonly serverReply: string | undefined;
    }
  | {
      readonly state: 'failed';
      readonly errorCode: string;
      readonly error: string;
      readonly serverReply: string | undefined;
    };

/** Records an attempt's outcome; false when this worker no longer holds the row's lease. */
export async function recordOutcome(
  ex: Executor,
  id: number,
  owner: string,
  outcome: AttemptOutcome,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const common = { lease_owner: null, lease_until: null, updated_at: at, state: outcome.state };
  const set =
    outcome.state === 'sent'
      ? { ...common, sent_at: at, server_reply: outcome.serverReply, next_attempt_at: null }
      : {
          ...common,
          next_attempt_at: outcome.state === 'retrying' ? outcome.nextAttemptAt.toISOString() : null,
          last_error_code: outcome.errorCode,
          last_error: outcome.error,
          server_reply: outcome.serverReply ?? null,
        };
  const result = await ex
    .updateTable('outbox')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sent attempts written by one statement at most (three parameters each, far below either database's limit). */
const SENT_PER_STATEMENT = 250;

/**
 * Records many sent attempts at once: one UPDATE per {@link SENT_PER_STATEMENT} rows instead of one per row,
 * each row with its own server reply. Returns the ids this worker still held (the others are left as they are,
 * as {@link recordOutcome} leaves them).
 */
export async function recordSentOutcomes(
  ex: Executor,
  sent: ReadonlyArray<{ readonly id: number; readonly serverReply: string }>,
  owner: string,
  now: Date,
): Promise<Set<number>> {
  const at = now.toISOString();
  const held = new Set<number>();
  for (let start = 0; start < sent.length; start += SENT_PER_STATEMENT) {
    const chunk = sent.slice(start, start + SENT_PER_STATEMENT);
    const replies = sql.join(
      chunk.map((s) => sql`when ${s.id} then ${s.serverReply}`),
      sql` `,
    );
    const updated = await ex
      .updateTable('outbox')
      .set({
        state: 'sent',
        lease_owner: null,
        lease_until: null,
        updated_at: at,
        sent_at: at,
        next_attempt_at: null,
        server_reply: sql<string>`case id ${replies} end`,
      })
      .where(
        'id',
        'in',
        chunk.map((s) => s.id),
      )
      .where('state', '=', 'sending')
      .where('lease_owner', '=', owner)
      .returning('id')
      .execute();
    for (const row of updated) held.add(row.id);
  }
  return held;
}

/**
 * Puts a failed or waiting row back in the queue now: a new round of the same number of attempts
 * (the limit itself never grows), and the old error no longer shown as current.
 */
export async function requeueRow(ex: Executor, id: number, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await ex
    .updateTable('outbox')
    .set({
      state: 'queued',
      next_attempt_at: at,
      updated_at: at,
      attempts: 0,
      last_error_code: null,
      last_error: null,
      server_reply: null,
    })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'retrying'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The outbox rows of mails sent to `recipient` under one of these Message-IDs, as queued or as the provider
 * sent them (a report quotes the latter, which may have replaced ours). Recipients are compared as
 * `comparableAddress` gives them, here rather than in SQL: SQLite's `lower` folds ASCII letters only, and a
 * domain may be written in Unicode or in A-labels. The ids name a handful of rows at most.
 */
export async function sentMailsTo(
  ex: Executor,
  messageIds: readonly string[],
  recipient: string,
): Promise<number[]> {
  if (messageIds.length === 0) return [];
  const rows = await ex
    .selectFrom('outbox')
    .select(['id', 'recipient'])
    .where((eb) =>
      eb.or([eb('message_id', 'in', [...messageIds]), eb('sent_message_id', 'in', [...messageIds])]),
    )
    .orderBy('id')
    .execute();
  const wanted = comparableAddress(recipient);
  return rows.filter((r) => comparableAddress(r.recipient) === wanted).map((r) => r.id);
}

/** Marks these outbox rows as bounced, with what the report said; returns how many. */
export async function markBounced(
  ex: Executor,
  outboxIds: readonly number[],
  detail: string | null,
  now: Date,
): Promise<number> {
  if (outboxIds.length === 0) return 0;
  const result = await ex
    .updateTable('outbox')
    .set({ bounced_at: now.toISOString(), bounce_detail: detail?.slice(0, 500) ?? null })
    .where('id', 'in', [...outboxIds])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
