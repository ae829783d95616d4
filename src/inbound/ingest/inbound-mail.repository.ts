import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { isPostgres } from '../../storage/columns.js';
import { lockInOrder } from '../../storage/lock-order.js';
import type { Executor } from '../../storage/database.js';
import { storableText } from '../parse/text-decode.js';
import { holderIsAlive } from '../fetch/fetch-lease.repository.js';
import type { QuarantineTable } from '../inbound.table.js';

/** What became of a mail seen on a server. */
export type MailOutcome =
  'new_case' | 'follow_up' | 'auto_recorded' | 'auto_unmatched' | 'dropped' | 'duplicate' | 'preexisting';

/** Intake's outcome: the raw mail is durable, its case is still to be built. */
export const QUEUED = 'queued';

/** Whether any mail of the account waits to be built or is being built (by any process). */
export async function hasUnbuilt(ex: Executor, accountId: number): Promise<boolean> {
  const row = await ex
    .selectFrom('inbound_mails')
    .select('id')
    .where('account_id', '=', accountId)
    .where('outcome', 'in', [QUEUED, 'building'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
/** A queued mail a builder is turning into its case, inside that builder's transaction only. */
const BUILDING = 'building';

/** A mail intake took in, as it is written to the queue. */
export interface IntakeRow {
  readonly key: MailKey;
  readonly rawHash: string;
  readonly size: number;
  /** Leave the server copy alone (POP3 "leave a copy", a round-trip test mail): settled at once. */
  readonly settled: boolean;
}

/** A queued mail a case builder claimed. */
export interface QueuedMail {
  readonly id: number;
  readonly key: MailKey;
  readonly rawHash: string;
  readonly size: number;
  readonly settled: boolean;
}

/** A mail a batch built, as the end of its batch records it (see `finishBuilt`). */
export interface FinishedMail {
  readonly id: number;
  readonly key: MailKey;
  readonly dedupKey: string;
  readonly outcome: MailOutcome;
  readonly caseMessageId: number | null;
  /** Leave the server copy alone from now on (a round-trip mail). */
  readonly settled: boolean;
  readonly now: string;
  readonly trace: MailTrace;
}

/**
 * A batch of finished mails as a table `v`, from one JSON parameter. The values were made storable before
 * (no NUL, no lone surrogate: PostgreSQL's json refuses both), so a batch never fails on a mail's bytes.
 */
const SQLITE_FINISHED_ROWS = (json: string): RawBuilder<unknown> => sql`(
  select value ->> 'id' as id, value ->> 'account_id' as account_id, value ->> 'mailbox' as mailbox,
    value ->> 'uid' as uid, value ->> 'dedup_key' as dedup_key, value ->> 'outcome' as outcome,
    value ->> 'case_message_id' as case_message_id, value ->> 'settled' as settled,
    value ->> 'from_address' as from_address, value ->> 'subject' as subject,
    value ->> 'detail' as detail, value ->> 'case_id' as case_id
  from json_each(${json})) as v`;
const PG_FINISHED_ROWS = (json: string): RawBuilder<unknown> => sql`json_to_recordset(${json}::json) as v(
    id integer, account_id integer, mailbox text, uid text, dedup_key text, outcome text,
    case_message_id integer, settled integer, from_address text, subject text, detail text, case_id integer)`;

const storableOrNull = (text: string | null): string | null => (text === null ? null : storableText(text));
const mailKeyText = (accountId: number, mailbox: string, uid: string): string =>
  JSON.stringify([Number(accountId), mailbox, uid]);

/** Rows per multi-row insert: well under SQLite's bound on variables in one statement. */
const INSERT_CHUNK = 100;

export type QuarantineReason =
  | 'unparseable'
  | 'over_size'
  | 'storage_error'
  | 'throttled'
  /** The server failed to deliver it several times (cut connection, stall): its bytes are not kept. */
  | 'download_failed';

export interface MailKey {
  readonly accountId: number;
  readonly mailbox: string;
  readonly uid: string;
}

export type QuarantineRow = Selectable<QuarantineTable>;

/** What the inbound log keeps of a mail besides its outcome (see `drobot inbound log`). */
export interface MailTrace {
  readonly from?: string | null;
  readonly subject?: string | null;
  readonly caseId?: number | null;
  readonly detail?: string | null;
}

/** Bounds on what a mail put in the log (its sender and subject are the sender's choice). */
const TRACE_FROM_MAX = 320;
const TRACE_SUBJECT_MAX = 500;
const TRACE_DETAIL_MAX = 500;
const bounded = (value: string | null | undefined, max: number): string | null =>
  value === undefined || value === null ? null : Array.from(value).slice(0, max).join('');

/** The pipeline's bookkeeping: which server mails were handled, and which wait in quarantine. */
export class InboundMailRepository {
  async isKnown(ex: Executor, key: MailKey): Promise<boolean> {
    const row = await ex
      .selectFrom('inbound_mails')
      .select('id')
      .where('account_id', '=', key.accountId)
      .where('mailbox', '=', key.mailbox)
      .where('uid', '=', key.uid)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The uids among `uids` that are handled already or wait in quarantine (in chunks: lists can be long). */
  async handledUids(
    ex: Executor,
    accountId: number,
    mailbox: string,
    uids: readonly string[],
  ): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < uids.length; i += 500) {
      const chunk = uids.slice(i, i + 500);
      const known = await ex
        .selectFrom('inbound_mails')
        .select('uid')
        .where('account_id', '=', accountId)
        .where('mailbox', '=', mailbox)
        .where('uid', 'in', chunk)
        .execute();
      const held = await ex
        .selectFrom('quarantine')
        .select('uid')
        .where('account_id', '=', accountId)
        .where('mailbox', '=', mailbox)
        .where('uid', 'in', chunk)
        .execute();
      for (const r of [...known, ...held]) found.add(r.uid);
    }
    return found;
  }

  async record(
    ex: Executor,
    key: MailKey,
    values: {
      dedupKey: string;
      outcome: MailOutcome;
      caseMessageId: number | null;
      settled: boolean;
      now: string;
    },
    trace: MailTrace = {},
  ): Promise<void> {
    await this.log(ex, key, {
      outcome: values.outcome,
      caseMessageId: values.caseMessageId,
      quarantineId: null,
      now: values.now,
      trace,
    });
    await ex
      .insertInto('inbound_mails')
      .values({
        account_id: key.accountId,
        mailbox: key.mailbox,
        uid: key.uid,
        dedup_key: values.dedupKey,
        outcome: values.outcome,
        case_message_id: values.caseMessageId,
        settled: values.settled ? 1 : 0,
        created_at: values.now,
      })
      .execute();
  }

  /**
   * Writes a batch of mails taken in (their raw bytes already durable) as queued, each with a `queued` line
   * in the inbound log: multi-row statements, inside the caller's transaction.
   */
  async enqueue(ex: Executor, rows: readonly IntakeRow[], now: string): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      await ex
        .insertInto('inbound_mails')
        .values(
          chunk.map((r) => ({
            account_id: r.key.accountId,
            mailbox: r.key.mailbox,
            uid: r.key.uid,
            // Known once the mail is parsed: the builder sets it.
            dedup_key: '',
            outcome: QUEUED,
            case_message_id: null,
            settled: r.settled ? 1 : 0,
            created_at: now,
            raw_hash: r.rawHash,
            size: r.size,
            build_lease_until: null,
            build_lease_holder: null,
          })),
        )
        .execute();
      await ex
        .insertInto('inbound_log')
        .values(
          chunk.map((r) => ({
            account_id: r.key.accountId,
            mailbox: r.key.mailbox,
            uid: r.key.uid,
            from_address: null,
            subject: null,
            outcome: QUEUED,
            detail: null,
            case_id: null,
            case_message_id: null,
            quarantine_id: null,
            created_at: now,
          })),
        )
        .execute();
    }
  }

  /**
   * Claims up to `limit` queued mails (oldest first) that no builder holds, for `holder` until
   * `leaseUntil`; of one account when asked. A claim of a process of this host that has ended (a crash) is
   * free at once, others when they expire. Run it in a transaction: on SQLite that makes the claim atomic;
   * on PostgreSQL two builders may still claim the same row, and `startBuild` lets only one build it.
   */
  async claimQueued(
    ex: Executor,
    options: { limit: number; now: string; leaseUntil: string; holder: string; accountId?: number },
  ): Promise<QueuedMail[]> {
    const host = options.holder.split(':')[0] ?? '';
    let q = ex
      .selectFrom('inbound_mails')
      .select(['id', 'account_id', 'mailbox', 'uid', 'raw_hash', 'size', 'settled', 'build_lease_until'])
      .select('build_lease_holder')
      .where('outcome', '=', QUEUED)
      .where((eb) =>
        eb.or([
          eb('build_lease_until', 'is', null),
          eb('build_lease_until', '<', options.now),
          eb('build_lease_holder', 'like', `${host}:%`),
        ]),
      );
    if (options.accountId !== undefined) q = q.where('account_id', '=', options.accountId);
    // Rows held by live builders of this host come back too and are passed over: look a little further.
    const candidates = await q
      .orderBy('id')
      .limit(options.limit * 4)
      .execute();
    const rows = candidates
      .filter(
        (r) =>
          r.build_lease_until === null ||
          r.build_lease_until < options.now ||
          (r.build_lease_holder !== null &&
            r.build_lease_holder !== options.holder &&
            !holderIsAlive(r.build_lease_holder)),
      )
      .slice(0, options.limit);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    // The update alone would lock the rows in the order its plan reads them (the table's, for a batch),
    // and intake marking the same mails settled locks them in id order: the two could deadlock.
    await lockInOrder(ex, 'inbound_mails', 'id', ids);
    await ex
      .updateTable('inbound_mails')
      .set({ build_lease_until: options.leaseUntil, build_lease_holder: options.holder })
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      key: { accountId: r.account_id, mailbox: r.mailbox, uid: r.uid },
      rawHash: r.raw_hash ?? '',
      size: Number(r.size),
      settled: r.settled === 1,
    }));
  }

  /** Gives claimed mails back (a batch took fewer than it claimed). */
  async releaseLease(ex: Executor, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await ex
      .updateTable('inbound_mails')
      .set({ build_lease_until: null, build_lease_holder: null })
      .where('id', 'in', [...ids])
      .execute();
  }

  /**
   * Takes a batch of claimed mails for building inside the caller's transaction, in one statement; returns
   * the ids still queued (the others another builder stored first). On PostgreSQL those rows stay locked
   * until that transaction ends, so a second builder that claimed them too waits, then finds them built;
   * they are locked in id order first, as `markSettled` locks them, so the two wait instead of deadlocking.
   */
  async startBuilds(ex: Executor, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    await lockInOrder(ex, 'inbound_mails', 'id', ids);
    const rows = await ex
      .updateTable('inbound_mails')
      .set({ outcome: BUILDING })
      .where('id', 'in', [...ids])
      .where('outcome', '=', QUEUED)
      .returning('id')
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Gives the mails a batch built their final outcomes, at the end of the batch's transaction: each queued
   * row gets its outcome, each `queued` log line becomes that outcome, and a quarantine entry left by an
   * earlier attempt at the same server mail goes. Three statements for the whole batch (the rows travel as
   * one JSON parameter, so each statement's text is the same whatever the batch's size). Only mails whose
   * savepoint was released come here: one that went to quarantine keeps its entry and its log line.
   */
  async finishBuilt(ex: Executor, mails: readonly FinishedMail[]): Promise<void> {
    if (mails.length === 0) return;
    const rows = mails.map((m) => ({
      id: m.id,
      account_id: m.key.accountId,
      mailbox: m.key.mailbox,
      uid: m.key.uid,
      dedup_key: storableText(m.dedupKey),
      outcome: m.outcome,
      case_message_id: m.caseMessageId,
      settled: m.settled ? 1 : 0,
      from_address: storableOrNull(bounded(m.trace.from, TRACE_FROM_MAX)),
      subject: storableOrNull(bounded(m.trace.subject, TRACE_SUBJECT_MAX)),
      detail: storableOrNull(bounded(m.trace.detail, TRACE_DETAIL_MAX)),
      case_id: m.trace.caseId ?? null,
    }));
    const json = JSON.stringify(rows);
    const pg = isPostgres(ex as unknown as Kysely<unknown>);
    const batch = pg ? PG_FINISHED_ROWS : SQLITE_FINISHED_ROWS;
    await sql`
      update inbound_mails set
        dedup_key = v.dedup_key, outcome = v.outcome, case_message_id = v.case_message_id,
        raw_hash = null, build_lease_until = null, build_lease_holder = null,
        settled = case when v.settled = 1 then 1 else inbound_mails.settled end
      from ${batch(json)}
      where inbound_mails.id = v.id`.execute(ex);
    await sql`
      delete from quarantine
      where (account_id, mailbox, uid) in (select v.account_id, v.mailbox, v.uid from ${batch(json)})`.execute(
      ex,
    );
    // A mail intake queued has its `queued` line: it now says what became of the mail.
    const logged = await sql<{ account_id: number; mailbox: string; uid: string }>`
      update inbound_log set
        from_address = v.from_address, subject = v.subject, outcome = v.outcome, detail = v.detail,
        case_id = v.case_id, case_message_id = v.case_message_id, quarantine_id = null
      from ${batch(json)}
      where inbound_log.account_id = v.account_id and inbound_log.uid = v.uid
        and inbound_log.mailbox = v.mailbox and inbound_log.outcome = ${QUEUED}
      returning inbound_log.account_id, inbound_log.mailbox, inbound_log.uid`.execute(ex);
    const hasLine = new Set(logged.rows.map((r) => mailKeyText(r.account_id, r.mailbox, r.uid)));
    const unlogged = rows.filter((r) => !hasLine.has(mailKeyText(r.account_id, r.mailbox, r.uid)));
    for (let i = 0; i < unlogged.length; i += INSERT_CHUNK) {
      await ex
        .insertInto('inbound_log')
        .values(
          unlogged.slice(i, i + INSERT_CHUNK).map((r) => ({
            account_id: r.account_id,
            mailbox: r.mailbox,
            uid: r.uid,
            from_address: r.from_address,
            subject: r.subject,
            outcome: r.outcome,
            detail: r.detail,
            case_id: r.case_id,
            case_message_id: r.case_message_id,
            quarantine_id: null,
            created_at: mails[0]?.now ?? new Date().toISOString(),
          })),
        )
        .execute();
    }
  }

  /** Removes a queued mail that goes to quarantine instead (the quarantine entry keeps its raw bytes). */
  async dropQueued(ex: Executor, id: number): Promise<void> {
    await ex.deleteFrom('inbound_mails').where('id', '=', id).execute();
  }

  /** How many mails wait to be built (of one account when asked). */
  async queuedCount(ex: Executor, accountId?: number): Promise<number> {
    let q = ex
      .selectFrom('inbound_mails')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('outcome', '=', QUEUED);
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Handled mails whose after-store action (delete, move, seen) is still to be done on the server. */
  async unsettled(ex: Executor, accountId: number, mailbox: string): Promise<string[]> {
    const rows = await ex
      .selectFrom('inbound_mails')
      .select('uid')
      .where('account_id', '=', accountId)
      .where('mailbox', '=', mailbox)
      .where('settled', '=', 0)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.uid);
  }

  /**
   * Marks mails settled, in the caller's transaction. On PostgreSQL, like `startBuilds`, it locks the rows
   * in id order first: two statements that update overlapping rows in different orders (this one goes by
   * uid) could deadlock. Outside a transaction those locks would end with their statement, before the
   * update (a case builder's batch and this update then deadlocked now and then).
   */
  async markSettled(
    ex: Executor,
    accountId: number,
    mailbox: string,
    uids: readonly string[],
  ): Promise<void> {
    for (let i = 0; i < uids.length; i += 500) {
      const chunk = uids.slice(i, i + 500);
      if (isPostgres(ex as unknown as Kysely<unknown>)) {
        await ex
          .selectFrom('inbound_mails')
          .select('id')
          .where('account_id', '=', accountId)
          .where('mailbox', '=', mailbox)
          .where('uid', 'in', chunk)
          .orderBy('id')
          .forUpdate()
          .execute();
      }
      await ex
        .updateTable('inbound_mails')
        .set({ settled: 1 })
        .where('account_id', '=', accountId)
        .where('mailbox', '=', mailbox)
        .where('uid', 'in', chunk)
        .execute();
    }
  }

  async quarantine(
    ex: Executor,
    key: MailKey,
    values: {
      reason: QuarantineReason;
      detail: string | null;
      rawHash: string | null;
      size: number;
      now: string;
    },
    trace: MailTrace = {},
  ): Promise<number> {
    const id = await this.hold(ex, key, values);
    await this.log(ex, key, {
      outcome: values.reason === 'throttled' ? 'throttled' : 'quarantined',
      caseMessageId: null,
      quarantineId: id,
      now: values.now,
      trace: { ...trace, detail: trace.detail ?? values.reason },
    });
    return id;
  }

  /** One line of the inbound log, written in the transaction that records the outcome. */
  private async log(
    ex: Executor,
    key: MailKey,
    line: {
      outcome: string;
      caseMessageId: number | null;
      quarantineId: number | null;
      now: string;
      trace: MailTrace;
    },
  ): Promise<void> {
    const values = {
      from_address: bounded(line.trace.from, TRACE_FROM_MAX),
      subject: bounded(line.trace.subject, TRACE_SUBJECT_MAX),
      outcome: line.outcome,
      detail: bounded(line.trace.detail, TRACE_DETAIL_MAX),
      case_id: line.trace.caseId ?? null,
      case_message_id: line.caseMessageId,
      quarantine_id: line.quarantineId,
    };
    // A mail intake queued has its `queued` line: it now says what became of the mail.
    const updated = await ex
      .updateTable('inbound_log')
      .set(values)
      .where('account_id', '=', key.accountId)
      .where('uid', '=', key.uid)
      .where('mailbox', '=', key.mailbox)
      .where('outcome', '=', QUEUED)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    await ex
      .insertInto('inbound_log')
      .values({
        account_id: key.accountId,
        mailbox: key.mailbox,
        uid: key.uid,
        ...values,
        created_at: line.now,
      })
      .execute();
  }

  private async hold(
    ex: Executor,
    key: MailKey,
    values: {
      reason: QuarantineReason;
      detail: string | null;
      rawHash: string | null;
      size: number;
      now: string;
    },
  ): Promise<number> {
    const existing = await ex
      .selectFrom('quarantine')
      .select(['id', 'attempts'])
      .where('account_id', '=', key.accountId)
      .where('mailbox', '=', key.mailbox)
      .where('uid', '=', key.uid)
      .executeTakeFirst();
    if (existing) {
      await ex
        .updateTable('quarantine')
        .set({
          reason: values.reason,
          detail: values.detail,
          raw_hash: values.rawHash,
          size: values.size,
          status: 'held',
          refetch_max_bytes: null,
          attempts: existing.attempts + 1,
          updated_at: values.now,
        })
        .where('id', '=', existing.id)
        .execute();
      return existing.id;
    }
    const row = await ex
      .insertInto('quarantine')
      .values({
        account_id: key.accountId,
        mailbox: key.mailbox,
        uid: key.uid,
        reason: values.reason,
        detail: values.detail,
        raw_hash: values.rawHash,
        size: values.size,
        status: 'held',
        attempts: 1,
        created_at: values.now,
        updated_at: values.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Quarantined mails of the mailbox that a person asked to fetch again (their bytes were not kept), with
   * the download limit of that attempt.
   */
  async refetchLimits(ex: Executor, accountId: number, mailbox: string): Promise<Map<string, number>> {
    const rows = await ex
      .selectFrom('quarantine')
      .select(['uid', 'refetch_max_bytes'])
      .where('account_id', '=', accountId)
      .where('mailbox', '=', mailbox)
      .where('status', '=', 'refetch')
      .execute();
    return new Map(rows.map((r) => [r.uid, Number(r.refetch_max_bytes ?? 0)]));
  }

  /** Marks a quarantined mail whose bytes were not kept to be fetched again by the next run. */
  async requestRefetch(ex: Executor, id: number, maxBytes: number, now: string): Promise<void> {
    await ex
      .updateTable('quarantine')
      .set({ status: 'refetch', refetch_max_bytes: maxBytes, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Forgets the POP3 mails a first run set aside, so that they are fetched (`drobot fetch NAME --all`). */
  async forgetPreexisting(ex: Executor, accountId: number, mailbox: string): Promise<void> {
    await ex
      .deleteFrom('inbound_mails')
      .where('account_id', '=', accountId)
      .where('mailbox', '=', mailbox)
      .where('outcome', '=', 'preexisting')
      .execute();
  }

  async listQuarantine(ex: Executor, accountId?: number): Promise<QuarantineRow[]> {
    let q = ex.selectFrom('quarantine').selectAll();
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return q.orderBy('id').execute();
  }

  async findQuarantine(ex: Executor, id: number): Promise<QuarantineRow | undefined> {
    return ex.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async removeQuarantine(ex: Executor, id: number): Promise<void> {
    await ex.deleteFrom('quarantine').where('id', '=', id).execute();
  }
}
