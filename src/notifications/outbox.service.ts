import { commonErrors } from '../errors/common.errors.js';
import { DrobotError, type FieldIssue } from '../errors/drobot-error.js';
import { validationError } from '../errors/validation.js';
import type { Lang } from '../i18n/lang.js';
import { inTransaction, type Database } from '../storage/database.js';
import { checkEnqueueInput, type CheckedInput } from './enqueue.input.js';
import { composeHeaders, ensureCaseTag, renderedSize } from './mail.compose.js';
import { createCaseMessageId, createMessageId } from './message-id.js';
import { enqueueTexts, notificationErrors } from './notification.errors.js';
import { CASE_TYPES, type NotificationType, type OutboxEntry } from './notification.types.js';
import {
  countByState,
  findOutboxRow,
  insertOutboxRow,
  listOutboxRows,
  requeueRow,
  toEntry,
  type OutboxFilter,
} from './outbox.repository.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { findSuppression, normalizeAddress } from './suppression.repository.js';
import type { TemplateTable } from './templates/template.layout.js';
import { renderNotification } from './templates/template.render.js';

/** Which outbound account sends what: a default one, and optionally one per notification type. */
export interface OutboxRouting {
  readonly defaultAccountId: number | undefined;
  readonly byType?: Partial<Record<NotificationType, number>>;
}

export interface OutboxServiceOptions {
  readonly database: Database;
  readonly templates: TemplateTable;
  /** Signs case Message-IDs (see threading-key.ts). */
  readonly threadingKey: Buffer;
  /** Fixed, or looked up at each enqueue (accounts change while DRobot runs). */
  readonly routing: OutboxRouting | (() => Promise<OutboxRouting>);
  /** This installation's id, written in the loop header. */
  readonly instanceId: string;
  /** Domain of DRobot's Message-IDs: fixed, or the sending account's domain. */
  readonly messageIdDomain: string | ((accountId: number) => Promise<string>);
  /** DRobot's own addresses (every account's): never a recipient. */
  readonly ownAddresses?: () => readonly string[] | Promise<readonly string[]>;
  readonly defaultLang?: Lang;
  /** Largest subject + text + HTML, in bytes; default 512 KiB. */
  readonly maxBodyBytes?: number;
  readonly retry?: RetryPolicy;
  readonly caseTagLabel?: string;
  readonly clock?: () => Date;
}

/** What became of an enqueue request. Only `queued` put anything in the outbox. */
export type EnqueueResult =
  | { readonly status: 'queued'; readonly id: number; readonly messageId: string }
  | { readonly status: 'suppressed'; readonly address: string }
  | { readonly status: 'skipped'; readonly reason: 'auto-reply' | 'bounce' | 'own-address' };

export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

/** Enqueues notifications and administers the outbox: list, show, retry. */
export class OutboxService {
  private readonly clock: () => Date;

  constructor(private readonly options: OutboxServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Checks and renders a notification and commits it to the outbox; nothing is sent here. Bad input
   * throws one validation error naming every bad field, and nothing is queued.
   */
  async enqueue(input: unknown): Promise<EnqueueResult> {
    const o = this.options;
    const checked = checkEnqueueInput(input, o.defaultLang ?? 'es');
    if (!checked.ok) throw validationError(checked.issues);
    const v = checked.value;
    const rendered = renderNotification(o.templates, v.type, v.lang, v.data, {
      ...(o.caseTagLabel ? { caseTagLabel: o.caseTagLabel } : {}),
    });
    const label = o.caseTagLabel ?? 'Caso';
    const isCase = CASE_TYPES.has(v.type) && rendered.caseId !== undefined;
    const subject = isCase ? ensureCaseTag(rendered.subject, rendered.caseId ?? 0, label) : rendered.subject;
    this.checkRendered(subject, rendered.text, rendered.html);
    const routing = typeof o.routing === 'function' ? await o.routing() : o.routing;
    const accountId = v.accountId ?? routing.byType?.[v.type] ?? routing.defaultAccountId;
    if (accountId === undefined) {
      throw new DrobotError(notificationErrors.noOutboundAccount, { params: { type: v.type } });
    }
    const skip = await this.loopRule(v);
    if (skip) return skip;
    const domain =
      typeof o.messageIdDomain === 'function' ? await o.messageIdDomain(accountId) : o.messageIdDomain;
    const messageId = isCase
      ? createCaseMessageId(o.threadingKey, rendered.caseId ?? 0, domain)
      : createMessageId(domain);
    const headers = composeHeaders({
      instanceId: o.instanceId,
      inReplyTo: v.inReplyTo,
      references: v.references,
    });
    return inTransaction(o.database, async (trx) => {
      // Checked again inside the transaction: a bounce recorded meanwhile wins.
      if (await findSuppression(trx, v.to)) {
        return { status: 'suppressed', address: normalizeAddress(v.to) } as const;
      }
      const id = await insertOutboxRow(trx, {
        type: v.type,
        lang: v.lang,
        accountId,
        recipient: v.to,
        subject,
        text: rendered.text,
        html: rendered.html,
        headers,
        messageId,
        caseId: isCase ? rendered.caseId : undefined,
        maxAttempts: v.maxAttempts ?? o.retry?.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
        now: this.clock(),
      });
      return { status: 'queued', id, messageId } as const;
    });
  }

  private checkRendered(subject: string, text: string, html: string): void {
    const issues: FieldIssue[] = [];
    if (/[\r\n]/.test(subject)) {
      issues.push({ field: 'subject', code: 'header_injection', message: enqueueTexts.headerInjection });
    }
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const size = renderedSize({ subject, text, html });
    if (size > limit) {
      issues.push({
        field: 'data',
        code: 'too_large',
        message: enqueueTexts.bodyTooLarge,
        params: { size, limit },
      });
    }
    if (issues.length > 0) throw validationError(issues);
  }

  /** Loop safety: no mail to DRobot itself, no acknowledgment of an auto-reply or a bounce. */
  private async loopRule(v: CheckedInput): Promise<EnqueueResult | undefined> {
    const own = new Set(((await this.options.ownAddresses?.()) ?? []).map(normalizeAddress));
    if (own.has(normalizeAddress(v.to))) return { status: 'skipped', reason: 'own-address' };
    if (v.type === 'case-created' && v.trigger.bounce) return { status: 'skipped', reason: 'bounce' };
    if (v.type === 'case-created' && v.trigger.autoSubmitted) {
      return { status: 'skipped', reason: 'auto-reply' };
    }
    return undefined;
  }

  async list(filter: OutboxFilter = {}, lang: Lang = 'en'): Promise<OutboxEntry[]> {
    return (await listOutboxRows(this.options.database.db, filter)).map((row) => toEntry(row, lang));
  }

  async counts(): Promise<Record<string, number>> {
    return countByState(this.options.database.db);
  }

  /** One notification with its bodies and headers. */
  async show(
    id: number,
    lang: Lang = 'en',
  ): Promise<OutboxEntry & { text: string; html: string; headers: Record<string, string> }> {
    const row = await findOutboxRow(this.options.database.db, id);
    if (!row) throw new DrobotError(commonErrors.notFound, { params: { what: 'notification', id } });
    return {
      ...toEntry(row, lang),
      text: row.text_body,
      html: row.html_body,
      headers: JSON.parse(row.headers_json) as Record<string, string>,
    };
  }

  /** Sends a failed (or waiting) notification again now, with the same Message-ID. */
  async retry(id: number, lang: Lang = 'en'): Promise<OutboxEntry> {
    const db = this.options.database.db;
    const row = await findOutboxRow(db, id);
    if (!row) throw new DrobotError(commonErrors.notFound, { params: { what: 'notification', id } });
    if (!(await requeueRow(db, id, this.clock()))) {
      throw new DrobotError(notificationErrors.notRetryable, { params: { id, state: row.state } });
    }
    return toEntry((await findOutboxRow(db, id)) ?? row, lang);
  }
}
