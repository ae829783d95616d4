import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of the SMTP diagnostics client. The server's words travel in `serverReply`, scrubbed of secrets. */
export const smtpProbeErrors = defineErrors({
  greetingRejected: {
    code: 'greeting_rejected',
    message: {
      es: 'El servidor SMTP rechazó la conexión al saludar: {reply}',
      en: 'The SMTP server refused the connection in its greeting: {reply}',
    },
    hint: {
      es: 'El servidor puede estar bloqueando esta dirección IP o estar saturado; revise si la IP figura en listas de bloqueo o inténtelo más tarde.',
      en: 'The server may be blocking this IP address or be overloaded; check whether the IP is on a block list or try again later.',
    },
    status: 502,
  },
  notSmtp: {
    code: 'protocol_mismatch',
    message: {
      es: 'El servidor en el puerto {port} no responde como un servidor SMTP: «{reply}»',
      en: 'The server on port {port} does not answer like an SMTP server: "{reply}"',
    },
    hint: {
      es: 'Compruebe el puerto y el protocolo elegido (SMTP 587/465, IMAP 143/993, POP3 110/995).',
      en: 'Check the port and the chosen protocol (SMTP 587/465, IMAP 143/993, POP3 110/995).',
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
      es: 'Use TLS implícito (puerto 465) o, solo en una red de confianza, ninguna seguridad.',
      en: 'Use implicit TLS (port 465) or, only on a trusted network, no security.',
    },
    status: 502,
  },
  startTlsRefused: {
    code: 'starttls_refused',
    message: { es: 'El servidor rechazó STARTTLS: {reply}', en: 'The server refused STARTTLS: {reply}' },
    hint: {
      es: 'Use TLS implícito (puerto 465) o revise la configuración TLS del servidor.',
      en: 'Use implicit TLS (port 465) or check the server’s TLS settings.',
    },
    status: 502,
  },
  authFailed: {
    code: 'auth_failed',
    message: {
      es: 'El servidor rechazó el inicio de sesión de «{user}» ({mechanism}): {reply}',
      en: 'The server rejected the login of "{user}" ({mechanism}): {reply}',
    },
    hint: {
      es: 'Compruebe el usuario y la contraseña (o vuelva a autorizar la cuenta si usa OAuth).',
      en: 'Check the username and password (or authorize the account again if it uses OAuth).',
    },
    status: 502,
  },
  sendRejected: {
    code: 'send_rejected',
    message: {
      es: 'El servidor rechazó el mensaje de prueba en {command}: {reply}',
      en: 'The server rejected the test message at {command}: {reply}',
    },
    hint: {
      es: 'Compruebe que el remitente es una dirección que la cuenta puede usar y que el destinatario existe.',
      en: 'Check that the sender is an address the account may use and that the recipient exists.',
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
