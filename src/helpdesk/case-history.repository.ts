import { sql } from 'kysely';
import { isCaseStatus } from '../cases/case-status.js';
import type { Executor } from '../storage/database.js';
import { HISTORY_EVENT_KINDS, type HistoryEvent, type NewHistoryEvent } from './case-history.js';
import { notAcknowledgedReason } from './refusal.labels.js';

/** Keeps these events in a case's history, in the caller's transaction. */
export async function insertHistoryEvents(
  trx: Executor,
  caseId: number,
  events: readonly NewHistoryEvent[],
  now: string,
): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('case_events')
    .values(
      events.map((e) => ({
        case_id: caseId,
        case_message_id: e.caseMessageId,
        kind: e.kind,
        address: e.address,
        reason: e.reason,
        status: e.status,
        previous_status: e.previousStatus,
        author: e.author,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * The inbound log's lines of new cases that got no acknowledgment: word for word the predicate of the
 * partial index migration 0026 made, so both databases find them by it.
 */
const NOT_ACKNOWLEDGED_LINE = sql<boolean>`substr(detail, 1, 17) = 'not_acknowledged:'`;

/** The inbound log's lines that say a case got no acknowledgment (one, but for a log written twice). */
export function notAcknowledgedLines(ex: Executor, caseId: number) {
  return ex
    .selectFrom('inbound_log')
    .select(['case_message_id', 'from_address', 'detail', 'created_at'])
    .where('case_id', '=', caseId)
    .where(NOT_ACKNOWLEDGED_LINE)
    .orderBy('id');
}

/**
 * A case's history events in order of time: those kept with it (its status changes, who got no mail), and
 * the inbound log's word that its first mail got no acknowledgment (the log says it once; the history reads
 * it there).
 */
export async function historyEventsOf(ex: Executor, caseId: number): Promise<HistoryEvent[]> {
  const kept = await ex
    .selectFrom('case_events')
    .select([
      'case_message_id',
      'kind',
      'address',
      'reason',
      'status',
      'previous_status',
      'author',
      'created_at',
    ])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  const logged = await notAcknowledgedLines(ex, caseId).execute();
  const events: HistoryEvent[] = [];
  for (const r of kept) {
    const kind = HISTORY_EVENT_KINDS.find((k) => k === r.kind);
    if (!kind) continue;
    events.push({
      kind,
      caseMessageId: r.case_message_id,
      address: r.address,
      reason: r.reason,
      status: isCaseStatus(r.status) ? r.status : null,
      previousStatus: isCaseStatus(r.previous_status) ? r.previous_status : null,
      author: r.author,
      createdAt: r.created_at,
    });
  }
  for (const r of logged) {
    const reason = notAcknowledgedReason(r.detail ?? '');
    if (reason === undefined) continue;
    events.push({
      kind: 'not-acknowledged',
      caseMessageId: r.case_message_id,
      address: r.from_address,
      reason,
      status: null,
      previousStatus: null,
      author: null,
      createdAt: r.created_at,
    });
  }
  // Stable: events of one time keep their order.
  return events.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}
