import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of the IMAP diagnostics client. The server's words travel in `serverReply`, scrubbed of secrets. */
export const imapProbeErrors = defineErrors({
  greetingRejected: {
    code: 'greeting_rejected',
    message: {
      es: 'El servidor IMAP rechazó la conexión al saludar: {reply}',
      en: 'The IMAP server refused the connection in its greeting: {reply}',
    },
    hint: {
      es: 'El servidor puede estar limitando conexiones desde esta dirección o estar en mantenimiento; inténtelo más tarde.',
      en: 'The server may be limiting connections from this address or be under maintenance; try again later.',
    },
    status: 502,
  },
  notImap: {
    code: 'protocol_mismatch',
    message: {
      es: 'El servidor en el puerto {port} no responde como un servidor IMAP: «{reply}»',
      en: 'The server on port {port} does not answer like an IMAP server: "{reply}"',
    },
    hint: {
      es: 'Compruebe el puerto y el protocolo elegido (IMAP 143/993, POP3 110/995, SMTP 587/465).',
      en: 'Check the port and the chosen protocol (IMAP 143/993, POP3 110/995, SMTP 587/465).',
    },
    status: 502,
  },
  startTlsNotOffered: {
    code: 'starttls_not_offered',
    message: {
      es: 'El servidor no ofrece STARTTLS en el puerto {port}.',
      en: 'The server does not offer STARTTLS on port {port}.',
    },
    hint: {
      es: 'Use TLS implícito (puerto {tlsPort}) o, solo en una red de confianza, ninguna seguridad.',
      en: 'Use implicit TLS (port {tlsPort}) or, only on a trusted network, no security.',
    },
    status: 502,
  },
  startTlsRefused: {
    code: 'starttls_refused',
    message: {
      es: 'El servidor rechazó STARTTLS: {reply}',
      en: 'The server refused STARTTLS: {reply}',
    },
    hint: {
      es: 'Use TLS implícito (puerto {tlsPort}) o revise la configuración TLS del servidor.',
      en: 'Use implicit TLS (port {tlsPort}) or check the server’s TLS settings.',
    },
    status: 502,
  },
  authFailed: {
    code: 'auth_failed',
    message: {
      es: 'El servidor rechazó el inicio de sesión de «{user}» ({mechanism}).',
      en: 'The server rejected the login of "{user}" ({mechanism}).',
    },
    hint: {
      es: 'Compruebe el usuario y la contraseña (o vuelva a autorizar la cuenta si usa OAuth).',
      en: 'Check the username and password (or authorize the account again if it uses OAuth).',
    },
    status: 502,
  },
  loginDisabled: {
    code: 'login_disabled',
    message: {
      es: 'El servidor no permite iniciar sesión sin cifrar (LOGINDISABLED).',
      en: 'The server does not allow logging in unencrypted (LOGINDISABLED).',
    },
    hint: {
      es: 'Elija la seguridad STARTTLS o TLS implícito (puerto {tlsPort}).',
      en: 'Choose STARTTLS or implicit TLS security (port {tlsPort}).',
    },
    status: 502,
  },
  mailboxUnavailable: {
    code: 'mailbox_unavailable',
    message: {
      es: 'No se puede abrir la carpeta «{folder}»: {reply}',
      en: 'The folder "{folder}" cannot be opened: {reply}',
    },
    hint: {
      es: 'Compruebe el nombre de la carpeta (INBOX por defecto) y que el usuario tiene acceso a ella.',
      en: 'Check the folder name (INBOX by default) and that the user has access to it.',
    },
    status: 502,
  },
  literalTooLarge: {
    code: 'literal_too_large',
    message: {
      es: 'El servidor IMAP anunció un literal de {size} bytes en respuesta a {command}, más de los {maxBytes} que admite la prueba (paso «{step}»).',
      en: 'The IMAP server announced a literal of {size} bytes in its reply to {command}, more than the {maxBytes} the test accepts (step "{step}").',
    },
    hint: {
      es: 'Ningún servidor IMAP responde así a esta orden: compruebe el puerto y el protocolo elegidos; si son correctos, el servidor no funciona bien.',
      en: 'No IMAP server answers this command like that: check the chosen port and protocol; if they are right, the server is misbehaving.',
    },
    status: 502,
  },
  tooManyLines: {
    code: 'reply_too_many_lines',
    message: {
      es: 'El servidor IMAP envió más de {maxLines} líneas sin terminar su respuesta a {command} (paso «{step}»).',
      en: 'The IMAP server sent more than {maxLines} lines without ending its reply to {command} (step "{step}").',
    },
    hint: {
      es: 'Ningún servidor IMAP responde así a esta orden: compruebe el puerto y el protocolo elegidos; si son correctos, el servidor no funciona bien.',
      en: 'No IMAP server answers this command like that: check the chosen port and protocol; if they are right, the server is misbehaving.',
    },
    status: 502,
  },
  tooManyCapabilities: {
    code: 'too_many_capabilities',
    message: {
      es: 'El servidor IMAP anunció una lista de capacidades demasiado grande: más de {max} o de {maxBytes} bytes (paso «{step}»).',
      en: 'The IMAP server announced too large a list of capabilities: more than {max} or over {maxBytes} bytes (step "{step}").',
    },
    hint: {
      es: 'Ningún servidor IMAP real anuncia tantas: compruebe el puerto y el protocolo elegidos; si son correctos, el servidor no funciona bien.',
      en: 'No real IMAP server announces that many: check the chosen port and protocol; if they are right, the server is misbehaving.',
    },
    status: 502,
  },
  authExchangeEndless: {
    code: 'auth_exchange_endless',
    message: {
      es: 'El servidor IMAP no terminó el intercambio de {command} tras {rounds} preguntas (paso «{step}»).',
      en: 'The IMAP server did not end the {command} exchange after {rounds} challenges (step "{step}").',
    },
    hint: {
      es: 'El servidor no sigue el protocolo SASL: pruebe otro método de autenticación o revise el servidor.',
      en: 'The server does not follow the SASL protocol: try another authentication method or check the server.',
    },
    status: 502,
  },
  commandFailed: {
    code: 'command_failed',
    message: {
      es: 'El servidor respondió con error a {command}: {reply}',
      en: 'The server answered {command} with an error: {reply}',
    },
    status: 502,
  },
});
