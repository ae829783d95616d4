import { lazySchema } from '../../app/lazy-schema.js';
import * as z from '../../app/zod.js';
import type { Text } from '../../i18n/lang.js';
import { enqueueTexts } from '../notification.errors.js';
import type { NotificationType } from '../notification.types.js';

/**
 * The variables each notification type needs, checked at enqueue time: a missing or malformed variable
 * is a field error then, never a blank in a sent mail.
 */

const texts = {
  reply: {
    es: 'Una respuesta necesita «message».',
    en: 'A reply needs "message".',
  },
  status: {
    es: 'Un cambio de estado necesita «status».',
    en: 'A status change needs "status".',
  },
  linkOrCode: {
    es: 'Indique «link» o «code» (o ambos).',
    en: 'Give "link" or "code" (or both).',
  },
} satisfies Record<string, Text>;

function buildTemplateSchemas() {
  const line = (max: number) =>
    z
      .string()
      .min(1)
      .max(max)
      .refine((v) => !/[\r\n]/.test(v), {
        params: { code: 'header_injection', text: enqueueTexts.headerInjection },
      });
  const longText = z.string().min(1).max(200_000);
  const url = z.url({ protocol: /^https?$/ }).max(2000);
  const isoTime = z.iso.datetime({ offset: true });
  const caseId = z.number().int().positive();

  const caseCreated = z.strictObject({
    caseId,
    caseSubject: line(998),
    requesterName: line(200).optional(),
    caseUrl: url.optional(),
  });

  const caseUpdated = z
    .strictObject({
      caseId,
      caseSubject: line(998),
      change: z.enum(['reply', 'status']),
      agentName: line(200).optional(),
      message: longText.optional(),
      /** The requester's last words, quoted under an answer (trimmed). */
      quoted: longText.optional(),
      status: line(100).optional(),
      requesterName: line(200).optional(),
      caseUrl: url.optional(),
    })
    .superRefine((v, ctx) => {
      if (v.change === 'reply' && v.message === undefined) {
        ctx.addIssue({ code: 'custom', path: ['message'], params: { text: texts.reply, code: 'required' } });
      }
      if (v.change === 'status' && v.status === undefined) {
        ctx.addIssue({ code: 'custom', path: ['status'], params: { text: texts.status, code: 'required' } });
      }
    });

  const accountVerification = z
    .strictObject({
      userName: line(200).optional(),
      link: url.optional(),
      code: line(64).optional(),
      expiresAt: isoTime,
    })
    .superRefine((v, ctx) => {
      if (v.link === undefined && v.code === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['link'],
          params: { text: texts.linkOrCode, code: 'required' },
        });
      }
    });

  const passwordRecovery = z.strictObject({
    userName: line(200).optional(),
    link: url,
    expiresAt: isoTime,
  });

  const alarm = z.strictObject({
    severity: z.enum(['info', 'warning', 'critical']),
    source: line(200),
    time: isoTime,
    message: longText,
  });

  return {
    'case-created': caseCreated,
    'case-updated': caseUpdated,
    'account-verification': accountVerification,
    'password-recovery': passwordRecovery,
    alarm,
  } satisfies Record<NotificationType, z.ZodType>;
}

/** The data each notification type takes, built on first use (sending what is queued never checks it). */
export const templateSchemas = lazySchema(buildTemplateSchemas);

export type TemplateData<T extends NotificationType> = z.input<ReturnType<typeof buildTemplateSchemas>[T]>;

/** Names computed from the data for every template: the tag, dates written out, localized labels. */
const DERIVED: Record<NotificationType, readonly string[]> = {
  'case-created': ['caseTag'],
  'case-updated': ['caseTag', 'isReply', 'isStatus'],
  'account-verification': ['expiresAtText'],
  'password-recovery': ['expiresAtText'],
  alarm: ['timeText', 'severityText'],
};

function keysOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape) return Object.keys(shape);
  const inner = (schema as unknown as { def?: { in?: z.ZodType; schema?: z.ZodType } }).def;
  return inner?.in ? keysOf(inner.in) : inner?.schema ? keysOf(inner.schema) : [];
}

/** Every variable name a template of this type may use. */
export function allowedVariables(type: NotificationType): ReadonlySet<string> {
  return new Set([...keysOf(templateSchemas()[type]), ...DERIVED[type], 'productName']);
}
