import { format, type Lang, type Text } from '../i18n/lang.js';
import type { NotificationType } from './notification.types.js';
import { notificationTypeLabels } from './outbox.labels.js';

/**
 * What is wrong with the notifications' routing and what to do, in every language: the dashboard, the
 * API, the CLI and the serve log read them here. {accounts} is the enabled outbound accounts' names.
 */
export const routingProblemTexts = {
  'no-default': {
    es: 'Las notificaciones (acuses de recibo, respuestas, avisos de estado) no tienen cuenta de salida: hay varias activadas ({accounts}) y DROBOT_NOTIFY_ACCOUNT no elige ninguna. Ponga DROBOT_NOTIFY_ACCOUNT con el nombre de una de ellas y reinicie DRobot, o desactive las demás.',
    en: 'Notifications (acknowledgments, answers, status notices) have no outbound account: several are enabled ({accounts}) and DROBOT_NOTIFY_ACCOUNT names none. Set DROBOT_NOTIFY_ACCOUNT to the name of one of them and restart DRobot, or disable the others.',
  },
  'none-enabled': {
    es: 'Las notificaciones (acuses de recibo, respuestas, avisos de estado) no tienen cuenta de salida: todas las cuentas de salida están desactivadas ({disabled}) y las notificaciones esperan sin enviarse. Active una (drobot accounts enable NOMBRE, o en Cuentas).',
    en: 'Notifications (acknowledgments, answers, status notices) have no outbound account: every outbound account is disabled ({disabled}) and notifications wait unsent. Enable one (drobot accounts enable NAME, or in Accounts).',
  },
  'unknown-account': {
    es: 'DROBOT_NOTIFY_ACCOUNT nombra «{name}», que no es una cuenta de salida: las notificaciones no se pueden enviar. Ponga el nombre de una cuenta de salida activada ({accounts}) y reinicie DRobot.',
    en: 'DROBOT_NOTIFY_ACCOUNT names "{name}", which is not an outbound account: notifications cannot be sent. Set it to the name of an enabled outbound account ({accounts}) and restart DRobot.',
  },
  'disabled-account': {
    es: 'DROBOT_NOTIFY_ACCOUNT nombra «{name}», que está desactivada: las notificaciones esperan sin enviarse. Active «{name}», o ponga el nombre de una cuenta de salida activada ({accounts}) y reinicie DRobot.',
    en: 'DROBOT_NOTIFY_ACCOUNT names "{name}", which is disabled: notifications wait unsent. Enable "{name}", or set it to the name of an enabled outbound account ({accounts}) and restart DRobot.',
  },
  'disabled-route': {
    es: 'DROBOT_NOTIFY_ACCOUNTS envía las notificaciones «{typeLabel}» ({type}) por «{name}», que está desactivada: esperan sin enviarse. Active «{name}», o cambie DROBOT_NOTIFY_ACCOUNTS y reinicie DRobot.',
    en: 'DROBOT_NOTIFY_ACCOUNTS sends "{typeLabel}" ({type}) notifications through "{name}", which is disabled: they wait unsent. Enable "{name}", or change DROBOT_NOTIFY_ACCOUNTS and restart DRobot.',
  },
} as const satisfies Record<string, Text>;

/** The CLI's one-line warning after an account change that leaves notifications without a default. */
export const noDefaultAccountWarning: Text = {
  es: 'Atención: las notificaciones ya no tienen cuenta de salida por defecto, porque hay varias cuentas de salida activadas ({accounts}); ponga DROBOT_NOTIFY_ACCOUNT con el nombre de una de ellas y reinicie DRobot, o desactive las demás.',
  en: 'Warning: notifications no longer have a default outbound account, because several outbound accounts are enabled ({accounts}); set DROBOT_NOTIFY_ACCOUNT to the name of one of them and restart DRobot, or disable the others.',
};

/** The CLI's one-line warning after an account change that leaves every outbound account disabled. */
export const noEnabledAccountWarning: Text = {
  es: 'Atención: ya no queda ninguna cuenta de salida activada ({disabled}); las notificaciones esperarán sin enviarse hasta que active una (drobot accounts enable NOMBRE).',
  en: 'Warning: no outbound account is enabled any more ({disabled}); notifications will wait unsent until one is enabled (drobot accounts enable NAME).',
};

/** The CLI's warning after an account change that leaves a configured account disabled or gone. */
export const routingProblemWarning: Text = { es: 'Atención: {message}', en: 'Warning: {message}' };

/** Shown where the enabled outbound accounts are listed, when there are none. */
export const noEnabledAccounts: Text = { es: 'ninguna', en: 'none' };

/** A routing problem said in one language (see {@link routingProblem}). */
export function routingProblemMessage(
  problem: {
    readonly kind: keyof typeof routingProblemTexts;
    readonly name?: string;
    readonly accounts: readonly string[];
    readonly disabled?: readonly string[];
    readonly type?: NotificationType;
  },
  lang: Lang,
): string {
  const accounts =
    problem.accounts.length > 0 ? problem.accounts.join(', ') : format(noEnabledAccounts, lang);
  return format(routingProblemTexts[problem.kind], lang, {
    name: problem.name,
    accounts,
    disabled: problem.disabled?.join(', '),
    // The type as the console names it, with its key beside it: what DROBOT_NOTIFY_ACCOUNTS takes.
    typeLabel: problem.type && notificationTypeLabels[problem.type],
    type: problem.type,
  });
}
