import { defineErrors } from '../errors/drobot-error.js';

/** Errors of the agent's side of a case. */
export const helpdeskErrors = defineErrors({
  noRecipient: {
    code: 'case_no_recipient',
    message: {
      es: 'El caso #{id} no tiene a quién responder: su solicitante ({address}) no es una dirección a la que se pueda escribir.',
      en: 'Case #{id} has nobody to answer: its requester ({address}) is not an address that can be written to.',
    },
    hint: {
      es: 'Añada una nota interna con «drobot cases note» en su lugar.',
      en: 'Add an internal note with "drobot cases note" instead.',
    },
    status: 409,
  },
});
