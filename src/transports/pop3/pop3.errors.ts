import {
  DrobotError,
  defineErrors,
  type DrobotErrorOptions,
  type ErrorDef,
} from '../../errors/drobot-error.js';

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
      es: 'El servidor POP3 no respondió en {timeoutMs} ms (paso «{step}»).',
      en: 'The POP3 server did not answer within {timeoutMs} ms (step "{step}").',
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
      es: 'El servidor POP3 cerró la conexión inesperadamente (paso «{step}»).',
      en: 'The POP3 server closed the connection unexpectedly (step "{step}").',
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
      es: 'Respuesta POP3 no válida (paso «{step}»): {detail}.',
      en: 'Invalid POP3 reply (step "{step}"): {detail}.',
    },
    status: 502,
  },
  tooSlow: {
    code: 'pop3_too_slow',
    message: {
      es: 'El servidor POP3 envía su respuesta demasiado despacio (paso «{step}»): menos de {minBytesPerSecond} bytes por segundo después de {timeoutMs} ms.',
      en: 'The POP3 server sends its reply too slowly (step "{step}"): less than {minBytesPerSecond} bytes per second after {timeoutMs} ms.',
    },
    hint: {
      es: 'El servidor o la red no mantienen el ritmo mínimo: compruebe la red y el servidor; si el enlace es de verdad tan lento, aumente el tiempo de espera de la cuenta ({timeoutMs} ms).',
      en: "The server or the network does not keep up the minimum rate: check the network and the server; if the link really is that slow, raise the account's timeout ({timeoutMs} ms).",
    },
    status: 504,
  },
  lineTooLong: {
    code: 'pop3_line_too_long',
    message: {
      es: 'El servidor POP3 envió una línea de más de {maxBytes} bytes (paso «{step}»).',
      en: 'The POP3 server sent a line longer than {maxBytes} bytes (step "{step}").',
    },
    hint: {
      es: 'Un servidor POP3 no envía líneas tan largas (RFC 2449: 512 bytes): compruebe que el puerto es de POP3; si lo es, el servidor no funciona bien.',
      en: 'A POP3 server does not send lines that long (RFC 2449: 512 bytes): check that the port is a POP3 port; if it is, the server is misbehaving.',
    },
    status: 502,
  },
  tooManyLines: {
    code: 'pop3_reply_too_large',
    message: {
      es: 'La respuesta del servidor POP3 a {command} tiene más de {maxLines} líneas (paso «{step}»).',
      en: 'The POP3 server\'s reply to {command} has more than {maxLines} lines (step "{step}").',
    },
    hint: {
      es: 'Ningún servidor POP3 real envía una respuesta así: compruebe que el puerto es de POP3 y que el servidor funciona bien.',
      en: 'No real POP3 server sends such a reply: check that the port is a POP3 port and that the server works properly.',
    },
    status: 502,
  },
  mailboxTooLarge: {
    code: 'pop3_mailbox_too_large',
    message: {
      es: 'El buzón POP3 lista más de {maxEntries} mensajes ({command}, paso «{step}»).',
      en: 'The POP3 mailbox lists more than {maxEntries} messages ({command}, step "{step}").',
    },
    hint: {
      es: 'DRobot no lee buzones POP3 tan grandes: vacíe el buzón (o desactive «dejar copia en el servidor») o use IMAP. Si el buzón no es tan grande, el servidor no funciona bien.',
      en: 'DRobot does not read POP3 mailboxes that large: empty the mailbox (or turn "leave a copy on the server" off) or use IMAP. If the mailbox is not that large, the server is misbehaving.',
    },
    status: 502,
  },
  oversize: {
    code: 'pop3_oversize',
    message: {
      es: 'El mensaje {message} supera el tamaño máximo de {maxBytes} bytes: se recibieron {receivedBytes} bytes y se cortó la conexión (paso «{step}»).',
      en: 'Message {message} exceeds the largest size of {maxBytes} bytes: {receivedBytes} bytes were received and the connection was dropped (step "{step}").',
    },
    hint: {
      es: 'POP3 no permite interrumpir una descarga, así que DRobot cierra la conexión y sigue con otra. Si el mensaje debe aceptarse, aumente el tamaño máximo de mensaje de la cuenta.',
      en: "POP3 cannot interrupt a download, so DRobot drops the connection and goes on with another one. If the message must be accepted, raise the account's largest message size.",
    },
    status: 413,
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

/** An error of one POP3 step; the step is also a parameter, so that every message names it. */
export function pop3Error(
  def: ErrorDef,
  step: string,
  options: Omit<DrobotErrorOptions, 'step'> = {},
): DrobotError {
  return new DrobotError(def, { ...options, step, params: { step, ...options.params } });
}

/**
 * A message larger than the caller's byte cap, counted on the bytes actually received (a server's
 * LIST size may lie). POP3 cannot cancel a RETR, so the connection was dropped when this was raised.
 */
export class Pop3OversizeError extends DrobotError {
  /** Message bytes received before the connection was dropped (more than `maxBytes`). */
  readonly receivedBytes: number;
  readonly maxBytes: number;

  constructor(info: { message: number; maxBytes: number; receivedBytes: number; step: string }) {
    super(pop3Errors.oversize, {
      step: info.step,
      params: {
        step: info.step,
        message: info.message,
        maxBytes: info.maxBytes,
        receivedBytes: info.receivedBytes,
      },
    });
    this.name = 'Pop3OversizeError';
    this.receivedBytes = info.receivedBytes;
    this.maxBytes = info.maxBytes;
  }
}

export function isPop3OversizeError(error: unknown): error is Pop3OversizeError {
  return error instanceof Pop3OversizeError;
}
