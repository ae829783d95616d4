import { commonErrors } from '../errors/common.errors.js';
import { DrobotError, isDrobotError } from '../errors/drobot-error.js';
import type { Text } from '../i18n/lang.js';
import { serverErrors } from './server.errors.js';

/** What DRobot knows of the request an error came from, to fill the message of the refusal. */
export interface ErrorContext {
  /** The body limit of the route (or the default). */
  readonly bodyLimit: number;
  /** The request's `Content-Type`, as sent. */
  readonly contentType: string | undefined;
}

/** What a refusal's status means, in DRobot's words, for a framework error DRobot has no entry for. */
const STATUS_MEANINGS: Readonly<Record<number, Text>> = {
  400: { es: 'la solicitud está mal formada', en: 'the request is malformed' },
  404: { es: 'lo que pide no existe', en: 'what it asks for does not exist' },
  405: { es: 'la ruta no admite ese método', en: 'the route does not take that method' },
  406: {
    es: 'no se puede responder en el formato que pide',
    en: 'it cannot be answered in the format it asks for',
  },
  408: { es: 'no llegó completa a tiempo', en: 'it did not arrive whole in time' },
  409: { es: 'choca con el estado actual', en: 'it conflicts with the current state' },
  411: {
    es: 'le falta la longitud del cuerpo (Content-Length)',
    en: 'it lacks the body length (Content-Length)',
  },
  413: { es: 'el cuerpo es demasiado grande', en: 'its body is too large' },
  414: { es: 'la dirección es demasiado larga', en: 'its address is too long' },
  415: { es: 'el tipo de su cuerpo no se admite', en: 'the type of its body is not accepted' },
  416: { es: 'el tramo que pide no existe', en: 'the range it asks for does not exist' },
  422: { es: 'su contenido no se puede procesar', en: 'its content cannot be processed' },
  429: { es: 'llegan demasiadas solicitudes seguidas', en: 'too many requests arrive in a row' },
  431: { es: 'sus cabeceras son demasiado grandes', en: 'its headers are too large' },
};
const ANY_REFUSAL: Text = { es: 'no se puede atender', en: 'it cannot be served' };

/**
 * Any error thrown while answering, as the one DRobot error the client is shown. The framework's own
 * errors (Fastify's, or a stream's) carry an English message that may name its internals: it never
 * reaches the client. A known one becomes DRobot's entry for it; any other keeps only its status (a
 * client error), with DRobot's words for that status, or becomes an internal error.
 */
export function toDrobotError(error: unknown, context: ErrorContext): DrobotError {
  if (isDrobotError(error)) return error;
  const e = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DrobotError(serverErrors.jsonSyntax, { cause: error });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DrobotError(serverErrors.bodyTooLarge, { params: { limit: context.bodyLimit } });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DrobotError(serverErrors.jsonRequired, {
        params: { contentType: String(context.contentType ?? '-').slice(0, 100) },
      });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 400 && typeof e.message === 'string' && /JSON/i.test(e.message)) {
    return new DrobotError(serverErrors.jsonSyntax, { cause: error });
  }
  if (status >= 400 && status < 500) {
    return new DrobotError(
      { ...serverErrors.requestRefused, status },
      { params: { status, reason: STATUS_MEANINGS[status] ?? ANY_REFUSAL }, cause: error },
    );
  }
  return new DrobotError(commonErrors.internal, { cause: error });
}
