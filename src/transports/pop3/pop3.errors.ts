import { defineErrors, type ErrorDef } from '../../errors/drobot-error.js';

/** Every error the POP3 client raises; `serverReply` carries the server's own words, never a secret. */
export const pop3Errors = defineErrors({
  badGreeting: {
    code: 'pop3_bad_greeting',
    message: {
      es: 'El servidor no saludó como un servidor POP3: «{received}».',
      en: 'The server did not greet like a POP3 server: "{received}".',
    },
    hint: {
      es: 'Compruebe el puerto y la seguridad: quizá el puerto espera TLS implícito (995) o no es POP3.',
      en: 'Check the port and the security: the port may expect implicit TLS (995) or not be POP3 at all.',
    },
    status: 502,
  },
  timeout: {
    code: 'pop3_timeout',
    message: {
      es: 'El servidor POP3 no respondió en {timeoutMs} ms.',
      en: 'The POP3 server did not answer within {timeoutMs} ms.',
    },
    hint: {
      es: 'Aumente el tiempo de espera de la cuenta o compruebe que el puerto es POP3 y la seguridad correcta (TLS implícito en 995).',
      en: "Raise the account's timeout, or check that the port is POP3 and the security right (implicit TLS on 995).",
    },
    status: 504,
  },
  connectionClosed: {
    code: 'pop3_connection_closed',
    message: {
      es: 'El servidor POP3 cerró la conexión inesperadamente.',
      en: 'The POP3 server closed the connection unexpectedly.',
    },
    hint: {
      es: 'Vuelva a intentarlo; si se repite, revise la seguridad (TLS) y los registros del servidor.',
      en: "Try again; if it happens again, check the security (TLS) and the server's logs.",
    },
    status: 502,
  },
  protocol: {
    code: 'pop3_protocol_error',
    message: {
      es: 'Respuesta POP3 no válida: {detail}.',
      en: 'Invalid POP3 reply: {detail}.',
    },
    status: 502,
  },
  busy: {
    code: 'pop3_busy',
    message: {
      es: 'El mensaje anterior aún se está leyendo; léalo entero o cierre su flujo antes de enviar «{command}».',
      en: 'The previous message is still being read; read it to the end or destroy its stream before sending "{command}".',
    },
    status: 500,
  },
  stlsUnavailable: {
    code: 'pop3_stls_unavailable',
    message: {
      es: 'El servidor POP3 no ofrece STLS (TLS explícito).',
      en: 'The POP3 server does not offer STLS (explicit TLS).',
    },
    hint: {
      es: 'Use TLS implícito (puerto 995) o, solo en una red de confianza, ninguna seguridad.',
      en: 'Use implicit TLS (port 995) or, only on a trusted network, no security.',
    },
    status: 502,
  },
  tlsFailed: {
    code: 'pop3_tls_failed',
    message: {
      es: 'No se pudo establecer TLS con el servidor POP3: {detail}.',
      en: 'TLS with the POP3 server could not be set up: {detail}.',
    },
    status: 502,
  },
  authFailed: {
    code: 'pop3_auth_failed',
    message: {
      es: 'El servidor POP3 rechazó el usuario o la contraseña.',
      en: 'The POP3 server rejected the user name or the password.',
    },
    hint: {
      es: 'Compruebe el usuario (a menudo la dirección completa) y vuelva a introducir la contraseña.',
      en: 'Check the user name (often the full address) and enter the password again.',
    },
    status: 502,
  },
  appPasswordRequired: {
    code: 'pop3_app_password_required',
    message: {
      es: 'El servidor exige una contraseña de aplicación para POP3.',
      en: 'The server requires an application-specific password for POP3.',
    },
    hint: {
      es: 'Cree una contraseña de aplicación en la cuenta de Google o use OAuth 2.0.',
      en: 'Create an app password in the Google account, or use OAuth 2.0.',
    },
    status: 502,
  },
  basicAuthDisabled: {
    code: 'pop3_basic_auth_disabled',
    message: {
      es: 'El servidor tiene desactivada la autenticación con contraseña.',
      en: 'The server has password (basic) authentication disabled.',
    },
    hint: {
      es: 'Configure la cuenta con OAuth 2.0 (Office 365) o pida al administrador del inquilino que habilite POP3.',
      en: 'Set the account up with OAuth 2.0 (Office 365), or ask the tenant administrator to enable POP3.',
    },
    status: 502,
  },
  oauthRejected: {
    code: 'pop3_oauth_rejected',
    message: {
      es: 'El servidor POP3 rechazó el token de acceso OAuth.',
      en: 'The POP3 server rejected the OAuth access token.',
    },
    hint: {
      es: 'Vuelva a autorizar la cuenta; compruebe que el token incluye el permiso de POP3.',
      en: 'Authorize the account again; check that the token carries the POP3 scope.',
    },
    status: 502,
  },
  mailboxInUse: {
    code: 'pop3_mailbox_in_use',
    message: {
      es: 'El buzón está bloqueado por otra sesión POP3.',
      en: 'The mailbox is locked by another POP3 session.',
    },
    hint: {
      es: 'Espere a que termine la otra sesión (otro programa que lee este buzón) y vuelva a intentarlo.',
      en: 'Wait until the other session ends (another program reading this mailbox) and try again.',
    },
    status: 503,
  },
  temporaryFailure: {
    code: 'pop3_temporary_failure',
    message: {
      es: 'El servidor POP3 tiene un problema temporal.',
      en: 'The POP3 server has a temporary problem.',
    },
    hint: { es: 'Vuelva a intentarlo más tarde.', en: 'Try again later.' },
    status: 503,
  },
  noCommonMechanism: {
    code: 'pop3_no_common_mechanism',
    message: {
      es: 'El servidor POP3 no ofrece ningún método de autenticación utilizable (ofrece: {offered}).',
      en: 'The POP3 server offers no usable authentication method (it offers: {offered}).',
    },
    hint: {
      es: 'Elija el método «auto» o uno de los que ofrece el servidor; para OAuth el servidor debe ofrecer XOAUTH2 u OAUTHBEARER.',
      en: 'Choose the method "auto" or one the server offers; for OAuth the server must offer XOAUTH2 or OAUTHBEARER.',
    },
    status: 502,
  },
  commandFailed: {
    code: 'pop3_command_failed',
    message: {
      es: 'El servidor POP3 rechazó {command}.',
      en: 'The POP3 server refused {command}.',
    },
    status: 502,
  },
});

/** Which catalogue entry a refused login means, from the server's reply (RFC 3206 codes and known texts). */
export function authFailureOf(reply: string): { def: ErrorDef; retryable: boolean } {
  if (/\[IN-USE\]/i.test(reply)) return { def: pop3Errors.mailboxInUse, retryable: true };
  if (/\[SYS\/TEMP\]|\[UNAVAILABLE\]/i.test(reply))
    return { def: pop3Errors.temporaryFailure, retryable: true };
  if (/application-specific password/i.test(reply))
    return { def: pop3Errors.appPasswordRequired, retryable: false };
  if (/basic auth\w* (is )?(disabled|blocked)|BasicAuthBlocked/i.test(reply)) {
    return { def: pop3Errors.basicAuthDisabled, retryable: false };
  }
  return { def: pop3Errors.authFailed, retryable: false };
}
