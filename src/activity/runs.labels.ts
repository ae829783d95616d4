import { labelOf, type Lang, type Text } from '../i18n/lang.js';
import type { RunKind } from './runs.js';

/** A run's kind as a person reads it, for the console and the CLI (the API and `--json` keep the key). */
export const runKindLabels: Record<RunKind, Text> = {
  fetch: { es: 'recogida', en: 'fetch' },
  send: { es: 'envío', en: 'send' },
};

/** The counts a fetch run and an outbox round record, by the words `drobot fetch` and `outbox send` use. */
export const runCountLabels: Readonly<Record<string, Text>> = {
  received: { es: 'recibidos', en: 'received' },
  fetched: { es: 'recogidos', en: 'fetched' },
  newCases: { es: 'casos nuevos', en: 'new cases' },
  followUps: { es: 'seguimientos', en: 'follow-ups' },
  quarantined: { es: 'en cuarentena', en: 'quarantined' },
  remaining: { es: 'pendientes', en: 'left' },
  errors: { es: 'errores', en: 'errors' },
  claimed: { es: 'tomadas', en: 'claimed' },
  sent: { es: 'enviadas', en: 'sent' },
  retrying: { es: 'en reintento', en: 'retrying' },
  failed: { es: 'fallidas', en: 'failed' },
};

/**
 * A run's counts in words, in the order they were recorded ("recibidos 2, casos nuevos 1"); a name this
 * build does not know, as it was recorded.
 */
export function runCountsText(counts: Readonly<Record<string, number>>, lang: Lang): string {
  return Object.entries(counts)
    .map(([name, value]) => `${labelOf(runCountLabels, name, lang)} ${value}`)
    .join(', ');
}
