/** The languages every user-facing text exists in. Spanish is the users' first language. */
export type Lang = 'es' | 'en';

export const LANGS: readonly Lang[] = ['es', 'en'];

/** Each language by name, as a person reads it (the API and `--json` keep the code). */
export const langNames: Readonly<Record<Lang, Text>> = {
  es: { es: 'Español', en: 'Spanish' },
  en: { es: 'Inglés', en: 'English' },
};

/** A user-facing text in every language. `{name}` placeholders are filled by {@link format}. */
export interface Text {
  readonly es: string;
  readonly en: string;
}

/** A placeholder's value: given as it is, or a text of its own, said in the language being rendered. */
export type Params = Readonly<Record<string, string | number | boolean | Text | undefined | null>>;

/** Renders a text in one language, filling `{placeholder}`s; unknown placeholders stay visible. */
export function format(text: Text, lang: Lang, params: Params = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined || value === null) return whole;
    return typeof value === 'object' ? value[lang] : String(value);
  });
}

/** The words for a value in a catalogue of labels; a value the catalogue does not know, as it is. */
export function labelOf(labels: Readonly<Record<string, Text>>, value: string, lang: Lang): string {
  // Own keys only: a stored value such as "constructor" is not a label.
  const text = Object.hasOwn(labels, value) ? labels[value] : undefined;
  return text ? format(text, lang) : value;
}

export function isLang(value: unknown): value is Lang {
  return value === 'es' || value === 'en';
}

/** Picks the first supported language of an HTTP Accept-Language header, by quality. */
export function langFromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLang(primary)) return primary;
  }
  return undefined;
}
