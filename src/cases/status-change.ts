import type { Insertable } from 'kysely';
import type { CaseEventTable } from './case.table.js';
import type { CaseStatus } from './case.types.js';

/** The kind of the case's history event that keeps a status change. */
export const STATUS_CHANGED = 'status-changed';

/**
 * What made a status change, kept as its event's reason: an agent (`cases status`, `PATCH /api/cases/{id}`,
 * the console), an agent's answer that set it, or a mail DRobot received (a person's answer puts a case
 * waiting for them, or resolved, back to work).
 */
export const STATUS_CHANGE_CAUSES = ['agent', 'answer', 'mail'] as const;
export type StatusChangeCause = (typeof STATUS_CHANGE_CAUSES)[number];

/** A mail's status change, as the case store keeps it. */
export interface MailStatusChange {
  readonly caseId: number;
  readonly previous: CaseStatus;
  readonly status: CaseStatus;
  /** The mail that made it. */
  readonly caseMessageId: number;
  /** Its sender's address ('' when it had none). */
  readonly sender: string;
}

/** The history's row of a status change a mail made. Pure. */
export function mailStatusChangeRow(change: MailStatusChange, now: string): Insertable<CaseEventTable> {
  return {
    case_id: change.caseId,
    case_message_id: change.caseMessageId,
    kind: STATUS_CHANGED,
    address: null,
    reason: 'mail' satisfies StatusChangeCause,
    status: change.status,
    previous_status: change.previous,
    author: change.sender || null,
    created_at: now,
  };
}
