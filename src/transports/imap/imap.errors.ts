import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of reading an IMAP mailbox (the inbound source); codes kept from when fetching owned them. */
export const imapErrors = defineErrors({
  imapPinWithProxy: {
    code: 'imap_pin_with_proxy',
    message: {
      es: 'La recogida IMAP aún no admite a la vez una huella de certificado fijada y un proxy.',
      en: 'IMAP fetching does not yet support a pinned certificate fingerprint together with a proxy.',
    },
    hint: {
      es: 'Configure el certificado de la CA (PEM) en lugar de la huella, o conecte sin proxy.',
      en: 'Configure the CA certificate (PEM) instead of the fingerprint, or connect without the proxy.',
    },
    status: 400,
  },
  mailbox: {
    code: 'fetch_mailbox_failed',
    message: {
      es: 'El servidor rechazó la operación sobre el buzón: {detail}',
      en: 'The server refused the mailbox operation: {detail}',
    },
    hint: {
      es: 'Compruebe la carpeta configurada y los permisos del usuario en el servidor.',
      en: "Check the configured folder and the user's permissions on the server.",
    },
    status: 502,
  },
  noGreeting: {
    code: 'fetch_no_greeting',
    message: {
      es: 'Se conectó con {host}:{port}, pero el servidor no envió su saludo en {timeoutMs} ms.',
      en: 'Connected to {host}:{port}, but the server sent no greeting within {timeoutMs} ms.',
    },
    hint: {
      es: 'El puerto puede ser de otro servicio, o un puerto TLS usado sin TLS: revise el puerto y la seguridad (--security).',
      en: 'The port may belong to another service, or a TLS port is used without TLS: check the port and the security setting (--security).',
    },
    status: 504,
  },
  serverTooSlow: {
    code: 'fetch_server_too_slow',
    message: {
      es: 'El servidor no terminó de responder en {seconds} s (paso: {step}); se cortó la conexión.',
      en: 'The server did not finish answering within {seconds} s (step: {step}); the connection was dropped.',
    },
    hint: {
      es: 'Si el servidor es lento de verdad, aumente el tiempo de espera de la cuenta (--timeout-ms).',
      en: "If the server really is that slow, raise the account's timeout (--timeout-ms).",
    },
    status: 504,
  },
  protocol: {
    code: 'fetch_protocol_error',
    message: {
      es: 'El servidor respondió algo que IMAP no permite (paso: {step}): {detail}',
      en: 'The server answered something IMAP does not allow (step: {step}): {detail}',
    },
    hint: {
      es: 'Se cortó la conexión y la descarga se repetirá; si persiste, revise el servidor o el proxy entre ambos.',
      en: 'The connection was dropped and the download will be tried again; if it persists, check the server or the proxy between.',
    },
    status: 502,
  },
  responseTooLarge: {
    code: 'fetch_response_too_large',
    message: {
      es: 'El servidor envió una respuesta más grande de lo admitido (paso: {step}): {detail}',
      en: 'The server sent a larger answer than accepted (step: {step}): {detail}',
    },
    hint: {
      es: 'Un servidor correcto no responde así; revise el servidor o el proxy entre ambos.',
      en: 'A well-behaved server does not answer like this; check the server or the proxy between.',
    },
    status: 502,
  },
});
