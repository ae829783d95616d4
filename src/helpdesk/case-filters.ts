import * as z from '../app/zod.js';
import { parseStatus } from '../cases/case-status.js';
import { CASE_STATUSES, type CaseQuery } from '../cases/case.types.js';
import type { FieldIssue } from '../errors/drobot-error.js';
import { validationError } from '../errors/validation.js';
import type { Text } from '../i18n/lang.js';

/** A status named in Spanish or English ("abierto", "open"), as the stored key. */
export const caseStatusSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (parseStatus(v) ?? v) : v),
  z.enum(CASE_STATUSES),
);

/** The filters of a case listing as a person gives them (CLI flags, API query). */
export const caseFiltersSchema = z.strictObject({
  status: caseStatusSchema.optional(),
  requester: z.string().max(320).optional(),
  /** An inbound account, by name or id. */
  account: z.string().min(1).max(100).optional(),
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  search: z.string().max(500).optional(),
});

export type CaseFilters = z.output<typeof caseFiltersSchema>;

const texts = {
  badDate: {
    es: 'Una fecha (AAAA-MM-DD) o una fecha y hora ISO-8601 (2026-03-02T10:00:00Z).',
    en: 'A date (YYYY-MM-DD) or an ISO-8601 date and time (2026-03-02T10:00:00Z).',
  },
} satisfies Record<string, Text>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A bound of a date range as an ISO-8601 instant. A date alone is a day in the reader's time zone (TZ):
 * `since` its start, `until` its end (the day is included). Undefined when the text is no date. Pure
 * but for the process's time zone.
 */
export function dateBound(text: string, end: boolean): string | undefined {
  const day = DAY.exec(text.trim());
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const base = new Date(y, m - 1, d);
    if (base.getFullYear() !== y || base.getMonth() !== m - 1 || base.getDate() !== d) return undefined;
    const at = end ? new Date(y, m - 1, d + 1) : base;
    return at.toISOString();
  }
  if (!DATE_TIME.test(text.trim())) return undefined;
  const at = new Date(text.trim());
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * Turns the filters into a case query; `accountId` resolves an account name. Throws one validation error
 * naming every bad field.
 */
export async function toCaseQuery(
  filters: CaseFilters,
  accountId: (ref: string) => Promise<number>,
): Promise<CaseQuery> {
  const issues: FieldIssue[] = [];
  const since = filters.since === undefined ? undefined : dateBound(filters.since, false);
  const until = filters.until === undefined ? undefined : dateBound(filters.until, true);
  if (filters.since !== undefined && !since)
    issues.push({ field: 'since', code: 'invalid', message: texts.badDate });
  if (filters.until !== undefined && !until)
    issues.push({ field: 'until', code: 'invalid', message: texts.badDate });
  if (issues.length > 0) throw validationError(issues);
  return {
    status: filters.status,
    requester: filters.requester,
    accountId: filters.account === undefined ? undefined : await accountId(filters.account),
    since,
    until,
    search: filters.search,
  };
}
