import { format, type Lang, type Text } from '../i18n/lang.js';
import { outboxErrorIn } from './outbox.repository.js';

/** The first error's words kept in a round's summary: enough to recognise it, the row has the rest. */
export const ROUND_ERROR_MAX_CHARS = 200;

const texts = {
  summary: {
    es: 'fallidas: {failed}, por reintentar: {retrying}. Primer error: {error}',
    en: 'failed: {failed}, to retry: {retrying}. First error: {error}',
  },
} satisfies Record<string, Text>;

const bounded = (words: string) =>
  words.length > ROUND_ERROR_MAX_CHARS ? `${words.slice(0, ROUND_ERROR_MAX_CHARS - 1)}…` : words;

/**
 * What an outbox round in which some notifications failed leaves on its history line: how many failed for
 * good, how many wait for another attempt, and the first error (as the outbox row stores it: both languages
 * as JSON, or plain words), in both languages. Null when every notification went.
 */
export function roundErrorText(
  counts: { readonly failed: number; readonly retrying: number },
  firstError: string | undefined,
): Text | null {
  if (counts.failed + counts.retrying === 0 || firstError === undefined) return null;
  const inLang = (lang: Lang) =>
    format(texts.summary, lang, {
      failed: counts.failed,
      retrying: counts.retrying,
      error: bounded(outboxErrorIn(firstError, lang) ?? ''),
    });
  return { es: inLang('es'), en: inLang('en') };
}
