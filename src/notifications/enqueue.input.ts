import { lazySchema } from '../app/lazy-schema.js';
import * as z from '../app/zod.js';
import type { FieldIssue } from '../errors/drobot-error.js';
import { issuesFromZod } from '../errors/validation.js';
import { isLang, LANGS, type Lang } from '../i18n/lang.js';
import { sendableAddress } from '../transports/mime/mail-address.js';
import { enqueueTexts } from './notification.errors.js';
import { isNotificationType, NOTIFICATION_TYPES, type NotificationType } from './notification.types.js';

/** What a caller gives to enqueue one notification (library call, API body, CLI flags). */
export const enqueueInputSchema = lazySchema(() =>
  z.strictObject({
    type: z.string(),
    lang: z.string().optional(),
    to: z.string().max(254),
    data: z.record(z.string(), z.unknown()).default({}),
    /** Send through this outbound account instead of the configured one for the type. */
    accountId: z.number().int().positive().optional(),
    /** Message-ID of the mail this one answers (the requester's, for an acknowledgment). */
    inReplyTo: z.string().max(998).optional(),
    references: z.array(z.string().max(998)).max(100).optional(),
    /** The inbound mail that caused this notification, as the inbound side classified it. */
    trigger: z
      .strictObject({
        autoSubmitted: z.boolean().optional(),
        bounce: z.boolean().optional(),
      })
      .optional(),
    maxAttempts: z.number().int().min(1).max(100).optional(),
  }),
);

export type EnqueueInput = z.input<ReturnType<typeof enqueueInputSchema>>;

export interface CheckedInput {
  readonly type: NotificationType;
  readonly lang: Lang;
  readonly to: string;
  readonly data: Record<string, unknown>;
  readonly accountId: number | undefined;
  readonly inReplyTo: string | undefined;
  readonly references: readonly string[];
  readonly trigger: { readonly autoSubmitted?: boolean; readonly bounce?: boolean };
  readonly maxAttempts: number | undefined;
}

const MESSAGE_ID = /^<[^<>\s]+@[^<>\s]+>$/;

const hasLineBreak = (value: string): boolean => /[\r\n\0]/.test(value);

/**
 * Checks the envelope of an enqueue request (not the template data, which the renderer checks), and
 * returns either the checked input or every problem found.
 */
export function checkEnqueueInput(
  input: unknown,
  defaultLang: Lang,
): { ok: true; value: CheckedInput } | { ok: false; issues: FieldIssue[] } {
  const parsed = enqueueInputSchema().safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error, { input }) };
  const v = parsed.data;
  const issues: FieldIssue[] = [];
  const injection = (field: string) =>
    issues.push({ field, code: 'header_injection', message: enqueueTexts.headerInjection });
  if (!isNotificationType(v.type)) {
    issues.push({
      field: 'type',
      code: 'unknown_type',
      message: enqueueTexts.unknownType,
      params: { values: NOTIFICATION_TYPES.join(', ') },
    });
  }
  const lang = v.lang ?? defaultLang;
  if (!isLang(lang)) {
    issues.push({
      field: 'lang',
      code: 'unknown_lang',
      message: enqueueTexts.unknownLang,
      params: { values: LANGS.join(', ') },
    });
  }
  // Queued as it is sent: an internationalized domain in A-labels.
  const to = hasLineBreak(v.to) ? undefined : sendableAddress(v.to.trim());
  if (hasLineBreak(v.to)) injection('to');
  else if (to === undefined) {
    issues.push({ field: 'to', code: 'invalid_address', message: enqueueTexts.address });
  }
  const ids: Array<[string, string]> = [
    ...(v.inReplyTo === undefined ? [] : [['inReplyTo', v.inReplyTo] as [string, string]]),
    ...(v.references ?? []).map((r, i) => [`references.${i}`, r] as [string, string]),
  ];
  for (const [field, id] of ids) {
    if (hasLineBreak(id)) injection(field);
    else if (!MESSAGE_ID.test(id.trim())) {
      issues.push({ field, code: 'invalid_message_id', message: enqueueTexts.messageId });
    }
  }
  if (issues.length > 0 || to === undefined) return { ok: false, issues };
  return {
    ok: true,
    value: {
      type: v.type as NotificationType,
      lang: lang as Lang,
      to,
      data: v.data,
      accountId: v.accountId,
      inReplyTo: v.inReplyTo?.trim(),
      references: (v.references ?? []).map((r) => r.trim()),
      trigger: v.trigger ?? {},
      maxAttempts: v.maxAttempts,
    },
  };
}
