import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Executor } from '../storage/database.js';
import type { CaseAttachmentTable, CaseMessageTable } from './case.table.js';

/**
 * The new cases of a build batch on PostgreSQL, written together: each case opened in the batch is held
 * until the batch's end (or until a statement needs it), then every held case is written with two
 * statements (its ids drawn, then its requester, case, message and attachment rows), instead of one round
 * trip per case.
 *
 * Until it is written, a case has provisional ids: above 2^40, in the order the batch opened them, so they
 * sort after every stored row as the ids drawn for them will (the batch's thread index keeps the newest
 * message of a Message-ID by its id), and one that reached a statement unconverted would fail it (the id
 * columns are 32-bit) instead of storing a wrong number. The ids are drawn only when written, as many as
 * there are cases: case numbers (a case's number is its id) follow each other as they did one by one.
 */

/** The first provisional id; nothing stored reaches it (id columns are 32-bit integers). */
const FIRST_PROVISIONAL_ID = 2 ** 40;

/** Parameters per writing statement, well below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 20_000;

export type OpenedMessageRow = Required<Omit<Insertable<CaseMessageTable>, 'id' | 'case_id'>>;
export type OpenedAttachmentRow = Required<Omit<Insertable<CaseAttachmentTable>, 'id' | 'message_id'>>;

/** What opening a case writes: a requester (found or created), the case, its first message. */
export interface CaseToOpen {
  readonly requesterAddress: string;
  readonly requesterName: string | null;
  readonly subject: string;
  readonly sourceAccountId: number | null;
  readonly now: string;
  readonly message: OpenedMessageRow;
  readonly attachments: readonly OpenedAttachmentRow[];
}

interface HeldCase extends CaseToOpen {
  readonly caseId: number;
  readonly messageId: number;
  /** What waits for the case's rows, in the order it was asked for. */
  readonly then: ((caseId: number) => Promise<void>)[];
}

const batches = new WeakMap<object, CaseOpenBatch>();

/**
 * Runs `work` with the cases opened in the transaction `trx` held and written together (PostgreSQL only:
 * elsewhere, and when `defer` is false, `work` runs as it is). `work` must call `flush` before its own
 * end, and convert the provisional ids it kept with `idOf`.
 */
export async function withCaseOpensDeferred<T>(
  trx: Executor,
  defer: boolean,
  work: (batch: CaseOpenBatch | undefined) => Promise<T>,
): Promise<T> {
  if (!defer) return work(undefined);
  const batch = new CaseOpenBatch();
  batches.set(trx, batch);
  try {
    return await work(batch);
  } finally {
    batches.delete(trx);
  }
}

/** The deferring batch of this transaction, if it has one. */
export function caseOpenBatchOf(ex: Executor): CaseOpenBatch | undefined {
  return batches.get(ex);
}

export class CaseOpenBatch {
  private held: HeldCase[] = [];
  /** Provisional id → the id it was written with. */
  private readonly written = new Map<number, number>();
  private nextId = FIRST_PROVISIONAL_ID;

  /** Holds a case to open; its provisional case and message ids. */
  open(toOpen: CaseToOpen): { caseId: number; messageId: number } {
    const held = { ...toOpen, caseId: this.nextId++, messageId: this.nextId++, then: [] };
    this.held.push(held);
    return { caseId: held.caseId, messageId: held.messageId };
  }

  /** Whether the case with this (provisional) id waits to be written. */
  isHeld(caseId: number): boolean {
    return this.isProvisional(caseId) && !this.written.has(caseId);
  }

  /** Runs `then` with the case's stored id right after its rows are written. */
  whenWritten(caseId: number, then: (caseId: number) => Promise<void>): void {
    const held = this.held.find((h) => h.caseId === caseId);
    if (!held) throw new Error(`case batch: case ${caseId} is not held`);
    held.then.push(then);
  }

  /** Whether `id` is a provisional id of this batch (written or not). */
  isProvisional(id: number): boolean {
    return id >= FIRST_PROVISIONAL_ID && id < this.nextId;
  }

  /**
   * The stored id for an id this batch handed out (the id itself when it is not provisional). A case or
   * message still held has none: `flush` first.
   */
  idOf(id: number): number {
    if (!this.isProvisional(id)) return id;
    const stored = this.written.get(id);
    if (stored === undefined) throw new Error(`case batch: id ${id} is not written yet`);
    return stored;
  }

  /** Writes every held case. */
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
      for (const held of written) for (const then of held.then) await then(this.idOf(held.caseId));
    }
  }

  private async write(ex: Executor, cases: readonly HeldCase[]): Promise<void> {
    // Drawn in the batch's order: the cases' numbers follow the order their mails came in.
    const { rows: drawn } = await sql<{ case_id: number; message_id: number }>`
      select nextval(pg_get_serial_sequence('cases', 'id'))::integer as case_id,
        nextval(pg_get_serial_sequence('case_messages', 'id'))::integer as message_id
      from generate_series(1, ${cases.length}::integer) as g(i)
      order by g.i`.execute(ex);
    if (drawn.length !== cases.length) throw new Error('case batch: ids not drawn');
    const ids = cases.map((c, i) => {
      const row = drawn[i] as { case_id: number; message_id: number };
      return { caseId: row.case_id, messageId: row.message_id };
    });
    const { rows } = await writeStatement(cases, ids).execute(ex);
    const counts = rows[0];
    if (Number(counts?.cases) !== cases.length || Number(counts?.messages) !== cases.length) {
      throw new Error('case batch: not every case was written');
    }
    cases.forEach((c, i) => {
      const id = ids[i] as { caseId: number; messageId: number };
      this.written.set(c.caseId, id.caseId);
      this.written.set(c.messageId, id.messageId);
    });
  }
}

function parametersOf(held: CaseToOpen): number {
  return 3 + 5 + Object.keys(held.message).length + 1 + held.attachments.length * 7;
}

/**
 * One statement for the cases' rows. Data-modifying CTEs run together and the foreign keys are checked at
 * the statement's end, when every row exists. A requester named by several cases is upserted once, with
 * the name the first of them gives (what upserting them one by one keeps: a known name is never replaced).
 */
function writeStatement(
  cases: readonly HeldCase[],
  ids: readonly { caseId: number; messageId: number }[],
): RawBuilder<{ cases: string; messages: string }> {
  const requesters = new Map<string, { name: string | null; now: string }>();
  for (const c of cases) {
    const known = requesters.get(c.requesterAddress);
    if (!known) requesters.set(c.requesterAddress, { name: c.requesterName, now: c.now });
    else if (known.name === null && c.requesterName !== null) known.name = c.requesterName;
  }
  const first = cases[0];
  if (!first) throw new Error('case batch: nothing to write');
  const columns = Object.keys(first.message) as (keyof OpenedMessageRow)[];
  const id = (i: number) => ids[i] as { caseId: number; messageId: number };
  const attachments = cases.flatMap((c, i) =>
    c.attachments.map(
      (a) => sql`(${id(i).messageId}, ${a.hash}, ${a.filename}, ${a.content_type},
      ${a.size}, ${a.content_id}, ${a.inline})`,
    ),
  );
  return sql<{ cases: string; messages: string }>`
    with requester as (
      insert into requesters (address, display_name, created_at)
      values ${sql.join([...requesters].map(([address, r]) => sql`(${address}, ${r.name}, ${r.now})`))}
      on conflict (address) do update set display_name =
        coalesce(nullif(requesters.display_name, ''), excluded.display_name, requesters.display_name)
      returning id, address
    ),
    opened as (
      insert into cases (id, number, subject, status, requester_id, source_account_id, lang, created_at,
        updated_at)
      select v.id, v.id, v.subject, 'new', requester.id, v.source_account_id, null, v.created_at, v.created_at
      from (values ${sql.join(
        cases.map(
          (c, i) =>
            sql`(${id(i).caseId}::integer, ${c.requesterAddress}::text, ${c.subject}::text,
              ${c.sourceAccountId}::integer, ${c.now}::text)`,
        ),
      )}) as v(id, address, subject, source_account_id, created_at)
      join requester on requester.address = v.address
      returning id
    ),
    message as (
      insert into case_messages (id, case_id, ${sql.join(columns.map((c) => sql.ref(c)))})
      values ${sql.join(
        cases.map(
          (c, i) =>
            sql`(${id(i).messageId}, ${id(i).caseId}, ${sql.join(columns.map((column) => c.message[column]))})`,
        ),
      )}
      returning id
    )${
      attachments.length > 0
        ? sql`, attachment as (
      insert into case_attachments (message_id, hash, filename, content_type, size, content_id, inline)
      values ${sql.join(attachments)}
      returning id
    )`
        : sql``
    }
    select (select count(*) from opened) as cases, (select count(*) from message) as messages`;
}
