import { defineErrors } from '../errors/drobot-error.js';

/** Errors of the database as a whole (not of one record). */
export const storageErrors = defineErrors({
  newerSchema: {
    code: 'database_from_newer_version',
    message: {
      es: 'Una versión más reciente de DRobot actualizó esta base de datos ({names}), y esta versión no conoce esos cambios: no la abre para no dañarla.',
      en: 'A newer version of DRobot upgraded this database ({names}), and this version does not know those changes: it does not open it, so as not to damage it.',
    },
    hint: {
      es: 'Use esa versión de DRobot o una posterior, o restaure la copia de la base de datos hecha antes de actualizar.',
      en: 'Use that version of DRobot or a later one, or restore the copy of the database made before the upgrade.',
    },
    status: 500,
  },
});
