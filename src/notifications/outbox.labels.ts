import type { Text } from '../i18n/lang.js';
import type { OutboxState } from './notification.types.js';

/** Outbox states as a person reads them, for the console and the CLI. */
export const outboxStateLabels: Record<OutboxState, Text> = {
  queued: { es: 'En cola', en: 'Queued' },
  sending: { es: 'Enviando', en: 'Sending' },
  sent: { es: 'Enviada', en: 'Sent' },
  retrying: { es: 'Reintentando', en: 'Retrying' },
  failed: { es: 'Fallida', en: 'Failed' },
};
