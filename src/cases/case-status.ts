import type { Lang, Text } from '../i18n/lang.js';
import { CASE_STATUSES, type CaseStatus } from './case.types.js';

/** The name of each case status for people; the stored value stays the English key. */
export const STATUS_NAMES: Readonly<Record<CaseStatus, Text>> = {
  new: { es: 'nuevo', en: 'new' },
  open: { es: 'abierto', en: 'open' },
  pending: { es: 'pendiente', en: 'pending' },
  resolved: { es: 'resuelto', en: 'resolved' },
  closed: { es: 'cerrado', en: 'closed' },
};

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

export function statusName(status: CaseStatus, lang: Lang): string {
  return STATUS_NAMES[status][lang];
}

const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

/** Every word a status may be given by, in every language (and in the feminine, "abierta"). */
const BY_WORD: ReadonlyMap<string, CaseStatus> = new Map(
  CASE_STATUSES.flatMap((status) => {
    const names = [status, STATUS_NAMES[status].es, STATUS_NAMES[status].en];
    const feminine = STATUS_NAMES[status].es.replace(/o$/, 'a');
    return [...names, feminine].map((word) => [fold(word), status] as const);
  }),
);

/** The status a person named, in Spanish or English; undefined for anything else. */
export function parseStatus(value: string): CaseStatus | undefined {
  return BY_WORD.get(fold(value));
}

/** The statuses as a person may write them, for error messages: "nuevo (new), abierto (open), …". */
export function statusChoices(lang: Lang): string {
  return CASE_STATUSES.map((s) => (lang === 'en' ? s : `${STATUS_NAMES[s].es} (${s})`)).join(', ');
}
