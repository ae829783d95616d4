import { format, type Text } from '../i18n/lang.js';
import { isDrobotError } from './drobot-error.js';

/** An error's message in every language (a catalogue entry), or its own words when it has no entry. */
export function errorTextOf(error: unknown): Text {
  if (isDrobotError(error)) {
    const reply = error.serverReply ? ` (${error.serverReply})` : '';
    return {
      es: format(error.def.message, 'es', error.params) + reply,
      en: format(error.def.message, 'en', error.params) + reply,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { es: message, en: message };
}
