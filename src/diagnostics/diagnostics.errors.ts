import { defineErrors } from '../errors/drobot-error.js';

/** Errors the connection test itself raises (the network and protocol ones come from the transports). */
export const diagnosticsErrors = defineErrors({
  noCommonAuth: {
    code: 'no_common_auth_method',
    message: {
      es: 'El servidor no ofrece ningún método de autenticación que la cuenta pueda usar (configurado: {configured}; ofrecidos: {offered}).',
      en: 'The server offers no authentication method the account can use (configured: {configured}; offered: {offered}).',
    },
    hint: {
      es: 'Elija el método «Auto» o uno de los ofrecidos. Muchos servidores solo anuncian sus métodos tras cifrar: use STARTTLS o TLS implícito.',
      en: 'Choose the "Auto" method or one of those offered. Many servers announce their methods only after encryption: use STARTTLS or implicit TLS.',
    },
    status: 502,
  },
  tokenFailed: {
    code: 'token_failed',
    message: {
      es: 'No se pudo obtener un token de acceso: {reason}',
      en: 'Could not get an access token: {reason}',
    },
    hint: {
      es: 'Vuelva a autorizar la cuenta (drobot oauth authorize) y repita la prueba.',
      en: 'Authorize the account again (drobot oauth authorize) and repeat the test.',
    },
    status: 502,
  },
  stepTimeout: {
    code: 'step_timeout',
    message: {
      es: 'El paso «{step}» no terminó en {timeoutMs} ms.',
      en: 'The step "{step}" did not finish within {timeoutMs} ms.',
    },
    hint: {
      es: 'El servidor responde demasiado despacio: aumente el tiempo de espera de la cuenta ({timeoutMs} ms).',
      en: 'The server answers too slowly: raise the account’s timeout ({timeoutMs} ms).',
    },
    status: 504,
  },
  unexpected: {
    code: 'unexpected_error',
    message: {
      es: 'Error inesperado en el paso «{step}»: {reason}',
      en: 'Unexpected error in the step "{step}": {reason}',
    },
    hint: {
      es: 'Repita la prueba; si el error persiste, consulte el registro del servicio.',
      en: 'Repeat the test; if the error persists, see the service log.',
    },
    status: 500,
  },
});
