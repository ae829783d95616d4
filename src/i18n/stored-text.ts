import { format, type Lang, type Params, type Text } from './lang.js';

/**
 * A text filled in every language at once: what is written down before anyone reads it (a stored detail),
 * so that each reader later sees it in their own language.
 */
export function formatBoth(text: Text, params: Params = {}): Text {
  return { es: format(text, 'es', params), en: format(text, 'en', params) };
}

/** How a text in both languages is stored: JSON `{"es":…,"en":…}`, as the outbox keeps its errors. */
export function storeText(text: Text): string {
  return JSON.stringify({ es: text.es, en: text.en });
}

/** A stored text in both languages; undefined for anything else (older rows hold plain text). */
export function storedTextOf(stored: string): Text | undefined {
  if (!stored.startsWith('{')) return undefined;
  try {
    const text = JSON.parse(stored) as Partial<Record<Lang, unknown>>;
    return typeof text.es === 'string' && typeof text.en === 'string'
      ? { es: text.es, en: text.en }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A stored text in one language: stored in both, or (older rows) one plain text, given as it is. */
export function storedTextIn(stored: string, lang: Lang): string {
  return storedTextOf(stored)?.[lang] ?? stored;
}
