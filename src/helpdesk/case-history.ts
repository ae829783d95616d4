import type { CaseWithMessages } from '../cases/case.service.js';
import type { CaseMessage, CaseStatus } from '../cases/case.types.js';

/**
 * What a case's history tells beside its messages: someone who got no mail about the case. `not-sent`: a
 * copy of an answer; `not-notified`: a status change the requester is told of; `not-acknowledged`: the new
 * case (the inbound log's line of its first mail says so).
 */
export const HISTORY_EVENT_KINDS = ['not-sent', 'not-notified', 'not-acknowledged'] as const;
export type HistoryEventKind = (typeof HISTORY_EVENT_KINDS)[number];

export interface HistoryEvent {
  readonly kind: HistoryEventKind;
  /** The message it is about: the answer not sent to someone, the mail whose new case was not acknowledged. */
  readonly caseMessageId: number | null;
  /** Who got no mail, when there was an address. */
  readonly address: string | null;
  /** Why, as a code: refusal.labels.ts says it in words. */
  readonly reason: string;
  /** The status of a change the requester was not told of. */
  readonly status: CaseStatus | null;
  readonly createdAt: string;
}

/** An event to keep, before it has a time. */
export type NewHistoryEvent = Omit<HistoryEvent, 'createdAt'>;

/** A case as its readers see it: its messages, and who got no mail about it and why. */
export interface CaseView extends CaseWithMessages {
  readonly events: readonly HistoryEvent[];
}

/** What became of a mail the help desk meant to send: queued, or not, with its reason or status. */
type MailOutcome = { readonly status: string } | { readonly status: string; readonly reason: string };

/** Why a mail was not queued, as a code (its reason, else its status: `suppressed`). Pure. */
export function refusalOf(outcome: MailOutcome): string {
  return 'reason' in outcome ? outcome.reason : outcome.status;
}

/** The copies of an answer that were not queued, as the answer's history keeps them. Pure. */
export function notSentEvents(
  caseMessageId: number,
  copies: readonly { readonly to: string; readonly result: MailOutcome }[],
): NewHistoryEvent[] {
  return copies
    .filter((c) => c.result.status !== 'queued')
    .map((c) => ({
      kind: 'not-sent',
      caseMessageId,
      address: c.to,
      reason: refusalOf(c.result),
      status: null,
    }));
}

/**
 * Why the requester was not told of a status change they are told of; undefined when they were, or when
 * the change is none of theirs (the status did not change, or is not one they are told of). Pure.
 */
export function untoldReason(notification: MailOutcome): string | undefined {
  if (notification.status === 'queued') return undefined;
  const reason = refusalOf(notification);
  return reason === 'unchanged' || reason === 'status' ? undefined : reason;
}

/** One entry of a case's history: a message with the events about it, or an event of its own. */
export type HistoryEntry =
  | { readonly message: CaseMessage; readonly events: readonly HistoryEvent[] }
  | { readonly event: HistoryEvent };

/**
 * A case's history in order: each message with the events about it; every other event where its time
 * puts it among the messages (after a message of the same time). Pure.
 */
export function historyOf(view: Pick<CaseView, 'messages' | 'events'>): HistoryEntry[] {
  const ids = new Set(view.messages.map((m) => m.id));
  const about = (m: CaseMessage) => view.events.filter((e) => e.caseMessageId === m.id);
  const alone = view.events.filter((e) => e.caseMessageId === null || !ids.has(e.caseMessageId));
  const entries: HistoryEntry[] = [];
  let next = 0;
  for (const message of view.messages) {
    for (let event = alone[next]; event && event.createdAt < message.createdAt; event = alone[++next]) {
      entries.push({ event });
    }
    entries.push({ message, events: about(message) });
  }
  for (const event of alone.slice(next)) entries.push({ event });
  return entries;
}
