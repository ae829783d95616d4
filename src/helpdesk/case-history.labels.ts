import { statusName } from '../cases/case-status.js';
import { STATUS_CHANGED } from '../cases/status-change.js';
import { format, type Lang, type Text } from '../i18n/lang.js';
import type { EventEntry, HistoryEvent } from './case-history.js';
import { authorText } from './change-author.js';
import { notAcknowledgedText, refusalText } from './refusal.labels.js';

/** A history event's line, for the CLI's `cases show` and the console's case page. */
const texts = {
  notSent: { es: 'no enviado a {address}: {reason}', en: 'not sent to {address}: {reason}' },
  notNotified: {
    es: 'no se avisó al solicitante ({address}): {reason}',
    en: 'the requester ({address}) was not told: {reason}',
  },
  notNotifiedNoAddress: {
    es: 'no se avisó al solicitante: {reason}',
    en: 'the requester was not told: {reason}',
  },
  statusChange: { es: 'Cambio de estado: {status}', en: 'Status change: {status}' },
  statusChanged: {
    es: 'Cambio de estado: {previous} → {status}',
    en: 'Status change: {previous} → {status}',
  },
  changes: { es: '{previous} → {status}', en: '{previous} → {status}' },
  byAnswer: { es: 'con una respuesta', en: 'with an answer' },
  byMail: { es: 'al llegar un correo de {author}', en: 'on a mail from {author}' },
  byMailNoAddress: { es: 'al llegar un correo', en: 'on a mail' },
  noMail: { es: 'Sin correo', en: 'No mail' },
} satisfies Record<string, Text>;

/** Who makes the status changes a mail makes: DRobot, on the mail's word. */
const DROBOT = 'DRobot';

/** A status change's statuses, in the reader's language: the one it left (when known) and the one it set. */
function statusesOf(event: HistoryEvent, lang: Lang): { previous: string; status: string } {
  return {
    previous: event.previousStatus ? statusName(event.previousStatus, lang) : '?',
    status: event.status ? statusName(event.status, lang) : '?',
  };
}

/** What an event says: a status change, or who got no mail and why, in the reader's language. Pure. */
export function historyEventText(event: HistoryEvent, lang: Lang): string {
  const reason = refusalText(event.reason, lang);
  const address = event.address ?? '';
  switch (event.kind) {
    case STATUS_CHANGED:
      return format(texts.changes, lang, statusesOf(event, lang));
    case 'not-sent':
      return format(texts.notSent, lang, { address: address || '?', reason });
    case 'not-notified':
      return format(address ? texts.notNotified : texts.notNotifiedNoAddress, lang, { address, reason });
    case 'not-acknowledged':
      return format(notAcknowledgedText, lang, { reason });
  }
}

/**
 * The head of an event that stands alone in the history (not about a message): a status change, from which
 * status to which; one the requester was not told of, kept before changes were, names only the status it
 * set. Pure.
 */
export function historyEventHead(event: HistoryEvent, lang: Lang): string {
  if (event.kind === STATUS_CHANGED) {
    return event.previousStatus
      ? format(texts.statusChanged, lang, statusesOf(event, lang))
      : format(texts.statusChange, lang, { status: statusesOf(event, lang).status });
  }
  return event.kind === 'not-notified' && event.status
    ? format(texts.statusChange, lang, { status: statusName(event.status, lang) })
    : format(texts.noMail, lang);
}

/**
 * Who made a status change, in the reader's language: the agent; the administrator token or the
 * command line's user (change-author.ts); DRobot for a mail's. Undefined when not known (changes kept
 * before every change had its author). Pure.
 */
export function historyEventWho(event: HistoryEvent, lang: Lang): string | undefined {
  if (event.kind !== STATUS_CHANGED) return undefined;
  if (event.reason === 'mail') return DROBOT;
  return event.author === null ? undefined : authorText(event.author, lang);
}

/** How a status change was made, when not by an agent alone: with an answer, on a mail. Pure. */
function causeText(event: HistoryEvent, lang: Lang): string | undefined {
  if (event.reason === 'answer') return format(texts.byAnswer, lang);
  if (event.reason !== 'mail') return undefined;
  return event.author
    ? format(texts.byMail, lang, { author: event.author })
    : format(texts.byMailNoAddress, lang);
}

/**
 * What an entry of its own says beside its head: how a status change was made, and who was not told of it
 * and why; of any other event, its text. Pure.
 */
export function historyEventLines(entry: EventEntry, lang: Lang): string[] {
  const { event, details } = entry;
  const own = event.kind === STATUS_CHANGED ? causeText(event, lang) : historyEventText(event, lang);
  return [...(own === undefined ? [] : [own]), ...details.map((d) => historyEventText(d, lang))];
}
