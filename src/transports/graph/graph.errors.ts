import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of the Microsoft Graph adapter beyond those of the REST client. */
export const graphErrors = defineErrors({
  moveTargetMissing: {
    code: 'graph_move_target_missing',
    message: {
      es: 'No existe la carpeta «{folder}» a la que mover el correo procesado.',
      en: 'The folder "{folder}" to move handled mail to does not exist.',
    },
    hint: {
      es: 'Cree la carpeta en el buzón o corrija «inbound.moveToFolder» (un nombre conocido como archive, un nombre visible o un id).',
      en: 'Create the folder in the mailbox or fix "inbound.moveToFolder" (a well-known name such as archive, a display name or an id).',
    },
    status: 400,
  },
  noDeltaLink: {
    code: 'graph_delta_without_link',
    message: {
      es: 'Graph devolvió la página {page} de la sincronización sin nextLink ni deltaLink.',
      en: 'Graph returned page {page} of the sync with neither a nextLink nor a deltaLink.',
    },
    hint: {
      es: 'Compruebe la URL de la API de la cuenta (--api-url); la siguiente ejecución lo intenta de nuevo.',
      en: "Check the account's API URL (--api-url); the next run tries again.",
    },
    status: 502,
  },
  noDraftId: {
    code: 'graph_draft_without_id',
    message: {
      es: 'Graph creó el borrador sin devolver su id ni su Message-ID.',
      en: 'Graph created the draft without returning its id or Message-ID.',
    },
    hint: {
      es: 'Compruebe la URL de la API de la cuenta (--api-url).',
      en: "Check the account's API URL (--api-url).",
    },
    status: 502,
  },
});
