import { format, type Lang, type Text } from '../i18n/lang.js';

/**
 * Who made a change when no person named themselves, as the case's history keeps it: one value in any
 * language, said in the reader's language by {@link authorText}. A console user's name never has a colon
 * (users/user.model.ts), so neither form is taken for one.
 */

/** A change made through the API with the administrator token, which names no one. */
export const ADMIN_TOKEN_AUTHOR = 'token:admin';

const COMMAND_LINE = 'cli:';

/** Whether a name given by a caller takes one of the forms that stand for the token or the command line. */
export function isSystemAuthorForm(author: string): boolean {
  return author === ADMIN_TOKEN_AUTHOR || author.startsWith(COMMAND_LINE);
}

/** A change made with `drobot` on this machine, by the operating-system user who ran it. */
export function commandLineAuthor(user: string): string {
  return `${COMMAND_LINE}${user}`;
}

const texts = {
  adminToken: { es: 'token de administración', en: 'administrator token' },
  commandLine: { es: '{user} (línea de órdenes)', en: '{user} (command line)' },
  commandLineNobody: { es: 'línea de órdenes', en: 'command line' },
} satisfies Record<string, Text>;

/** An author as the history shows it: a person's name as it is, the token or the command line in words. */
export function authorText(author: string, lang: Lang): string {
  if (author === ADMIN_TOKEN_AUTHOR) return format(texts.adminToken, lang);
  if (!author.startsWith(COMMAND_LINE)) return author;
  const user = author.slice(COMMAND_LINE.length);
  return user === '' ? format(texts.commandLineNobody, lang) : format(texts.commandLine, lang, { user });
}
