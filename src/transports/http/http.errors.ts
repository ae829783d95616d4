import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of the REST API client (Microsoft Graph, Gmail API). */
export const httpErrors = defineErrors({
  status: {
    code: 'api_status',
    message: {
      es: 'La API respondió {status} ({code}) a {method} {path}.',
      en: 'The API answered {status} ({code}) to {method} {path}.',
    },
    hint: {
      es: 'Vea la respuesta del servidor: suele decir qué permiso o qué ajuste falta.',
      en: "See the server's reply: it usually says which permission or setting is missing.",
    },
    status: 502,
  },
  unauthorized: {
    code: 'api_unauthorized',
    message: {
      es: 'La API rechazó el token de acceso ({code}) a {method} {path}, también después de renovarlo.',
      en: 'The API refused the access token ({code}) to {method} {path}, also after renewing it.',
    },
    hint: {
      es: 'El consentimiento se revocó o el token es para otro recurso: autorice la cuenta de nuevo (drobot oauth authorize).',
      en: 'Consent was revoked or the token is for another resource: authorize the account again (drobot oauth authorize).',
    },
    status: 401,
  },
  timeout: {
    code: 'api_timeout',
    message: {
      es: 'La API en {host} no respondió en {seconds} s.',
      en: 'The API at {host} did not answer within {seconds} s.',
    },
    hint: {
      es: 'Compruebe la red o el proxy, o aumente el tiempo de espera de la cuenta (--timeout-ms).',
      en: "Check the network or the proxy, or raise the account's timeout (--timeout-ms).",
    },
    status: 504,
  },
  itemGone: {
    code: 'api_item_gone',
    message: {
      es: 'El correo {id} ya no está en el buzón (se borró o se movió antes de descargarlo).',
      en: 'The mail {id} is no longer in the mailbox (deleted or moved before it was downloaded).',
    },
    hint: {
      es: 'No hay nada que recoger: se omite.',
      en: 'There is nothing to fetch: it is skipped.',
    },
    status: 404,
  },
  unreachable: {
    code: 'api_unreachable',
    message: {
      es: 'No se pudo hablar con la API en {host}: {reason}',
      en: 'Could not talk to the API at {host}: {reason}',
    },
    hint: {
      es: 'Compruebe la URL de la API (--api-url), la red, el proxy y el certificado del servidor.',
      en: "Check the API URL (--api-url), the network, the proxy and the server's certificate.",
    },
    status: 502,
  },
  tooLarge: {
    code: 'api_answer_too_large',
    message: {
      es: 'La API envió una respuesta de más de {max} bytes; se descartó.',
      en: 'The API sent an answer of more than {max} bytes; it was dropped.',
    },
    hint: {
      es: 'Compruebe la URL de la API de la cuenta (--api-url): ningún servicio de correo responde tanto a una consulta.',
      en: "Check the account's API URL (--api-url): no mail service answers a query with that much.",
    },
    status: 502,
  },
  badJson: {
    code: 'api_bad_json',
    message: {
      es: 'La API respondió algo que no es JSON a {path}.',
      en: 'The API answered {path} with something that is not JSON.',
    },
    hint: {
      es: 'Compruebe la URL de la API de la cuenta (--api-url).',
      en: "Check the account's API URL (--api-url).",
    },
    status: 502,
  },
  foreignOrigin: {
    code: 'api_foreign_origin',
    message: {
      es: 'La API indicó seguir en otro sitio ({origin}); DRobot no envía credenciales fuera de la URL configurada.',
      en: 'The API pointed to another site ({origin}); DRobot sends no credentials outside the configured URL.',
    },
    hint: {
      es: 'Si el proveedor cambió de dirección, actualice la URL de la API de la cuenta (--api-url).',
      en: "If the provider moved, update the account's API URL (--api-url).",
    },
    status: 502,
  },
});
