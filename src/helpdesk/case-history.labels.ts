import { statusName } from '../cases/case-status.js';
import { format, type Lang, type Text } from '../i18n/lang.js';
import type { HistoryEvent } from './case-history.js';
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
  noMail: { es: 'Sin correo', en: 'No mail' },
} satisfies Record<string, Text>;

/** What an event says: who got no mail and why, in the reader's language. Pure. */
export function historyEventText(event: HistoryEvent, lang: Lang): string {
  const reason = refusalText(event.reason, lang);
  const address = event.address ?? '';
  switch (event.kind) {
    case 'not-sent':
      return format(texts.notSent, lang, { address: address || '?', reason });
    case 'not-notified':
      return format(address ? texts.notNotified : texts.notNotifiedNoAddress, lang, { address, reason });
    case 'not-acknowledged':
      return format(notAcknowledgedText, lang, { reason });
  }
}

/**
 * The head of an event that stands alone in the history (not about a message): the status change the
 * requester was not told of. Pure.
 */
export function historyEventHead(event: HistoryEvent, lang: Lang): string {
  return event.kind === 'not-notified' && event.status
    ? format(texts.statusChange, lang, { status: statusName(event.status, lang) })
    : format(texts.noMail, lang);
}
