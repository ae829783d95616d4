import { defineErrors } from '../errors/drobot-error.js';

/** Errors of choosing and preparing the account a notification goes out through. */
export const outboundAccountErrors = defineErrors({
  notSmtp: {
    code: 'outbound_account_not_smtp',
    message: {
      es: 'La cuenta «{name}» no es una cuenta de salida SMTP.',
      en: 'The account "{name}" is not an outbound SMTP account.',
    },
    hint: {
      es: 'Elija una cuenta de salida SMTP para las notificaciones.',
      en: 'Choose an outbound SMTP account for notifications.',
    },
    status: 409,
  },
  notReady: {
    code: 'outbound_account_not_ready',
    message: {
      es: 'La cuenta de salida «{name}» no está lista ({state}); las notificaciones esperan.',
      en: 'The outbound account "{name}" is not ready ({state}); notifications are waiting.',
    },
    hint: {
      es: 'Habilite la cuenta o complete su contraseña o autorización.',
      en: 'Enable the account or complete its password or authorization.',
    },
    status: 409,
  },
  disabled: {
    code: 'outbound_account_disabled',
    message: {
      es: 'La cuenta de salida «{name}» está desactivada; las notificaciones esperan.',
      en: 'The outbound account "{name}" is disabled; notifications are waiting.',
    },
    hint: {
      es: 'Habilítela: drobot accounts enable {name} (o POST /api/accounts/{name}/enable).',
      en: 'Enable it: drobot accounts enable {name} (or POST /api/accounts/{name}/enable).',
    },
    status: 409,
  },
  noOAuth: {
    code: 'outbound_account_no_oauth',
    message: {
      es: 'La cuenta «{name}» usa OAuth 2.0, pero no hay servicio de tokens disponible.',
      en: 'The account "{name}" uses OAuth 2.0, but no token service is available.',
    },
    status: 500,
  },
  unknownRoute: {
    code: 'outbound_route_unknown',
    message: {
      es: 'La cuenta de salida «{name}» configurada para «{type}» no existe o no es de salida.',
      en: 'The outbound account "{name}" configured for "{type}" does not exist or is not outbound.',
    },
    status: 500,
  },
});
