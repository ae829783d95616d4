import * as z from '../../app/zod.js';
import { parseOrThrow } from '../../errors/validation.js';
import type { Executor } from '../../storage/database.js';

/** One mail seen on a server, as `drobot inbound log` and `GET /api/inbound/log` show it. */
export interface InboundLogEntry {
  /** Also the paging cursor: the next page starts after the last entry's id. */
  readonly id: number;
  readonly accountId: number;
  /** The account's name; null when the account was removed since. */
  readonly account: string | null;
  readonly mailbox: string;
  /** The server's id of the mail: the POP3 UIDL, or the IMAP UIDVALIDITY:UID. */
  readonly uid: string;
  readonly from: string | null;
  readonly subject: string | null;
  /**
   * `new_case`, `follow_up`, `auto_recorded` (automatic mail added to its case), `auto_unmatched`
   * (automatic mail linked to no case), `dropped` (a loop or DRobot's own mail), `duplicate` (the same
   * request through another account or copy), `preexisting` (set aside by a first run), `throttled`,
   * `quarantined`, `queued` (taken in, its case still to be built: the line then becomes its outcome).
   */
  readonly outcome: string;
  /**
   * What the outcome alone does not say: why a mail was dropped or quarantined, or why its new case got no
   * acknowledgment (`not_acknowledged:<reason>`).
   */
  readonly detail: string | null;
  /** The case's number (what people see as `[Caso #N]`), when the mail belongs to one. */
  readonly caseNumber: number | null;
  readonly caseMessageId: number | null;
  readonly quarantineId: number | null;
  readonly at: string;
}

export interface InboundLogPage {
  readonly items: readonly InboundLogEntry[];
  /** Give it as `after` for the next (older) page; null when there is no more. */
  readonly nextCursor: string | null;
}

export const INBOUND_LOG_DEFAULT_LIMIT = 50;
export const INBOUND_LOG_MAX_LIMIT = 1000;

/** A page request from a person or a client: checked at the edge, naming the bad field. */
export const inboundLogQuery = z.strictObject({
  account: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(INBOUND_LOG_MAX_LIMIT).optional(),
  after: z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .optional(),
});
export type InboundLogQuery = z.infer<typeof inboundLogQuery>;

export function parseInboundLogQuery(input: unknown): InboundLogQuery {
  return parseOrThrow(inboundLogQuery, input);
}

/** The log joined with what it points at: the account's name and the case's number. */
function selectLog(ex: Executor) {
  return ex
    .selectFrom('inbound_log as l')
    .leftJoin('case_messages as cm', 'cm.id', 'l.case_message_id')
    .leftJoin('cases as c', (j) => j.on((eb) => eb('c.id', '=', eb.fn.coalesce('l.case_id', 'cm.case_id'))))
    .leftJoin('accounts as a', 'a.id', 'l.account_id')
    .select([
      'l.id',
      'l.account_id',
      'a.name as account_name',
      'l.mailbox',
      'l.uid',
      'l.from_address',
      'l.subject',
      'l.outcome',
      'l.detail',
      'c.number as case_number',
      'l.case_message_id',
      'l.quarantine_id',
      'l.created_at',
    ]);
}

type LogRow = Awaited<ReturnType<ReturnType<typeof selectLog>['execute']>>[number];

function toEntry(r: LogRow): InboundLogEntry {
  return {
    id: r.id,
    accountId: r.account_id,
    account: r.account_name ?? null,
    mailbox: r.mailbox,
    uid: r.uid,
    from: r.from_address,
    subject: r.subject,
    outcome: r.outcome,
    detail: r.detail,
    caseNumber: r.case_number ?? null,
    caseMessageId: r.case_message_id,
    quarantineId: r.quarantine_id,
    at: r.created_at,
  };
}

/** Every mail seen, newest first, a page at a time. */
export async function readInboundLog(
  ex: Executor,
  page: { readonly accountId?: number; readonly limit?: number; readonly after?: string },
): Promise<InboundLogPage> {
  const limit = Math.min(page.limit ?? INBOUND_LOG_DEFAULT_LIMIT, INBOUND_LOG_MAX_LIMIT);
  let q = selectLog(ex);
  if (page.accountId !== undefined) q = q.where('l.account_id', '=', page.accountId);
  if (page.after !== undefined) q = q.where('l.id', '<', Number(page.after));
  const rows = await q
    .orderBy('l.id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toEntry);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}

/** The log lines of one server mail, oldest first (what became of it each time it was seen). */
export async function logOfMail(
  ex: Executor,
  key: { readonly accountId: number; readonly mailbox: string; readonly uid: string },
): Promise<InboundLogEntry[]> {
  const rows = await selectLog(ex)
    .where('l.account_id', '=', key.accountId)
    .where('l.mailbox', '=', key.mailbox)
    .where('l.uid', '=', key.uid)
    .orderBy('l.id')
    .limit(100)
    .execute();
  return rows.map(toEntry);
}
