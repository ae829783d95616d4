import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of looking into the inbound mailbox during a round trip. */
export const probeErrors = defineErrors({
  noLogin: {
    code: 'roundtrip_no_login',
    message: {
      es: 'La cuenta de entrada {protocol} no tiene credenciales para comprobar el buzón.',
      en: 'The {protocol} inbound account has no credentials to check the mailbox with.',
    },
    status: 409,
  },
  connectFailed: {
    code: 'roundtrip_inbound_connect_failed',
    message: {
      es: 'No se pudo abrir el buzón {protocol} en {host}:{port}: {detail}',
      en: 'Could not open the {protocol} mailbox at {host}:{port}: {detail}',
    },
    hint: {
      es: 'Ejecute la conexión de prueba de la cuenta de entrada para ver el paso que falla.',
      en: 'Run the connection test of the inbound account to see the failing step.',
    },
    status: 502,
  },
  loginFailed: {
    code: 'roundtrip_inbound_login_failed',
    message: {
      es: 'El servidor {protocol} {host}:{port} no aceptó el inicio de sesión: {detail}',
      en: 'The {protocol} server {host}:{port} did not accept the login: {detail}',
    },
    hint: {
      es: 'Revise el usuario y la contraseña de la cuenta de entrada.',
      en: 'Check the username and password of the inbound account.',
    },
    status: 502,
  },
  protocol: {
    code: 'roundtrip_inbound_protocol',
    message: {
      es: 'El servidor {protocol} respondió de forma inesperada a {command}: {detail}',
      en: 'The {protocol} server answered {command} unexpectedly: {detail}',
    },
    status: 502,
  },
  unsupported: {
    code: 'roundtrip_unsupported',
    message: {
      es: 'La prueba de ida y vuelta necesita una cuenta de salida SMTP y una de entrada POP3 o IMAP; «{name}» no lo es.',
      en: 'The round trip needs an outbound SMTP account and an inbound POP3 or IMAP account; "{name}" is not.',
    },
    status: 409,
  },
});
