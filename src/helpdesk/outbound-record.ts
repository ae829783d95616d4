import { CaseRepository } from '../cases/case.repository.js';
import type { MailAddress, NewAttachment } from '../cases/case.types.js';
import type { OutboundPlan, PreparedNotification } from '../notifications/outbox.service.js';
import type { Executor } from '../storage/database.js';

export interface OutboundRecord {
  readonly caseId: number;
  readonly prepared: PreparedNotification;
  readonly plan: OutboundPlan;
  readonly messageId: string;
  readonly to: readonly MailAddress[];
  readonly cc?: readonly MailAddress[];
  /** What the case view shows: the agent's own words for an answer, the whole text otherwise. */
  readonly textReply?: string;
  readonly author?: string | null;
  readonly attachments?: readonly NewAttachment[];
  readonly now: Date;
}

/**
 * Stores a mail DRobot sends about a case as a message of the case (direction `out`), in the caller's
 * transaction, so the history holds it exactly when the outbox does. Returns the case message id.
 */
export async function recordOutbound(
  trx: Executor,
  record: OutboundRecord,
  repo = new CaseRepository(),
): Promise<number> {
  const p = record.prepared;
  const now = record.now.toISOString();
  const id = await repo.insertMessage(
    trx,
    record.caseId,
    {
      direction: 'out',
      kind: 'mail',
      author: record.author ?? null,
      classification: 'normal',
      from: record.plan.from,
      to: record.to,
      cc: record.cc ?? [],
      subject: p.subject,
      sentAt: null,
      messageId: record.messageId,
      inReplyTo: p.inReplyTo ?? null,
      references: p.references,
      text: p.text,
      textReply: record.textReply ?? p.text,
      html: null,
      rawHash: null,
      attachments: record.attachments ?? [],
    },
    now,
  );
  await repo.touch(trx, record.caseId, now);
  return id;
}

const MESSAGE_ID = /^<[^<>\s]+@[^<>\s]+>$/;

/** Message-IDs fit to write in threading headers: well formed, bounded, the latest 20. Pure. */
export function threadIds(ids: readonly (string | null | undefined)[]): string[] {
  const ok = ids.filter((id): id is string => !!id && id.length <= 900 && MESSAGE_ID.test(id));
  return [...new Set(ok)].slice(-20);
}
