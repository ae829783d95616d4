import { format, type Lang, type Text } from '../i18n/lang.js';
import type { BounceKind, BounceReport, CaseStatus } from './case.types.js';

/** Case statuses as a person reads them, for the console and the CLI. */
export const caseStatusLabels: Record<CaseStatus, Text> = {
  new: { es: 'Nuevo', en: 'New' },
  open: { es: 'Abierto', en: 'Open' },
  pending: { es: 'Pendiente', en: 'Pending' },
  resolved: { es: 'Resuelto', en: 'Resolved' },
  closed: { es: 'Cerrado', en: 'Closed' },
};

/**
 * A delivery report on a case as its history says it, for the console and the CLI: a delay warning is
 * not a bounce (the mail is still being tried), nor is a report of delivery.
 */
export const bounceLabels: Readonly<Record<BounceKind, Text>> = {
  failure: { es: 'rebote: {recipient} {status}', en: 'bounce: {recipient} {status}' },
  delay: { es: 'aviso de retraso: {recipient} {status}', en: 'delay warning: {recipient} {status}' },
  report: { es: 'informe de entrega: {recipient} {status}', en: 'delivery report: {recipient} {status}' },
};

/** A delivery report's line: its kind, the recipient it names (`?` when none) and its status. Pure. */
export function bounceText(bounce: BounceReport, lang: Lang): string {
  const text = Object.hasOwn(bounceLabels, bounce.kind) ? bounceLabels[bounce.kind] : bounceLabels.report;
  return format(text, lang, { recipient: bounce.recipient ?? '?', status: bounce.status ?? '' }).trimEnd();
}
