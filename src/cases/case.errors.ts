import { defineErrors } from '../errors/drobot-error.js';

/** Errors of the case store. */
export const caseErrors = defineErrors({
  caseNotFound: {
    code: 'case_not_found',
    message: { es: 'No existe el caso «{id}».', en: 'There is no case "{id}".' },
    hint: {
      es: 'Consulte la lista de casos con «drobot cases list».',
      en: 'See the list of cases with "drobot cases list".',
    },
    status: 404,
  },
  badStatus: {
    code: 'case_bad_status',
    message: {
      es: 'Estado de caso no válido: «{status}». Use uno de {values}.',
      en: 'Invalid case status: "{status}". Use one of {values}.',
    },
    hint: {
      es: 'Los estados son: new (nuevo), open (abierto), pending (pendiente), resolved (resuelto), closed (cerrado).',
      en: 'The statuses are: new, open, pending, resolved, closed.',
    },
    status: 400,
  },
});
