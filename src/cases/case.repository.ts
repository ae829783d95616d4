import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../storage/database.js';
import { PreparedQuery } from '../storage/prepared-query.js';
import type { CaseAttachmentTable, CaseMessageTable, CaseTable } from './case.table.js';
import { caseWriteBatchOf, type HeldAttachmentRow } from './case-write-batch.js';
import { indexMessage } from './message-search-index.js';
import { storedBounceKind } from './bounce-kind.js';
import { isCaseStatus } from './case-status.js';
import { mailStatusChangeRow, STATUS_CHANGED, type StatusChangeCause } from './status-change.js';
import type {
  Attachment,
  Case,
  CaseMessage,
  CaseQuery,
  CaseStatus,
  Classification,
  Delivery,
  DeliveryState,
  Direction,
  MailAddress,
  MessageIdRow,
  NewMessage,
} from './case.types.js';

type MessageRow = Selectable<CaseMessageTable>;
type AttachmentRow = Selectable<CaseAttachmentTable>;

/** A message row as the hot path writes it (every column given, so one compiled statement fits all). */
type MessageInsert = Required<Omit<Insertable<CaseMessageTable>, 'id'>>;

/** Every column the hot path writes to a message row, in one fixed order. */
const MESSAGE_COLUMNS: readonly (keyof MessageInsert)[] = [
  'case_id',
  'kind',
  'author',
  'direction',
  'classification',
  'no_reply',
  'from_address',
  'from_name',
  'to_json',
  'cc_json',
  'subject',
  'sent_at',
  'message_id',
  'in_reply_to',
  'references_json',
  'text',
  'text_reply',
  'html',
  'raw_hash',
  'bounce_recipient',
  'bounce_status',
  'bounce_kind',
  'created_at',
  'text_truncated',
  'omitted_parts',
];

const INSERT_MESSAGE = new PreparedQuery<MessageInsert, { id: number }>(MESSAGE_COLUMNS, (ex, row) =>
  ex.insertInto('case_messages').values(row).returning('id'),
);

const UPSERT_REQUESTER = new PreparedQuery<
  { address: string; display_name: string | null; created_at: string },
  { id: number }
>(['address', 'display_name', 'created_at'], (ex, row) =>
  ex
    .insertInto('requesters')
    .values(row)
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        display_name: sql<
          string | null
        >`coalesce(nullif(requesters.display_name, ''), excluded.display_name, requesters.display_name)`,
      }),
    )
    .returning('id'),
);

/** What opening a case writes in one statement on PostgreSQL: the requester, the case, its first message. */
type OpenCaseInsert = Omit<MessageInsert, 'case_id'> & {
  requester_address: string;
  requester_name: string | null;
  case_subject: string;
  source_account_id: number | null;
};

const OPEN_CASE_MESSAGE_COLUMNS = MESSAGE_COLUMNS.filter(
  (c): c is Exclude<keyof MessageInsert, 'case_id'> => c !== 'case_id',
);

/** A new case's row; on SQLite its number (its id) is set by `SET_CASE_NUMBER` in the same transaction. */
type CaseInsert = Required<Omit<Insertable<CaseTable>, 'id' | 'number'>>;

const CASE_COLUMNS: readonly (keyof CaseInsert)[] = [
  'subject',
  'status',
  'requester_id',
  'source_account_id',
  'lang',
  'created_at',
  'updated_at',
];

const INSERT_CASE = new PreparedQuery<CaseInsert, { id: number }>(CASE_COLUMNS, (ex, row) =>
  ex.insertInto('cases').values(row).returning('id'),
);

const SET_CASE_NUMBER = new PreparedQuery<{ id: number }, unknown>(['id'], (ex, v) =>
  ex.updateTable('cases').set({ number: v.id }).where('id', '=', v.id),
);

/**
 * PostgreSQL only: requester upsert, case insert (its number is its id, drawn first) and first message in
 * one statement, so opening a case costs one round trip instead of three. Data-modifying CTEs chain the
 * ids; the foreign keys are checked at the end of the statement, when both rows exist.
 */
const OPEN_CASE_POSTGRES = new PreparedQuery<OpenCaseInsert, { case_id: number; id: number }>(
  [
    'requester_address',
    'requester_name',
    'case_subject',
    'source_account_id',
    'created_at',
    ...OPEN_CASE_MESSAGE_COLUMNS.filter((c) => c !== 'created_at'),
  ],
  (ex, v) => {
    const query = sql<{ case_id: number; id: number }>`
      with requester as (
        insert into requesters (address, display_name, created_at)
        values (${v.requester_address}, ${v.requester_name}, ${v.created_at})
        on conflict (address) do update set display_name =
          coalesce(nullif(requesters.display_name, ''), excluded.display_name, requesters.display_name)
        returning id
      ),
      drawn as (select nextval(pg_get_serial_sequence('cases', 'id'))::integer as id),
      opened as (
        insert into cases (id, number, subject, status, requester_id, source_account_id, lang, created_at,
          updated_at)
        values ((select id from drawn), (select id from drawn), ${v.case_subject}, 'new',
          (select id from requester), ${v.source_account_id}, null, ${v.created_at}, ${v.created_at})
        returning id
      )
      insert into case_messages (case_id, ${sql.join(OPEN_CASE_MESSAGE_COLUMNS.map((c) => sql.ref(c)))})
      values ((select id from opened), ${sql.join(OPEN_CASE_MESSAGE_COLUMNS.map((c) => v[c]))})
      returning case_id, id`;
    return { compile: () => query.compile(ex) };
  },
);

const caseColumns = [
  'cases.id',
  'cases.number',
  'cases.subject',
  'cases.status',
  'cases.source_account_id',
  'cases.lang',
  'cases.created_at',
  'cases.updated_at',
  'requesters.id as requester_id',
  'requesters.address',
  'requesters.display_name',
] as const;

/**
 * A message column's value as a typed parameter: in an `insert … select`, PostgreSQL takes an untyped
 * parameter for text, so the integer columns say so.
 */
function typed(column: keyof MessageInsert, value: unknown) {
  return INTEGER_MESSAGE_COLUMNS.has(column) ? sql`${value}::integer` : sql`${value}::text`;
}

const INTEGER_MESSAGE_COLUMNS: ReadonlySet<keyof MessageInsert> = new Set([
  'no_reply',
  'text_truncated',
  'omitted_parts',
]);

/** A case's status after a message, by `transitions` (from → to), as an SQL expression of the row's own. */
function movedStatus(transitions: ReadonlyMap<CaseStatus, CaseStatus>) {
  return transitions.size === 0
    ? sql<string>`status`
    : sql<string>`case status ${sql.join(
        [...transitions].map(([from, to]) => sql`when ${from} then ${to}`),
        sql` `,
      )} else status end`;
}

/** Reads and writes cases, requesters, messages and attachment rows. Accepts a database or a transaction. */
export class CaseRepository {
  /**
   * Finds or creates the requester with this address (lowercased); a known display name is kept, a missing
   * one is filled in. One statement: the conflict branch updates the row only to return its id.
   */
  async upsertRequester(ex: Executor, who: MailAddress, now: string): Promise<number> {
    const address = who.address.toLowerCase();
    const name = who.name?.trim() || null;
    const row = await UPSERT_REQUESTER.executeTakeFirstOrThrow(ex, {
      address,
      display_name: name,
      created_at: now,
    });
    return row.id;
  }

  /** Creates a case; its number is its id, so numbers are unique and never reused. */
  async insertCase(
    ex: Executor,
    values: {
      subject: string;
      requesterId: number;
      sourceAccountId: number | null;
      lang?: string | null | undefined;
      now: string;
    },
  ): Promise<number> {
    const row = {
      subject: values.subject,
      status: 'new',
      requester_id: values.requesterId,
      source_account_id: values.sourceAccountId,
      lang: values.lang ?? null,
      created_at: values.now,
      updated_at: values.now,
    };
    if (isPostgresExecutor(ex)) {
      // The id drawn first, so the row is written once with its number (one round trip, not two).
      const { rows } = await sql<{ id: number }>`
        with drawn as (select nextval(pg_get_serial_sequence('cases', 'id'))::integer as id)
        insert into cases (id, number, subject, status, requester_id, source_account_id, lang, created_at,
          updated_at)
        select drawn.id, drawn.id, ${row.subject}, ${row.status}, ${row.requester_id}::integer,
          ${row.source_account_id}::integer, ${row.lang}, ${row.created_at}, ${row.updated_at}
        from drawn
        returning id`.execute(ex);
      const id = rows[0]?.id;
      if (id === undefined) throw new Error('case insert returned no id');
      return id;
    }
    const { id } = await INSERT_CASE.executeTakeFirstOrThrow(ex, row);
    await SET_CASE_NUMBER.execute(ex, { id });
    return id;
  }

  async setStatus(ex: Executor, caseId: number, status: CaseStatus, now: string): Promise<void> {
    await ex.updateTable('cases').set({ status, updated_at: now }).where('id', '=', caseId).execute();
  }

  async touch(ex: Executor, caseId: number, now: string): Promise<void> {
    await ex.updateTable('cases').set({ updated_at: now }).where('id', '=', caseId).execute();
  }

  /**
   * Marks activity on a case now, moving its status by `transitions` (from → to) in the same statement;
   * false when there is no such case.
   */
  async touchWith(
    ex: Executor,
    caseId: number,
    transitions: ReadonlyMap<CaseStatus, CaseStatus>,
    now: string,
  ): Promise<boolean> {
    const row = await ex
      .updateTable('cases')
      .set({ status: movedStatus(transitions), updated_at: now })
      .where('id', '=', caseId)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * `touchWith` and `insertMessage` in one statement on PostgreSQL (one round trip instead of two), the
   * message inserted only when the update found the case; undefined when there is no such case. Elsewhere,
   * the two statements. In a deferring build batch, held (see case-write-batch.ts): a case that does not
   * exist then fails the batch's writing instead. A status the message changed is kept in the case's
   * history (kind `status-changed`, made by the mail), with the status the case had.
   */
  async touchAndInsertMessage(
    ex: Executor,
    caseId: number,
    transitions: ReadonlyMap<CaseStatus, CaseStatus>,
    message: NewMessage,
    now: string,
  ): Promise<number | undefined> {
    if (!isPostgresExecutor(ex)) {
      // Read first: the transaction holds SQLite's write lock, nothing changes the case in between.
      const previous = transitions.size > 0 ? await this.statusOf(ex, caseId) : undefined;
      if (!(await this.touchWith(ex, caseId, transitions, now))) return undefined;
      const id = await this.insertMessage(ex, caseId, message, now);
      const status = previous === undefined ? undefined : transitions.get(previous);
      if (previous !== undefined && status !== undefined && status !== previous) {
        const change = { caseId, previous, status, caseMessageId: id, sender: message.from.address };
        await ex.insertInto('case_events').values(mailStatusChangeRow(change, now)).execute();
      }
      return id;
    }
    const batch = caseWriteBatchOf(ex);
    if (batch) {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the case is the batch's to resolve
      const { case_id, ...held } = messageRow(0, message, now);
      return batch.add({ caseId, transitions, now, message: held, attachments: attachmentRows(message) });
    }
    const row = messageRow(caseId, message, now);
    const inserted = sql`
      insert into case_messages (${sql.join(MESSAGE_COLUMNS.map((c) => sql.ref(c)))})
      select ${sql.join(MESSAGE_COLUMNS.map((c) => (c === 'case_id' ? sql`moved.id` : typed(c, row[c]))))}
      from moved
      returning id`;
    const { rows } =
      transitions.size === 0
        ? await sql<{ id: number }>`
      with moved as (
        update cases set status = ${movedStatus(transitions)}, updated_at = ${now}
        where id = ${row.case_id} returning id
      )
      ${inserted}`.execute(ex)
        : // The status before, from the row locked first, beside the one the update set: a change is kept.
          await sql<{ id: number }>`
      with prior as (
        select id, status as previous_status from cases where id = ${row.case_id} for update
      ),
      moved as (
        update cases set status = ${movedStatus(transitions)}, updated_at = ${now}
        from prior where cases.id = prior.id
        returning cases.id, prior.previous_status, cases.status
      ),
      message as (${inserted}),
      changed as (
        insert into case_events (case_id, case_message_id, kind, address, reason, status, previous_status,
          author, created_at)
        select moved.id, message.id, ${STATUS_CHANGED}, null, ${'mail' satisfies StatusChangeCause},
          moved.status, moved.previous_status, ${row.from_address || null}::text, ${now}
        from moved cross join message
        where moved.status <> moved.previous_status
      )
      select id from message`.execute(ex);
    const id = rows[0]?.id;
    if (id === undefined) return undefined;
    await this.insertAttachments(ex, id, message);
    return id;
  }

  /** A case's stored status; undefined when there is no such case (or its status is none this build knows). */
  private async statusOf(ex: Executor, caseId: number): Promise<CaseStatus | undefined> {
    const row = await ex.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirst();
    return isCaseStatus(row?.status) ? row.status : undefined;
  }

  /** Adds a message and its attachment rows; returns the message id. */
  async insertMessage(ex: Executor, caseId: number, message: NewMessage, now: string): Promise<number> {
    const { id } = await INSERT_MESSAGE.executeTakeFirstOrThrow(ex, messageRow(caseId, message, now));
    await indexMessage(ex, id, isPostgresExecutor(ex));
    await this.insertAttachments(ex, id, message);
    return id;
  }

  /**
   * Opens a case for a requester (found or created, as `upsertRequester`) with its first message. On
   * PostgreSQL one statement writes the three rows; elsewhere they are three statements.
   */
  async openCase(
    ex: Executor,
    input: {
      requester: MailAddress;
      subject: string;
      sourceAccountId: number | null;
      message: NewMessage;
    },
    now: string,
  ): Promise<{ caseId: number; messageId: number }> {
    // In a deferring build batch, held until the batch writes it (see case-write-batch.ts).
    const batch = caseWriteBatchOf(ex);
    if (batch) {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the case's id is drawn when written
      const { case_id, ...message } = messageRow(0, input.message, now);
      return batch.open({
        requesterAddress: input.requester.address.toLowerCase(),
        requesterName: input.requester.name?.trim() || null,
        subject: input.subject,
        sourceAccountId: input.sourceAccountId,
        now,
        message,
        attachments: attachmentRows(input.message),
      });
    }
    if (!isPostgresExecutor(ex)) {
      const requesterId = await this.upsertRequester(ex, input.requester, now);
      const caseId = await this.insertCase(ex, {
        subject: input.subject,
        requesterId,
        sourceAccountId: input.sourceAccountId,
        now,
      });
      return { caseId, messageId: await this.insertMessage(ex, caseId, input.message, now) };
    }
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the case's id comes from the statement
    const { case_id, ...message } = messageRow(0, input.message, now);
    const opened = await OPEN_CASE_POSTGRES.executeTakeFirstOrThrow(ex, {
      ...message,
      requester_address: input.requester.address.toLowerCase(),
      requester_name: input.requester.name?.trim() || null,
      case_subject: input.subject,
      source_account_id: input.sourceAccountId,
    });
    await this.insertAttachments(ex, opened.id, input.message);
    return { caseId: opened.case_id, messageId: opened.id };
  }

  private async insertAttachments(ex: Executor, id: number, message: NewMessage): Promise<void> {
    // One statement for all of them: a mail has at most the parser's 100 parts.
    if (message.attachments.length > 0) {
      await ex
        .insertInto('case_attachments')
        .values(attachmentRows(message).map((a) => ({ message_id: id, ...a })))
        .execute();
    }
  }

  /**
   * The case with this id; with `lock`, its row stays locked to the end of the transaction (FOR UPDATE on
   * PostgreSQL; a SQLite transaction holds the write lock already), so what is read of it stays true.
   */
  async findCase(ex: Executor, caseId: number, lock = false): Promise<Case | undefined> {
    // A case a build batch holds, or one whose status its held messages move, is read as written.
    const batch = caseWriteBatchOf(ex);
    await batch?.flush(ex);
    return this.caseWhere(ex, 'cases.id', batch ? batch.idOf(caseId) : caseId, lock);
  }

  async findCaseByNumber(ex: Executor, number: number): Promise<Case | undefined> {
    const found = await this.caseWhere(ex, 'cases.number', number);
    // A case a build batch holds has no number yet (one by one, it would have): written, it may be this
    // one. A number already stored cannot be one of theirs (theirs are drawn after it).
    const batch = caseWriteBatchOf(ex);
    if (found || !batch?.holding) return found;
    await batch.flush(ex);
    return this.caseWhere(ex, 'cases.number', number);
  }

  private async caseWhere(
    ex: Executor,
    column: 'cases.id' | 'cases.number',
    value: number,
    lock = false,
  ): Promise<Case | undefined> {
    const row = await ex
      .selectFrom('cases')
      .innerJoin('requesters', 'requesters.id', 'cases.requester_id')
      .select(caseColumns)
      .where(column, '=', value)
      .$if(lock && isPostgresExecutor(ex), (q) => q.forUpdate('cases'))
      .executeTakeFirst();
    return row ? toCase(row) : undefined;
  }

  /**
   * Whether the case exists. A case a build batch holds does; any other is looked up, what the batch holds
   * left held (it changes no case's existence).
   */
  async caseExists(ex: Executor, caseId: number): Promise<boolean> {
    const batch = caseWriteBatchOf(ex);
    if (batch?.isHeld(caseId)) return true;
    const id = batch ? batch.idOf(caseId) : caseId;
    return (await ex.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  /** Newest activity first. */
  async listCases(ex: Executor, query: CaseQuery = {}): Promise<Case[]> {
    let q = ex
      .selectFrom('cases')
      .innerJoin('requesters', 'requesters.id', 'cases.requester_id')
      .select(caseColumns);
    if (query.status) q = q.where('cases.status', '=', query.status);
    if (query.requester) q = q.where('requesters.address', '=', query.requester.toLowerCase());
    if (query.accountId !== undefined) q = q.where('cases.source_account_id', '=', query.accountId);
    if (query.since) q = q.where('cases.created_at', '>=', query.since);
    if (query.until) q = q.where('cases.created_at', '<', query.until);
    if (query.search !== undefined) {
      const match = searchMatch(ex, query.search);
      if (!match) return [];
      q = q.where('cases.id', 'in', match);
    }
    const after = query.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('cases.updated_at', '<', after.at),
          eb.and([eb('cases.updated_at', '=', after.at), eb('cases.id', '<', after.id)]),
        ]),
      );
    }
    const rows = await q
      .orderBy('cases.updated_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0)
      .execute();
    return rows.map(toCase);
  }

  async countCases(ex: Executor): Promise<number> {
    const row = await ex
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The messages of a case in the order they were stored, with their attachments. */
  async listMessages(ex: Executor, caseId: number): Promise<CaseMessage[]> {
    const rows = await ex
      .selectFrom('case_messages')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const attachments = await ex
      .selectFrom('case_attachments')
      .selectAll()
      .where(
        'message_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('id')
      .execute();
    const deliveries = await this.deliveriesOf(
      ex,
      rows.filter((r) => r.direction === 'out').map((r) => r.id),
    );
    return rows.map((r) =>
      toMessage(
        r,
        attachments.filter((a) => a.message_id === r.id),
        deliveries.get(r.id) ?? [],
      ),
    );
  }

  /** The outbox copies of outbound case messages, by case message, in the order they were queued. */
  private async deliveriesOf(ex: Executor, messageIds: readonly number[]): Promise<Map<number, Delivery[]>> {
    const out = new Map<number, Delivery[]>();
    if (messageIds.length === 0) return out;
    const rows = await ex
      .selectFrom('outbox')
      .select([
        'id',
        'case_message_id',
        'recipient',
        'message_id',
        'state',
        'sent_at',
        'last_error',
        'bounced_at',
        'bounce_detail',
      ])
      .where('case_message_id', 'in', [...messageIds])
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.case_message_id ?? 0) ?? [];
      list.push({
        outboxId: r.id,
        recipient: r.recipient,
        messageId: r.message_id,
        state: deliveryState(r.state, r.bounced_at),
        sentAt: r.sent_at,
        error: r.state === 'failed' || r.state === 'retrying' ? r.last_error : null,
        bounce: r.bounced_at ? (r.bounce_detail ?? '') : null,
      });
      out.set(r.case_message_id ?? 0, list);
    }
    return out;
  }

  async findMessage(ex: Executor, messageId: number): Promise<CaseMessage | undefined> {
    const row = await ex
      .selectFrom('case_messages')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (!row) return undefined;
    const attachments = await ex
      .selectFrom('case_attachments')
      .selectAll()
      .where('message_id', '=', row.id)
      .orderBy('id')
      .execute();
    const deliveries = row.direction === 'out' ? await this.deliveriesOf(ex, [row.id]) : new Map();
    return toMessage(row, attachments, deliveries.get(row.id) ?? []);
  }

  /** The messages carrying these Message-IDs, with their cases: what `findCaseIdByMessageIds` reads. */
  async messagesWithIds(ex: Executor, messageIds: readonly string[]): Promise<MessageIdRow[]> {
    if (messageIds.length === 0) return [];
    const rows = await ex
      .selectFrom('case_messages')
      .select(['message_id', 'id', 'case_id'])
      .where('message_id', 'in', [...messageIds])
      .execute();
    return rows.flatMap((r) =>
      r.message_id ? [{ messageId: r.message_id, rowId: r.id, caseId: r.case_id }] : [],
    );
  }

  /** The sent notifications of a case carrying these Message-IDs: `findCaseIdByMessageIds`'s second look. */
  async sentWithIds(ex: Executor, messageIds: readonly string[]): Promise<MessageIdRow[]> {
    if (messageIds.length === 0) return [];
    const rows = await ex
      .selectFrom('outbox')
      .select(['sent_message_id', 'id', 'case_id'])
      .where('sent_message_id', 'in', [...messageIds])
      .where('case_id', 'is not', null)
      .execute();
    return rows.flatMap((r) =>
      r.sent_message_id && r.case_id !== null
        ? [{ messageId: r.sent_message_id, rowId: r.id, caseId: r.case_id }]
        : [],
    );
  }

  /**
   * The case that holds a message with any of these Message-IDs (angle brackets included), newest first;
   * else the case of a mail sent under one of them by a provider that replaced ours (each copy of an
   * answer to several people is its own mail, while the case's message keeps the first copy's).
   */
  async findCaseIdByMessageIds(ex: Executor, messageIds: readonly string[]): Promise<number | undefined> {
    if (messageIds.length === 0) return undefined;
    const row = await ex
      .selectFrom('case_messages')
      .select('case_id')
      .where('message_id', 'in', [...messageIds])
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (row) return row.case_id;
    const sent = await ex
      .selectFrom('outbox')
      .select('case_id')
      .where('sent_message_id', 'in', [...messageIds])
      .where('case_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return sent?.case_id ?? undefined;
  }
}

function toCase(row: {
  id: number;
  number: number | null;
  subject: string;
  status: string;
  source_account_id: number | null;
  lang: string | null;
  created_at: string;
  updated_at: string;
  requester_id: number;
  address: string;
  display_name: string | null;
}): Case {
  return {
    id: row.id,
    number: row.number ?? row.id,
    subject: row.subject,
    status: row.status as CaseStatus,
    requester: { id: row.requester_id, address: row.address, displayName: row.display_name },
    sourceAccountId: row.source_account_id,
    lang: row.lang,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    hash: row.hash,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    contentId: row.content_id,
    inline: row.inline === 1,
  };
}

function toMessage(
  row: MessageRow,
  attachments: readonly AttachmentRow[],
  deliveries: readonly Delivery[],
): CaseMessage {
  const hasBounce = row.bounce_recipient !== null || row.bounce_status !== null || row.bounce_kind !== null;
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind === 'note' ? 'note' : 'mail',
    author: row.author,
    direction: row.direction as Direction,
    classification: row.classification as Classification,
    noReply: row.no_reply === 1,
    from: { address: row.from_address, name: row.from_name ?? undefined },
    to: JSON.parse(row.to_json) as MailAddress[],
    cc: JSON.parse(row.cc_json) as MailAddress[],
    subject: row.subject,
    sentAt: row.sent_at,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.references_json) as string[],
    text: row.text,
    textReply: row.text_reply,
    html: row.html,
    rawHash: row.raw_hash,
    bounce: hasBounce
      ? {
          recipient: row.bounce_recipient,
          status: row.bounce_status,
          kind: storedBounceKind(row.bounce_kind, row.bounce_status),
        }
      : null,
    createdAt: row.created_at,
    attachments: attachments.map(toAttachment),
    omittedParts: Number(row.omitted_parts),
    textTruncated: row.text_truncated === 1,
    deliveries,
    deliveryState: deliveries[0]?.state ?? null,
  };
}

/** An outbox state as the case history shows it: waiting and sending are still `queued`. */
function deliveryState(state: string, bouncedAt: string | null): DeliveryState {
  if (bouncedAt) return 'bounced';
  if (state === 'sent') return 'sent';
  if (state === 'failed') return 'failed';
  return 'queued';
}

/** The words of a search, letters and digits only (nothing of a search syntax gets through). Pure. */
export function searchWords(search: string): string[] {
  return [
    ...new Set(
      search
        .slice(0, 500)
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [],
    ),
  ].slice(0, 12);
}

/**
 * The ids of cases with a message whose subject or text holds every word (as a word prefix): FTS5 on
 * SQLite, the message's tsvector on PostgreSQL. Undefined when the search has no word at all.
 */
function searchMatch(ex: Executor, search: string) {
  const words = searchWords(search);
  if (words.length === 0) return undefined;
  if (isPostgresExecutor(ex)) {
    const query = words.map((w) => `${w}:*`).join(' & ');
    return ex
      .selectFrom('case_messages')
      .select('case_id')
      .where(sql<boolean>`search @@ to_tsquery('simple', ${query})`);
  }
  const query = words.map((w) => `"${w}"*`).join(' ');
  return ex
    .selectFrom('case_messages')
    .select('case_id')
    .where(
      'id',
      'in',
      sql<number>`(select rowid from case_message_fts where case_message_fts match ${query})`,
    );
}

/** A message's row as the hot path writes it. */
function messageRow(caseId: number, message: NewMessage, now: string): MessageInsert {
  return {
    case_id: caseId,
    kind: message.kind ?? 'mail',
    author: message.author ?? null,
    direction: message.direction,
    classification: message.classification,
    no_reply: message.classification === 'normal' ? 0 : 1,
    from_address: message.from.address.toLowerCase(),
    from_name: message.from.name ?? null,
    to_json: JSON.stringify(message.to),
    cc_json: JSON.stringify(message.cc),
    subject: message.subject,
    sent_at: message.sentAt,
    message_id: message.messageId,
    in_reply_to: message.inReplyTo,
    references_json: JSON.stringify(message.references),
    text: message.text,
    text_reply: message.textReply,
    html: message.html,
    raw_hash: message.rawHash,
    bounce_recipient: message.bounce?.recipient ?? null,
    bounce_status: message.bounce?.status ?? null,
    bounce_kind: message.bounce?.kind ?? null,
    created_at: now,
    text_truncated: message.textTruncated ? 1 : 0,
    omitted_parts: message.omittedParts ?? 0,
  };
}

function attachmentRows(message: NewMessage): HeldAttachmentRow[] {
  return message.attachments.map((a) => ({
    hash: a.hash,
    filename: a.filename,
    content_type: a.contentType,
    size: a.size,
    content_id: a.contentId ?? null,
    inline: a.inline ? 1 : 0,
  }));
}

function isPostgresExecutor(ex: Executor): boolean {
  return ex.getExecutor().adapter.constructor.name.startsWith('Postgres');
}
