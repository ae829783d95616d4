import { defineErrors } from './drobot-error.js';

/** Errors that belong to no single capability. */
export const commonErrors = defineErrors({
  validation: {
    code: 'validation_failed',
    message: { es: 'Datos no válidos: {summary}', en: 'Invalid input: {summary}' },
    status: 400,
  },
  malformedJson: {
    code: 'malformed_json',
    message: {
      es: 'El JSON recibido no es válido: {detail}',
      en: 'The JSON received is not valid: {detail}',
    },
    status: 400,
  },
  notFound: {
    code: 'not_found',
    message: { es: 'No existe {what} «{id}».', en: 'There is no {what} "{id}".' },
    status: 404,
  },
  unauthorized: {
    code: 'unauthorized',
    message: {
      es: 'Se requiere autenticación: inicie sesión en la consola o envíe el token de administrador en la cabecera Authorization.',
      en: 'Authentication required: sign in to the console or send the admin token in the Authorization header.',
    },
    status: 401,
  },
  internal: {
    code: 'internal_error',
    message: {
      es: 'Error interno; consulte el registro del servicio.',
      en: 'Internal error; see the service log.',
    },
    status: 500,
  },
});
