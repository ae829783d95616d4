import { defineErrors } from '../../errors/drobot-error.js';

/** Errors of sending over SMTP, each with the server's own reply when there was one. */
export const smtpErrors = defineErrors({
  transient: {
    code: 'smtp_transient',
    message: {
      es: 'El servidor SMTP rechazó el envío temporalmente ({responseCode}) en {command}.',
      en: 'The SMTP server refused the message temporarily ({responseCode}) at {command}.',
    },
    hint: {
      es: 'Se reintentará más tarde; si persiste, revise la respuesta del servidor.',
      en: 'It will be retried later; if it persists, read the server reply.',
    },
    status: 502,
  },
  permanent: {
    code: 'smtp_permanent',
    message: {
      es: 'El servidor SMTP rechazó el envío ({responseCode}) en {command}.',
      en: 'The SMTP server refused the message ({responseCode}) at {command}.',
    },
    hint: {
      es: 'Es un rechazo definitivo: revise el destinatario, el remitente o los permisos de la cuenta.',
      en: 'This is a final refusal: check the recipient, the sender or the account permissions.',
    },
    status: 502,
  },
  encryptionRequired: {
    code: 'smtp_encryption_required',
    message: {
      es: 'El servidor SMTP exige cifrar la conexión antes de iniciar sesión ({responseCode}).',
      en: 'The SMTP server requires an encrypted connection before login ({responseCode}).',
    },
    hint: {
      es: 'No es la contraseña: cambie la seguridad de la cuenta a «starttls» (drobot accounts edit NOMBRE --security starttls) o a «implicit» en el puerto 465.',
      en: 'It is not the password: set the account security to "starttls" (drobot accounts edit NAME --security starttls) or "implicit" on port 465.',
    },
    status: 502,
  },
  authFailed: {
    code: 'smtp_auth_failed',
    message: {
      es: 'El servidor SMTP no aceptó el inicio de sesión ({responseCode}).',
      en: 'The SMTP server did not accept the login ({responseCode}).',
    },
    hint: {
      es: 'Revise el usuario y la contraseña, o vuelva a autorizar la cuenta OAuth.',
      en: 'Check the username and password, or authorize the OAuth account again.',
    },
    status: 502,
  },
  network: {
    code: 'smtp_network',
    message: {
      es: 'No se pudo hablar con el servidor SMTP {host}:{port} ({detail}).',
      en: 'Could not talk to the SMTP server {host}:{port} ({detail}).',
    },
    hint: {
      es: 'Compruebe el nombre del servidor, el puerto, la seguridad y el proxy; se reintentará.',
      en: 'Check the server name, port, security and proxy; it will be retried.',
    },
    status: 502,
  },
  unexpectedReply: {
    code: 'smtp_unexpected_reply',
    message: {
      es: 'El servidor SMTP {host}:{port} respondió {responseCode} a {command}, una respuesta que SMTP no prevé ahí.',
      en: 'The SMTP server {host}:{port} answered {command} with {responseCode}, a reply SMTP does not allow there.',
    },
    hint: {
      es: 'Se reintentará; si se repite, el servidor (o algo intermedio: un proxy, un antivirus que inspecciona el correo) no sigue el protocolo SMTP: lea su respuesta y revíselo, o use otro servidor.',
      en: 'It will be retried; if it happens again, the server (or something in between: a proxy, an antivirus that inspects mail) is not following SMTP: read its reply and check it, or use another server.',
    },
    status: 502,
  },
  rejected: {
    code: 'smtp_message_rejected',
    message: {
      es: 'No se pudo preparar el mensaje: {detail}',
      en: 'The message could not be prepared: {detail}',
    },
    status: 400,
  },
  invalidAddress: {
    code: 'smtp_invalid_address',
    message: {
      es: 'La dirección «{address}» no se puede usar en el sobre SMTP.',
      en: 'The address "{address}" cannot be used in the SMTP envelope.',
    },
    hint: {
      es: 'Una dirección no puede llevar espacios, saltos de línea ni «<>»: corrija el destinatario o el remitente.',
      en: 'An address cannot hold spaces, line breaks or "<>": correct the recipient or the sender.',
    },
    status: 400,
  },
  noRecipient: {
    code: 'smtp_no_recipient',
    message: {
      es: 'El mensaje no tiene ningún destinatario: no hay a quién enviarlo.',
      en: 'The message has no recipient: there is nobody to send it to.',
    },
    hint: {
      es: 'Indique al menos una dirección de destino.',
      en: 'Give at least one recipient address.',
    },
    status: 400,
  },
  utf8Address: {
    code: 'smtp_utf8_unsupported',
    message: {
      es: 'La dirección «{address}» lleva caracteres no ASCII y el servidor SMTP {host}:{port} no ofrece SMTPUTF8.',
      en: 'The address "{address}" has non-ASCII characters and the SMTP server {host}:{port} does not offer SMTPUTF8.',
    },
    hint: {
      es: 'Use la forma ASCII de la dirección o un servidor de salida que admita SMTPUTF8.',
      en: 'Use the ASCII form of the address or an outgoing server that supports SMTPUTF8.',
    },
    status: 400,
  },
  tooLarge: {
    code: 'smtp_message_too_large',
    message: {
      es: 'El mensaje ocupa {bytes} bytes y el servidor SMTP {host}:{port} admite como máximo {limit}.',
      en: 'The message has {bytes} bytes and the SMTP server {host}:{port} takes at most {limit}.',
    },
    hint: {
      es: 'Envíe adjuntos más pequeños o pida que se amplíe el límite del servidor.',
      en: 'Send smaller attachments or ask for the server limit to be raised.',
    },
    status: 413,
  },
});
