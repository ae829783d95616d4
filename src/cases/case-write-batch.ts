import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Executor } from '../storage/database.js';
import { byCodeUnits } from '../storage/lock-order.js';
import type { CaseAttachmentTable, CaseMessageTable } from './case.table.js';
import { CASE_STATUSES, type CaseStatus } from './case.types.js';
import { STATUS_CHANGED, type StatusChangeCause } from './status-change.js';

/**
 * The cases and messages a build batch stores on PostgreSQL, written together: each new case and each
 * message added to a case is held until the batch's end (or until a statement needs it: a look-up of a
 * case by a number not stored yet, a read of a case), then everything held is written with two statements (the ids drawn, then
 * the requester, case, message and attachment rows, the cases' new status and the history rows of the
 * status changes), instead of one round trip per mail.
 *
 * Until it is written, a row has a provisional id: above 2^40, in the order the batch made them, so they
 * sort after every stored row as the ids drawn for them will (the batch's thread index keeps the newest
 * message of a Message-ID by its id), and one that reached a statement unconverted would fail it (the id
 * columns are 32-bit) instead of storing a wrong number. The ids are drawn only when written, as many as
 * there are rows: case numbers (a case's number is its id) follow each other as they did one by one.
 */

/** The first provisional id; nothing stored reaches it (id columns are 32-bit integers). */
const FIRST_PROVISIONAL_ID = 2 ** 40;

/** Parameters per writing statement, well below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 20_000;

export type HeldMessageRow = Required<Omit<Insertable<CaseMessageTable>, 'id' | 'case_id'>>;
export type HeldAttachmentRow = Required<Omit<Insertable<CaseAttachmentTable>, 'id' | 'message_id'>>;

/** What opening a case writes: a requester (found or created), the case, its first message. */
export interface CaseToOpen {
  readonly requesterAddress: string;
  readonly requesterName: string | null;
  readonly subject: string;
  readonly sourceAccountId: number | null;
  readonly now: string;
  readonly message: HeldMessageRow;
  readonly attachments: readonly HeldAttachmentRow[];
}

/** What adding a message to a case writes: the message, and the case's status (by `transitions`) and time. */
export interface MessageToAdd {
  readonly caseId: number;
  readonly transitions: ReadonlyMap<CaseStatus, CaseStatus>;
  readonly now: string;
  readonly message: HeldMessageRow;
  readonly attachments: readonly HeldAttachmentRow[];
}

interface HeldCase extends CaseToOpen {
  readonly caseId: number;
  readonly messageId: number;
  /** Its status and activity time when written: moved by the messages the batch added to it since. */
  status: string;
  updatedAt: string;
  /** What waits for the case's rows, in the order it was asked for. */
  readonly then: ((caseId: number) => Promise<void>)[];
}

interface HeldMessage extends MessageToAdd {
  readonly messageId: number;
}

/** A stored case's move: the status each status becomes, and the activity time. */
interface CaseMove {
  readonly to: Map<string, string>;
  now: string;
}

const batches = new WeakMap<object, CaseWriteBatch>();

/**
 * Runs `work` with the cases and messages stored in the transaction `trx` held and written together
 * (PostgreSQL only: elsewhere, and when `defer` is false, `work` runs as it is). `work` must call `flush`
 * before its own end, and convert the provisional ids it kept with `idOf`.
 */
export async function withCaseWritesDeferred<T>(
  trx: Executor,
  defer: boolean,
  work: (batch: CaseWriteBatch | undefined) => Promise<T>,
): Promise<T> {
  if (!defer) return work(undefined);
  const batch = new CaseWriteBatch();
  batches.set(trx, batch);
  try {
    return await work(batch);
  } finally {
    batches.delete(trx);
  }
}

/** The deferring batch of this transaction, if it has one. */
export function caseWriteBatchOf(ex: Executor): CaseWriteBatch | undefined {
  return batches.get(ex);
}

export class CaseWriteBatch {
  /** Held rows, in the order the batch made them. */
  private held: (HeldCase | HeldMessage)[] = [];
  /** Provisional id → the id it was written with. */
  private readonly written = new Map<number, number>();
  private nextId = FIRST_PROVISIONAL_ID;

  /** Holds a case to open; its provisional case and message ids. */
  open(toOpen: CaseToOpen): { caseId: number; messageId: number } {
    const held: HeldCase = {
      ...toOpen,
      caseId: this.nextId++,
      messageId: this.nextId++,
      status: 'new',
      updatedAt: toOpen.now,
      then: [],
    };
    this.held.push(held);
    return { caseId: held.caseId, messageId: held.messageId };
  }

  /**
   * Holds a message added to a case (stored, or held by this batch); its provisional id. A case that does
   * not exist fails the batch's writing (the message's foreign key), as the message would have alone.
   */
  add(toAdd: MessageToAdd): number {
    const caseId = this.isProvisional(toAdd.caseId) ? this.idOf(toAdd.caseId, true) : toAdd.caseId;
    const held: HeldMessage = { ...toAdd, caseId, messageId: this.nextId++ };
    const opened = this.heldCase(caseId);
    if (opened) {
      // A case opened by this batch is new, and no mail moves a new case (statusAfterInbound): no status
      // change of it to keep in its history.
      opened.status = toAdd.transitions.get(opened.status as CaseStatus) ?? opened.status;
      opened.updatedAt = toAdd.now;
    }
    this.held.push(held);
    return held.messageId;
  }

  /** Whether anything waits to be written. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Whether the case with this (provisional) id waits to be written. */
  isHeld(caseId: number): boolean {
    return this.heldCase(caseId) !== undefined;
  }

  /** Runs `then` with the case's stored id right after its rows are written. */
  whenWritten(caseId: number, then: (caseId: number) => Promise<void>): void {
    const held = this.heldCase(caseId);
    if (!held) throw new Error(`case batch: case ${caseId} is not held`);
    held.then.push(then);
  }

  /** Whether `id` is a provisional id of this batch (written or not). */
  isProvisional(id: number): boolean {
    return id >= FIRST_PROVISIONAL_ID && id < this.nextId;
  }

  /**
   * The stored id for an id this batch handed out (the id itself when it is not provisional). A row still
   * held has none (`flush` first); with `orHeld`, a held row's provisional id is given back as it is.
   */
  idOf(id: number, orHeld = false): number {
    if (!this.isProvisional(id)) return id;
    const stored = this.written.get(id);
    if (stored !== undefined) return stored;
    if (orHeld) return id;
    throw new Error(`case batch: id ${id} is not written yet`);
  }

  /** Writes everything held. */
  async flush(ex: Executor): Promise<void> {
    while (this.held.length > 0) {
      let parameters = 0;
      let count = 0;
      for (const held of this.held) {
        const cost = parametersOf(held);
        if (count > 0 && parameters + cost > MAX_PARAMETERS) break;
        parameters += cost;
        count += 1;
      }
      const written = this.held.slice(0, count);
      await this.write(ex, written);
      this.held = this.held.slice(count);
      for (const held of written) {
        if ('then' in held) for (const then of held.then) await then(this.idOf(held.caseId));
      }
    }
  }

  private heldCase(caseId: number): HeldCase | undefined {
    if (!this.isProvisional(caseId) || this.written.has(caseId)) return undefined;
    return this.held.find((h): h is HeldCase => 'then' in h && h.caseId === caseId);
  }

  private async write(ex: Executor, rows: readonly (HeldCase | HeldMessage)[]): Promise<void> {
    const cases = rows.filter((r): r is HeldCase => 'then' in r);
    // Drawn in the batch's order: case numbers follow the order the mails came in, messages' ids too. The
    // same statement has the transaction plan the next one generically: that one carries the batch's bodies
    // (megabytes), which a custom plan copies into itself as constants, twice for a CTE (a tenth of the
    // server's CPU storing 1,000 mails). It sets the session's mode back as it ends: nothing else changes.
    const { rows: drawn } = await sql<{ cases: number[]; messages: number[]; mode: string }>`
      select current_setting('plan_cache_mode') as mode,
        set_config('plan_cache_mode', 'force_generic_plan', true) as generic,
        array(select nextval(pg_get_serial_sequence('cases', 'id'))::integer
          from generate_series(1, ${cases.length}::integer)) as cases,
        array(select nextval(pg_get_serial_sequence('case_messages', 'id'))::integer
          from generate_series(1, ${rows.length}::integer)) as messages`.execute(ex);
    const ids = drawn[0];
    if (ids?.cases.length !== cases.length || ids.messages.length !== rows.length) {
      throw new Error('case batch: ids not drawn');
    }
    cases.forEach((c, i) => this.written.set(c.caseId, ids.cases[i] as number));
    rows.forEach((r, i) => this.written.set(r.messageId, ids.messages[i] as number));
    const statement = writeStatement(cases, rows, (id) => this.idOf(id), ids.mode);
    const { rows: counts } = await statement.sql.execute(ex);
    const done = counts[0];
    if (
      Number(done?.cases) !== cases.length ||
      Number(done?.messages) !== rows.length ||
      Number(done?.moved) !== statement.moves
    ) {
      throw new Error('case batch: not every row was written');
    }
  }
}

function parametersOf(held: HeldCase | HeldMessage): number {
  const rows = 2 + Object.keys(held.message).length + held.attachments.length * 7;
  // A message moves at most one status of each of its transitions: a history row of 7 values for each.
  return 'then' in held ? rows + 3 + 7 : rows + 2 + CASE_STATUSES.length + held.transitions.size * 7;
}

/**
 * A status change a message of the batch makes to a stored case if the case had the status `start` when
 * the batch began: kept in its history when it had (the statement reads the status it locks).
 */
interface StatusChangeIf {
  readonly caseId: number;
  readonly start: string;
  readonly previous: string;
  readonly status: string;
  readonly messageId: number;
  readonly sender: string;
  readonly now: string;
}

/**
 * One statement for the rows. Data-modifying CTEs run together and the foreign keys are checked at the
 * statement's end, when every row exists. A requester named by several cases is upserted once, with the
 * name the first of them gives (what upserting them one by one keeps: a known name is never replaced). A
 * stored case several messages moved is moved once, by their transitions one after the other; each change
 * is kept in its history as one by one, made by its message, from the status the case had (read as it is
 * locked).
 */
function writeStatement(
  cases: readonly HeldCase[],
  rows: readonly (HeldCase | HeldMessage)[],
  idOf: (id: number) => number,
  planMode: string,
): { sql: RawBuilder<{ cases: string; messages: string; moved: string }>; moves: number } {
  const requesters = new Map<string, { name: string | null; now: string }>();
  for (const c of cases) {
    const known = requesters.get(c.requesterAddress);
    if (!known) requesters.set(c.requesterAddress, { name: c.requesterName, now: c.now });
    else if (known.name === null && c.requesterName !== null) known.name = c.requesterName;
  }
  const moves = new Map<number, CaseMove>();
  const changes: StatusChangeIf[] = [];
  for (const r of rows) {
    // A case this batch opened took its messages' moves when they were held (see `add`).
    if ('then' in r || r.caseId >= FIRST_PROVISIONAL_ID) continue;
    let move = moves.get(r.caseId);
    if (!move) {
      move = { to: new Map(CASE_STATUSES.map((s) => [s, s])), now: r.now };
      moves.set(r.caseId, move);
    }
    for (const [from, now] of move.to) {
      const next = r.transitions.get(now as CaseStatus) ?? now;
      if (next !== now) {
        const sender = r.message.from_address;
        changes.push({
          caseId: r.caseId,
          start: from,
          previous: now,
          status: next,
          messageId: r.messageId,
          sender,
          now: r.now,
        });
      }
      move.to.set(from, next);
    }
    move.now = r.now;
  }
  const first = rows[0];
  if (!first) throw new Error('case batch: nothing to write');
  const columns = Object.keys(first.message) as (keyof HeldMessageRow)[];
  const attachments = rows.flatMap((r) =>
    r.attachments.map(
      (a) => sql`(${idOf(r.messageId)}, ${a.hash}, ${a.filename}, ${a.content_type}, ${a.size},
        ${a.content_id}, ${a.inline})`,
    ),
  );
  const parts = [
    ...(cases.length > 0
      ? [
          sql`requester as (
      insert into requesters (address, display_name, created_at)
      values ${sql.join(
        [...requesters]
          // In one order for every batch: two builders upserting the same requesters wait, never deadlock.
          .sort(([a], [b]) => byCodeUnits(a, b))
          .map(([address, r]) => sql`(${address}, ${r.name}, ${r.now})`),
      )}
      on conflict (address) do update set display_name =
        coalesce(nullif(requesters.display_name, ''), excluded.display_name, requesters.display_name)
      returning id, address
    )`,
          sql`opened as (
      insert into cases (id, number, subject, status, requester_id, source_account_id, lang, created_at,
        updated_at)
      select v.id, v.id, v.subject, v.status, requester.id, v.source_account_id, null, v.created_at,
        v.updated_at
      from (values ${sql.join(
        cases.map(
          (c) =>
            sql`(${idOf(c.caseId)}::integer, ${c.requesterAddress}::text, ${c.subject}::text,
              ${c.status}::text, ${c.sourceAccountId}::integer, ${c.now}::text, ${c.updatedAt}::text)`,
        ),
      )}) as v(id, address, subject, status, source_account_id, created_at, updated_at)
      join requester on requester.address = v.address
      returning id
    )`,
        ]
      : [sql`opened as (select 1 as id where false)`]),
    ...(moves.size > 0
      ? [
          // Locked in id order first, as two builders moving the same cases must take them.
          sql`locked as (
      select id, status from cases where id in (${sql.join([...moves.keys()])}) order by id for update
    )`,
          sql`moved as (
      update cases set
        status = case cases.status ${sql.join(
          CASE_STATUSES.map((s, i) => sql`when ${s} then ${sql.ref(`v.s${i}`)}`),
          sql` `,
        )} else cases.status end,
        updated_at = v.now
      from (values ${sql.join(
        [...moves].map(
          ([id, move]) =>
            sql`(${id}::integer, ${move.now}::text, ${sql.join(
              CASE_STATUSES.map((s) => sql`${move.to.get(s) ?? s}::text`),
            )})`,
        ),
      )}) as v(id, now, ${sql.join(CASE_STATUSES.map((_, i) => sql.ref(`s${i}`)))})
      where cases.id = v.id and cases.id in (select id from locked)
      returning cases.id
    )`,
          // Each change a message made from the status the case had: one row of its history, one by one.
          ...(changes.length > 0
            ? [
                sql`changed as (
      insert into case_events (case_id, case_message_id, kind, address, reason, status, previous_status,
        author, created_at)
      select e.case_id, e.message_id, ${STATUS_CHANGED}, null, ${'mail' satisfies StatusChangeCause},
        e.status, e.previous_status, nullif(e.sender, ''), e.created_at
      from (values ${sql.join(
        changes.map(
          (c) =>
            sql`(${c.caseId}::integer, ${c.start}::text, ${c.previous}::text, ${c.status}::text,
              ${idOf(c.messageId)}::integer, ${c.sender}::text, ${c.now}::text)`,
        ),
      )}) as e(case_id, start, previous_status, status, message_id, sender, created_at)
      join locked on locked.id = e.case_id and locked.status = e.start
    )`,
              ]
            : []),
        ]
      : [sql`moved as (select 1 as id where false)`]),
    sql`message as (
      insert into case_messages (id, case_id, ${sql.join(columns.map((c) => sql.ref(c)))})
      values ${sql.join(
        rows.map(
          (r) =>
            sql`(${idOf(r.messageId)}, ${idOf(r.caseId)}, ${sql.join(columns.map((column) => r.message[column]))})`,
        ),
      )}
      returning id
    )`,
    ...(attachments.length > 0
      ? [
          sql`attachment as (
      insert into case_attachments (message_id, hash, filename, content_type, size, content_id, inline)
      values ${sql.join(attachments)}
      returning id
    )`,
        ]
      : []),
  ];
  return {
    sql: sql<{ cases: string; messages: string; moved: string }>`
    with ${sql.join(parts)}
    select (select count(*) from opened) as cases, (select count(*) from message) as messages,
      (select count(*) from moved) as moved,
      -- Evaluated after the counts, so once the rows are written.
      set_config('plan_cache_mode', ${planMode}, true) as mode`,
    moves: moves.size,
  };
}
