import type { Lang, Text } from '../i18n/lang.js';

/**
 * The words the commands declare their arguments and option values with (`<name>`, `[type]`,
 * `--host <host>`), in every language. Commands declare them in English once; the help and commander's
 * usage errors show them in the reader's language through {@link localizePlaceholders}. A placeholder that
 * is not a word (`<n>`, `<ms>`, `<url>`, `<json>`, a header's name) stays as it is and is not listed.
 */
export const PLACEHOLDER_WORDS: Readonly<Record<string, Text>> = {
  action: { es: 'acción', en: 'action' },
  address: { es: 'dirección', en: 'address' },
  command: { es: 'orden', en: 'command' },
  date: { es: 'fecha', en: 'date' },
  dir: { es: 'directorio', en: 'dir' },
  direction: { es: 'sentido', en: 'direction' },
  file: { es: 'archivo', en: 'file' },
  fingerprint: { es: 'huella', en: 'fingerprint' },
  folder: { es: 'carpeta', en: 'folder' },
  host: { es: 'servidor', en: 'host' },
  inbound: { es: 'entrada', en: 'inbound' },
  kind: { es: 'clase', en: 'kind' },
  lang: { es: 'idioma', en: 'lang' },
  method: { es: 'método', en: 'method' },
  name: { es: 'nombre', en: 'name' },
  number: { es: 'número', en: 'number' },
  options: { es: 'opciones', en: 'options' },
  outbound: { es: 'salida', en: 'outbound' },
  policy: { es: 'política', en: 'policy' },
  port: { es: 'puerto', en: 'port' },
  preset: { es: 'preajuste', en: 'preset' },
  protocol: { es: 'protocolo', en: 'protocol' },
  role: { es: 'rol', en: 'role' },
  seconds: { es: 'segundos', en: 'seconds' },
  security: { es: 'seguridad', en: 'security' },
  state: { es: 'estado', en: 'state' },
  status: { es: 'estado', en: 'status' },
  text: { es: 'texto', en: 'text' },
  type: { es: 'tipo', en: 'type' },
  user: { es: 'usuario', en: 'user' },
  words: { es: 'palabras', en: 'words' },
};

/** One placeholder word in `lang`; a word the table does not list, as it is. */
export function placeholderWord(word: string, lang: Lang): string {
  return Object.hasOwn(PLACEHOLDER_WORDS, word) ? (PLACEHOLDER_WORDS[word]?.[lang] ?? word) : word;
}

/**
 * Every `<word>` and `[word]` (variadic `<word...>` too) of a usage line, an option's flags or a
 * subcommand's term, in `lang`; flags and everything else stay as they are.
 */
export function localizePlaceholders(term: string, lang: Lang): string {
  return term.replace(
    /([<[])([a-z][a-z-]*)(\.\.\.)?([>\]])/gi,
    (_, open: string, word: string, dots: string | undefined, close: string) =>
      `${open}${placeholderWord(word, lang)}${dots ?? ''}${close}`,
  );
}
