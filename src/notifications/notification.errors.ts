import { defineErrors } from '../errors/drobot-error.js';
import type { Text } from '../i18n/lang.js';

/** Errors of the outbound side: templates, the outbox and its rules. */
export const notificationErrors = defineErrors({
  templatesInvalid: {
    code: 'templates_invalid',
    message: {
      es: 'Las plantillas de {dir} no son válidas: {summary}',
      en: 'The templates in {dir} are not valid: {summary}',
    },
    hint: {
      es: 'Corrija los archivos indicados; cada plantilla solo puede usar las variables de su tipo.',
      en: 'Fix the files named; each template may only use the variables of its type.',
    },
    status: 500,
  },
  noOutboundAccount: {
    code: 'no_outbound_account',
    message: {
      es: 'No hay ninguna cuenta de salida activada para las notificaciones «{typeLabel}» ({type}).',
      en: 'No enabled outbound account for "{typeLabel}" ({type}) notifications.',
    },
    hint: {
      es: 'Añada o active una cuenta SMTP de salida, o elija una con DROBOT_NOTIFY_ACCOUNT=NOMBRE (DROBOT_NOTIFY_ACCOUNTS por tipo) o con --account NOMBRE.',
      en: 'Add or enable an outbound SMTP account, or choose one with DROBOT_NOTIFY_ACCOUNT=NAME (DROBOT_NOTIFY_ACCOUNTS per type) or with --account NAME.',
    },
    status: 409,
  },
  severalOutboundAccounts: {
    code: 'outbound_account_ambiguous',
    message: {
      es: 'Hay varias cuentas de salida activadas ({names}) y ninguna elegida para las notificaciones «{typeLabel}» ({type}).',
      en: 'Several outbound accounts are enabled ({names}) and none is chosen for "{typeLabel}" ({type}) notifications.',
    },
    hint: {
      es: 'Elija una con DROBOT_NOTIFY_ACCOUNT=NOMBRE (DROBOT_NOTIFY_ACCOUNTS por tipo) o con --account NOMBRE.',
      en: 'Choose one with DROBOT_NOTIFY_ACCOUNT=NAME (DROBOT_NOTIFY_ACCOUNTS per type) or with --account NAME.',
    },
    status: 409,
  },
  notRetryable: {
    code: 'outbox_not_retryable',
    message: {
      es: 'La notificación {id} está en estado «{state}»: solo se reintentan las fallidas o en espera.',
      en: 'Notification {id} is "{state}": only failed or waiting notifications can be retried.',
    },
    status: 409,
  },
  attemptsExhausted: {
    code: 'outbox_attempts_exhausted',
    message: {
      es: 'Se agotaron los {attempts} intentos de envío; último error: {last}',
      en: 'All {attempts} sending attempts failed; last error: {last}',
    },
    status: 502,
  },
  leaseLost: {
    code: 'outbox_lease_lost',
    message: {
      es: 'Otro proceso tomó la notificación {id} mientras se enviaba.',
      en: 'Another process took notification {id} while it was being sent.',
    },
    status: 409,
  },
  contentMissing: {
    code: 'outbox_content_missing',
    message: {
      es: 'La notificación {id} no tiene contenido guardado (la base de datos está dañada): no se puede enviar.',
      en: 'Notification {id} has no stored contents (the database is damaged): it cannot be sent.',
    },
    hint: {
      es: 'Restaure la base de datos desde una copia de seguridad, o vuelva a crear la notificación.',
      en: 'Restore the database from a backup, or create the notification again.',
    },
    status: 500,
  },
});

/** Texts of the field issues raised at enqueue time. */
export const enqueueTexts = {
  headerInjection: {
    es: 'El campo «{field}» contiene un salto de línea: no se admite en una cabecera de correo.',
    en: 'The field "{field}" contains a line break, which a mail header does not allow.',
  },
  address: {
    es: 'El campo «{field}» no es una dirección de correo válida.',
    en: 'The field "{field}" is not a valid mail address.',
  },
  bodyTooLarge: {
    es: 'El mensaje ocupa {size} bytes; el máximo es {limit}.',
    en: 'The message takes {size} bytes; the limit is {limit}.',
  },
  unknownType: {
    es: 'Tipo de notificación desconocido: use uno de {values}.',
    en: 'Unknown notification type: use one of {values}.',
  },
  unknownLang: {
    es: 'Idioma no admitido: use uno de {values}.',
    en: 'Unsupported language: use one of {values}.',
  },
  messageId: {
    es: 'El campo «{field}» debe ser un Message-ID entre < y >.',
    en: 'The field "{field}" must be a Message-ID between < and >.',
  },
  caseRequired: {
    es: 'Las notificaciones de caso necesitan «data.caseId».',
    en: 'Case notifications need "data.caseId".',
  },
} satisfies Record<string, Text>;

/** Texts of template problems found when templates are loaded. */
export const templateTexts = {
  unknown_variable: {
    es: 'La plantilla usa «{name}», que no es una variable de este tipo.',
    en: 'The template uses "{name}", which is not a variable of this type.',
  },
  unbalanced_section: {
    es: 'La sección «{name}» no está bien abierta y cerrada.',
    en: 'The section "{name}" is not opened and closed properly.',
  },
  multiline_subject: {
    es: 'El asunto debe ocupar una sola línea.',
    en: 'The subject must be a single line.',
  },
  unknown_file: {
    es: 'Archivo no reconocido: use <tipo>/<idioma>.subject.txt, .txt o .html.',
    en: 'Unrecognized file: use <type>/<lang>.subject.txt, .txt or .html.',
  },
  unreadable: {
    es: 'No se puede leer el archivo: {detail}',
    en: 'The file cannot be read: {detail}',
  },
} satisfies Record<string, Text>;
