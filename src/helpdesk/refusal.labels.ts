import { format, type Lang, type Text } from '../i18n/lang.js';

/**
 * Why a requester (or another participant) gets no acknowledgment, answer or status notification, as a
 * person reads it. The API, `--json` and the inbound log keep the reason's code.
 */
export const refusalLabels: Readonly<Record<string, Text>> = {
  disabled: {
    es: 'los acuses de recibo están desactivados en la cuenta de entrada',
    en: 'acknowledgments are turned off for the inbound account',
  },
  'no-account': {
    es: 'no hay cuenta de salida para enviarlo',
    en: 'no outbound account sends it',
  },
  'no-sender': { es: 'no hay dirección a la que escribir', en: 'there is no address to write to' },
  list: { es: 'el correo viene de una lista de correo', en: 'the mail comes from a mailing list' },
  automatic: {
    es: 'el correo pide que no lo conteste un programa',
    en: 'the mail asks not to be answered by a program',
  },
  'no-reply-address': {
    es: 'es una dirección de máquina (no-reply, formularios, sistemas de correo…)',
    en: 'it is a machine address (no-reply, forms, mail systems…)',
  },
  'own-address': { es: 'es una dirección propia de DRobot', en: 'it is one of DRobot’s own addresses' },
  throttled: {
    es: 'el remitente supera el límite de correos de la ventana',
    en: 'the sender is over the mail limit of the window',
  },
  'recently-acknowledged': {
    es: 'ya recibió un acuse hace poco (DROBOT_ACK_WINDOW_SECONDS)',
    en: 'it was acknowledged recently (DROBOT_ACK_WINDOW_SECONDS)',
  },
  'invalid-address': {
    es: 'la dirección no es una a la que se pueda enviar correo',
    en: 'the address is not one mail can be sent to',
  },
  suppressed: {
    es: 'la dirección está en la lista de supresión',
    en: 'the address is on the suppression list',
  },
  'loop-rule': { es: 'lo impiden las reglas contra bucles', en: 'the loop rules forbid it' },
  'auto-reply': { es: 'responde a una respuesta automática', en: 'it would answer an automatic reply' },
  bounce: { es: 'responde a un aviso de no entrega', en: 'it would answer a delivery failure report' },
  invalid: { es: 'no se pudo preparar el correo', en: 'the mail could not be prepared' },
};

/** A reason's words; a code this build does not know is shown as it is. */
export function refusalText(reason: string, lang: Lang): string {
  // Own keys only: a stored reason such as `constructor` must not reach the object's prototype.
  return Object.hasOwn(refusalLabels, reason) ? format(refusalLabels[reason]!, lang) : reason;
}

const NOT_ACKNOWLEDGED = 'not_acknowledged:';

/** The inbound log's detail of a mail whose new case got no acknowledgment: `not_acknowledged:<reason>`. */
export function notAcknowledgedDetail(reason: string): string {
  return `${NOT_ACKNOWLEDGED}${reason}`;
}

/** A new case that got no acknowledgment, and why: the inbound log's line and the case's history say it. */
export const notAcknowledgedText: Text = {
  es: 'sin acuse de recibo: {reason}',
  en: 'not acknowledged: {reason}',
};

/** The reason's code of such a detail; undefined for any other detail. */
export function notAcknowledgedReason(detail: string): string | undefined {
  return detail.startsWith(NOT_ACKNOWLEDGED) ? detail.slice(NOT_ACKNOWLEDGED.length) : undefined;
}

/** Such a detail in words; undefined for any other detail. */
export function notAcknowledgedWords(detail: string, lang: Lang): string | undefined {
  const reason = notAcknowledgedReason(detail);
  if (reason === undefined) return undefined;
  return format(notAcknowledgedText, lang, { reason: refusalText(reason, lang) });
}
