import { isCaseStatus, statusName } from '../../cases/case-status.js';
import { validationError, issuesFromZod } from '../../errors/validation.js';
import type { Lang } from '../../i18n/lang.js';
import type { NotificationType } from '../notification.types.js';
import { formatCaseTag } from '../message-id.js';
import { renderTemplate, type TemplateValues } from './template.engine.js';
import type { TemplateSet, TemplateTable } from './template.layout.js';
import { templateSchemas } from './template.schemas.js';

export interface RenderOptions {
  /** The word in the case tag, `Caso` in `[Caso #123]`. */
  readonly caseTagLabel?: string;
  readonly productName?: string;
}

export interface RenderedNotification {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The validated data (numbers as numbers); `caseId` for case types. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly caseId: number | undefined;
}

const SEVERITY: Record<string, Record<Lang, string>> = {
  info: { es: 'Información', en: 'Info' },
  warning: { es: 'Aviso', en: 'Warning' },
  critical: { es: 'Crítica', en: 'Critical' },
};

/** A point in time written out for a reader, always in UTC so every reader sees the same words. */
export function formatTime(iso: string, lang: Lang): string {
  const text = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
  return `${text} UTC`;
}

function derived(type: NotificationType, data: Record<string, unknown>, lang: Lang, label: string) {
  const values: Record<string, string | number | boolean | undefined> = {};
  if (typeof data.caseId === 'number') values.caseTag = formatCaseTag(data.caseId, label);
  if (type === 'case-updated') {
    values.isReply = data.change === 'reply';
    values.isStatus = data.change === 'status';
    // A status key ("resolved") is written in the reader's language ("resuelto"); other words stay.
    const status = data.status;
    if (isCaseStatus(status)) values.status = statusName(status, lang);
  }
  if (typeof data.expiresAt === 'string') values.expiresAtText = formatTime(data.expiresAt, lang);
  if (typeof data.time === 'string') values.timeText = formatTime(data.time, lang);
  if (typeof data.severity === 'string') values.severityText = SEVERITY[data.severity]?.[lang];
  return values;
}

/**
 * Checks a notification's data against its type and renders subject, text and HTML. A missing or bad
 * variable throws a validation error naming `data.<variable>`.
 */
export function renderNotification(
  templates: TemplateTable,
  type: NotificationType,
  lang: Lang,
  input: unknown,
  options: RenderOptions = {},
): RenderedNotification {
  const parsed = templateSchemas()[type].safeParse(input ?? {});
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, { input: input ?? {}, root: '' }).map((i) => ({
      ...i,
      field: i.field ? `data.${i.field}` : 'data',
    }));
    throw validationError(issues);
  }
  const data = parsed.data as Record<string, unknown>;
  const values: TemplateValues = {
    ...(data as TemplateValues),
    ...derived(type, data, lang, options.caseTagLabel ?? 'Caso'),
    productName: options.productName ?? 'DRobot',
  };
  const set: TemplateSet = templates[type][lang];
  return {
    subject: renderTemplate(set.subject, values, false).replace(/\s+/g, ' ').trim(),
    text: renderTemplate(set.text, values, false),
    html: renderTemplate(set.html, values, true),
    data,
    caseId: typeof data.caseId === 'number' ? data.caseId : undefined,
  };
}
