import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of the Gmail API adapter beyond those of the REST client. */
export const gmailErrors = defineErrors({
  badRaw: {
    code: 'gmail_bad_raw',
    message: {
      es: 'Gmail devolvió un mensaje que no se pudo leer ({reason}).',
      en: 'Gmail returned a message that could not be read ({reason}).',
    },
    hint: {
      es: 'Compruebe la URL de la API de la cuenta (--api-url); si persiste, el mensaje queda para la siguiente ejecución.',
      en: "Check the account's API URL (--api-url); if it persists, the mail is left for the next run.",
    },
    status: 502,
  },
  labelMissing: {
    code: 'gmail_label_missing',
    message: {
      es: 'No existe la etiqueta «{label}» que poner al correo procesado.',
      en: 'The label "{label}" to put on handled mail does not exist.',
    },
    hint: {
      es: 'Cree la etiqueta en Gmail o corrija «inbound.moveToFolder» (nombre o id de la etiqueta).',
      en: 'Create the label in Gmail or fix "inbound.moveToFolder" (the name or id of the label).',
    },
    status: 400,
  },
  noProfile: {
    code: 'gmail_no_profile',
    message: {
      es: 'Gmail no devolvió la dirección ni el historyId del buzón.',
      en: "Gmail did not return the mailbox's address or historyId.",
    },
    hint: {
      es: 'Compruebe la URL de la API de la cuenta (--api-url).',
      en: "Check the account's API URL (--api-url).",
    },
    status: 502,
  },
});
