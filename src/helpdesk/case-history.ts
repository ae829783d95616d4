import type { CaseWithMessages } from '../cases/case.service.js';
import type { CaseMessage, CaseStatus } from '../cases/case.types.js';
import { STATUS_CHANGED, type StatusChangeCause } from '../cases/status-change.js';

/**
 * What a case's history tells beside its messages: its status changes (`status-changed`: from which status
 * to which, who made it and how), and someone who got no mail about the case. `not-sent`: a copy of an
 * answer; `not-notified`: a status change the requester is told of; `not-acknowledged`: the new case (the
 * inbound log's line of its first mail says so).
 */
export const HISTORY_EVENT_KINDS = [STATUS_CHANGED, 'not-sent', 'not-notified', 'not-acknowledged'] as const;
export type HistoryEventKind = (typeof HISTORY_EVENT_KINDS)[number];

export interface HistoryEvent {
  readonly kind: HistoryEventKind;
  /**
   * The message it is about: the answer not sent to someone, the mail whose new case was not acknowledged,
   * the mail that changed the status.
   */
  readonly caseMessageId: number | null;
  /** Who got no mail, when there was an address. */
  readonly address: string | null;
  /**
   * Why, as a code: refusal.labels.ts says it in words. Of a status change, what made it: `agent`, `answer`
   * or `mail` (status-change.ts).
   */
  readonly reason: string;
  /** The status a change set; of `not-notified`, the change the requester was not told of. */
  readonly status: CaseStatus | null;
  /** The status a change left; null for any other event. */
  readonly previousStatus: CaseStatus | null;
  /** Who made a status change, when known: the agent, or the sender of the mail that made it. */
  readonly author: string | null;
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

/** A status change an agent made (alone, or with an answer), as the case's history keeps it. Pure. */
export function statusChangedEvent(
  previousStatus: CaseStatus,
  status: CaseStatus,
  cause: Exclude<StatusChangeCause, 'mail'>,
  author: string | null,
): NewHistoryEvent {
  return {
    kind: STATUS_CHANGED,
    caseMessageId: null,
    address: null,
    reason: cause,
    status,
    previousStatus,
    author,
  };
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
      previousStatus: null,
      author: null,
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

/**
 * One entry of a case's history: a message with the events about it, or an event of its own (a status
 * change) with its details (that the requester was not told of it).
 */
export type HistoryEntry =
  | { readonly message: CaseMessage; readonly events: readonly HistoryEvent[] }
  | { readonly event: HistoryEvent; readonly details: readonly HistoryEvent[] };

/** An event of its own in the history, with its details. */
export type EventEntry = Extract<HistoryEntry, { event: HistoryEvent }>;

/**
 * The events not about a message, as entries: a status change takes the word that the requester was not
 * told of it (kept beside it, of the same time and status) as its detail. Pure.
 */
function eventEntries(events: readonly HistoryEvent[]): EventEntry[] {
  const entries: EventEntry[] = [];
  for (const event of events) {
    const last = entries.at(-1);
    if (
      last &&
      event.kind === 'not-notified' &&
      last.event.kind === STATUS_CHANGED &&
      last.event.createdAt === event.createdAt &&
      last.event.status === event.status
    ) {
      entries[entries.length - 1] = { event: last.event, details: [...last.details, event] };
    } else {
      entries.push({ event, details: [] });
    }
  }
  return entries;
}

/**
 * A case's history in order: each message with the events about it, followed by the status change it made
 * (a mail that reopened the case); every other event where its time puts it among the messages: a status
 * change before the messages of its time (the notification or the answer that told it), any other event
 * after them. Pure.
 */
export function historyOf(view: Pick<CaseView, 'messages' | 'events'>): HistoryEntry[] {
  const ids = new Set(view.messages.map((m) => m.id));
  const isAbout = (e: HistoryEvent) => e.caseMessageId !== null && ids.has(e.caseMessageId);
  const alone = eventEntries(view.events.filter((e) => !isAbout(e)));
  const before = (entry: EventEntry, message: CaseMessage) =>
    entry.event.createdAt < message.createdAt ||
    (entry.event.kind === STATUS_CHANGED && entry.event.createdAt === message.createdAt);
  const entries: HistoryEntry[] = [];
  let next = 0;
  for (const message of view.messages) {
    for (let entry = alone[next]; entry && before(entry, message); entry = alone[++next]) entries.push(entry);
    const about = view.events.filter((e) => e.caseMessageId === message.id);
    entries.push({ message, events: about.filter((e) => e.kind !== STATUS_CHANGED) });
    for (const event of about) if (event.kind === STATUS_CHANGED) entries.push({ event, details: [] });
  }
  entries.push(...alone.slice(next));
  return entries;
}
