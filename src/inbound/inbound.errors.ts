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
      es: 'La cuenta «{name}» está desactivada: no recibe correo.',
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
});
