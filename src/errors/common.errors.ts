import { defineErrors, DrobotError, type ErrorDef } from './drobot-error.js';
import type { Text } from '../i18n/lang.js';

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

/** What a request may name that does not exist, in every language (Spanish with its article). */
const MISSING_THINGS = {
  account: { es: 'la cuenta', en: 'account' },
  attachment: { es: 'el adjunto', en: 'attachment' },
  file: { es: 'el archivo', en: 'file' },
  htmlMessage: { es: 'el mensaje HTML', en: 'HTML message' },
  notification: { es: 'la notificación', en: 'notification' },
  oauthResult: { es: 'el resultado de OAuth', en: 'OAuth result' },
  route: { es: 'la ruta', en: 'route' },
  suppression: { es: 'la supresión', en: 'suppression' },
} as const satisfies Record<string, Text>;

export type MissingThing = keyof typeof MISSING_THINGS;

/** One `not_found` entry per thing, so each message is whole in its language. */
const notFoundDefs = Object.fromEntries(
  Object.entries(MISSING_THINGS).map(([thing, name]): [string, ErrorDef] => [
    thing,
    {
      code: 'not_found',
      message: { es: `No existe ${name.es} «{id}».`, en: `There is no ${name.en} "{id}".` },
      status: 404,
    },
  ]),
) as Record<MissingThing, ErrorDef>;

/** 404: the thing a request named (a route, a file, an attachment…) does not exist. */
export function notFoundError(thing: MissingThing, id: string | number): DrobotError {
  return new DrobotError(notFoundDefs[thing], { params: { id } });
}
