import type { Text } from '../i18n/lang.js';
import type { NotificationType, OutboxState } from './notification.types.js';
import type { SuppressionReason } from './suppression.repository.js';

/** Outbox states as a person reads them, for the console and the CLI. */
export const outboxStateLabels: Record<OutboxState, Text> = {
  queued: { es: 'En cola', en: 'Queued' },
  sending: { es: 'Enviando', en: 'Sending' },
  sent: { es: 'Enviada', en: 'Sent' },
  retrying: { es: 'Reintentando', en: 'Retrying' },
  failed: { es: 'Fallida', en: 'Failed' },
};

/** Kinds of notification as a person reads them (the API and `--json` keep the type's key). */
export const notificationTypeLabels: Record<NotificationType, Text> = {
  'case-created': { es: 'Caso creado', en: 'Case created' },
  'case-updated': { es: 'Caso actualizado', en: 'Case updated' },
  'account-verification': { es: 'Verificación de cuenta', en: 'Account verification' },
  'password-recovery': { es: 'Recuperación de contraseña', en: 'Password recovery' },
  alarm: { es: 'Alarma', en: 'Alarm' },
};

/** The fields of one notification as `outbox show` names them (the API and `--json` name them by key). */
export const outboxFieldLabels = {
  id: { es: 'ID', en: 'ID' },
  state: { es: 'Estado', en: 'State' },
  type: { es: 'Tipo', en: 'Type' },
  lang: { es: 'Idioma', en: 'Language' },
  account: { es: 'Cuenta', en: 'Account' },
  to: { es: 'Para', en: 'To' },
  subject: { es: 'Asunto', en: 'Subject' },
  messageId: { es: 'Message-ID', en: 'Message-ID' },
  sentMessageId: { es: 'Message-ID del proveedor', en: "Provider's Message-ID" },
  case: { es: 'Caso', en: 'Case' },
  attempts: { es: 'Intentos', en: 'Attempts' },
  nextAttemptAt: { es: 'Próximo intento', en: 'Next attempt' },
  sentAt: { es: 'Enviada', en: 'Sent' },
  serverReply: { es: 'Respuesta del servidor', en: 'Server reply' },
  lastError: { es: 'Último error', en: 'Last error' },
  header: { es: 'Cabecera {name}', en: 'Header {name}' },
} satisfies Record<string, Text>;

/** Why an address gets no notifications (the API and `--json` keep the reason's key). */
export const suppressionReasonLabels: Record<SuppressionReason, Text> = {
  bounce: { es: 'rebote', en: 'bounce' },
  manual: { es: 'a mano', en: 'by hand' },
};
