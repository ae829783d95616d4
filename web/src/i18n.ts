import { format, type Lang, type Params, type Text } from '../../src/i18n/lang.js';

export type { Lang, Text };

const KEY = 'drobot.lang';

/** Spanish unless the person chose English here before (kept in this browser). */
export function currentLang(): Lang {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'es';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}

/** A text in the console's language. */
export function t(text: Text, params?: Params): string {
  return format(text, currentLang(), params);
}
