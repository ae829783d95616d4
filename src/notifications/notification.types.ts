import type { Lang } from '../i18n/lang.js';

/** The kinds of notification DRobot sends. */
export const NOTIFICATION_TYPES = [
  'case-created',
  'case-updated',
  'account-verification',
  'password-recovery',
  'alarm',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Types that belong to a help desk case: signed Message-ID, case tag in the subject, threading headers. */
export const CASE_TYPES: ReadonlySet<NotificationType> = new Set(['case-created', 'case-updated']);

export function isNotificationType(value: unknown): value is NotificationType {
  return typeof value === 'string' && (NOTIFICATION_TYPES as readonly string[]).includes(value);
}

/**
 * Life of an outbox row: queued → sending → sent | retrying → sending … | failed.
 * A row left in `sending` by a crash is claimed again once its lease ends.
 */
export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'retrying', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** A rendered mail, ready for any outbound transport. */
export interface ComposedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  /** Extra headers (Auto-Submitted, loop header, In-Reply-To, References). */
  readonly headers: Readonly<Record<string, string>>;
}

/** One outbox row as services see it. */
export interface OutboxEntry {
  readonly id: number;
  readonly type: NotificationType;
  readonly lang: Lang;
  readonly accountId: number;
  readonly recipient: string;
  readonly subject: string;
  readonly messageId: string;
  /** The Message-ID the provider sent it with, when it replaced `messageId` (Exchange, through a draft). */
  readonly sentMessageId?: string | undefined;
  readonly caseId: number | undefined;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly nextAttemptAt: string | undefined;
  readonly lastErrorCode: string | undefined;
  readonly lastError: string | undefined;
  readonly serverReply: string | undefined;
  readonly sentAt: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}
