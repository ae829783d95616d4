import { defineErrors } from '../errors/drobot-error.js';

/** Errors of the inbound pipeline. */
export const inboundErrors = defineErrors({
  quarantineNotFound: {
    code: 'quarantine_not_found',
    message: { es: 'No existe la entrada de cuarentena «{id}».', en: 'There is no quarantine entry "{id}".' },
    hint: {
      es: 'Consulte la lista con «drobot quarantine list».',
      en: 'See the list with "drobot quarantine list".',
    },
    status: 404,
  },
  quarantineRawMissing: {
    code: 'quarantine_raw_missing',
    message: {
      es: 'La entrada de cuarentena «{id}» no conserva el mensaje original; no se puede reintentar.',
      en: 'Quarantine entry "{id}" has no raw message kept; it cannot be retried.',
    },
    hint: {
      es: 'El mensaje sigue en el servidor de correo: revíselo allí.',
      en: 'The mail is still on the mail server: look at it there.',
    },
    status: 409,
  },
  quarantineOversize: {
    code: 'quarantine_oversize',
    message: {
      es: 'La entrada de cuarentena «{id}» es un correo de {size} bytes, por encima del límite de la cuenta ({limit} bytes).',
      en: 'Quarantine entry "{id}" is a mail of {size} bytes, over the account\'s limit ({limit} bytes).',
    },
    hint: {
      es: 'Para aceptarlo igualmente: drobot quarantine retry {id} --allow-oversize; o aumente el límite de la cuenta (--max-size BYTES).',
      en: "To accept it anyway: drobot quarantine retry {id} --allow-oversize; or raise the account's limit (--max-size BYTES).",
    },
    status: 409,
  },
  notInbound: {
    code: 'account_not_inbound',
    message: {
      es: 'La cuenta «{name}» no es de entrada (POP3 o IMAP).',
      en: 'Account "{name}" is not an inbound (POP3 or IMAP) account.',
    },
    hint: {
      es: 'Solo las cuentas de entrada reciben correo.',
      en: 'Only inbound accounts receive mail.',
    },
    status: 400,
  },
  notUsable: {
    code: 'account_not_usable',
    message: {
      es: 'La cuenta «{name}» no está lista para recibir correo (estado: {state}).',
      en: 'Account "{name}" is not ready to receive mail (state: {state}).',
    },
    hint: {
      es: 'Introduzca de nuevo la contraseña o autorice la cuenta, y actívela.',
      en: 'Enter the password again or authorize the account, and enable it.',
    },
    status: 409,
  },
  accountDisabled: {
    code: 'account_disabled',
    message: {
      es: 'La cuenta «{name}» está deshabilitada: no recibe correo.',
      en: 'Account "{name}" is disabled: it receives no mail.',
    },
    hint: {
      es: 'Habilítela: drobot accounts enable {name} (o POST /api/accounts/{name}/enable).',
      en: 'Enable it: drobot accounts enable {name} (or POST /api/accounts/{name}/enable).',
    },
    status: 409,
  },
  busy: {
    code: 'fetch_busy',
    message: {
      es: 'Otro proceso ({holder}) está recogiendo el correo de la cuenta «{name}» ahora mismo.',
      en: 'Another process ({holder}) is fetching mail for account "{name}" right now.',
    },
    hint: {
      es: 'Espere a que termine e inténtelo de nuevo. Si ese proceso ya no existe, su turno caduca a las {until} (UTC).',
      en: 'Wait for it to finish and try again. If that process is gone, its turn expires at {until} (UTC).',
    },
    status: 409,
  },
  protocolUnsupported: {
    code: 'fetch_protocol_unsupported',
    message: {
      es: 'La recogida de correo por «{connection}» aún no está disponible.',
      en: 'Fetching mail over "{connection}" is not available yet.',
    },
    hint: {
      es: 'Configure la cuenta con conexión «protocol» (POP3 o IMAP) para recoger su correo.',
      en: 'Set the account connection to "protocol" (POP3 or IMAP) to fetch its mail.',
    },
    status: 501,
  },
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
