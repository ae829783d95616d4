import { notFoundError } from '../errors/common.errors.js';
import { DrobotError, type FieldIssue } from '../errors/drobot-error.js';
import { validationError } from '../errors/validation.js';
import type { Lang } from '../i18n/lang.js';
import { inTransaction, type Database, type Executor } from '../storage/database.js';
import { checkEnqueueInput, type CheckedInput } from './enqueue.input.js';
import { notificationTypeLabels, outboxStateLabels } from './outbox.labels.js';
import type { OutboxState } from './notification.types.js';
import { composeHeaders, ensureCaseTag, renderedSize } from './mail.compose.js';
import { createCaseMessageId, createMessageId } from './message-id.js';
import { enqueueTexts, notificationErrors } from './notification.errors.js';
import { CASE_TYPES, type NotificationType, type OutboxEntry } from './notification.types.js';
import {
  countByState,
  findOutboxRow,
  contentsOf,
  insertOutboxRow,
  listOutboxRows,
  requeueRow,
  toEntry,
  type OutboxAttachment,
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
  /** The enabled outbound accounts, named in the error when none is chosen. */
  readonly candidates?: readonly string[];
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
  /** The address (and name) an outbound account sends from, for the case history. */
  readonly senderOf?: (accountId: number) => Promise<{ address: string; name?: string | undefined }>;
  readonly clock?: () => Date;
}

/** A checked, rendered notification, not yet queued. */
export interface PreparedNotification extends CheckedInput {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The case it is about (case types only). */
  readonly caseId: number | undefined;
}

/** The I/O-bound facts of a send, looked up before the transaction that queues it. */
export interface OutboundPlan {
  readonly accountId: number;
  readonly domain: string;
  readonly own: ReadonlySet<string>;
  readonly from: { readonly address: string; readonly name?: string | undefined };
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
    const prepared = this.prepare(input);
    const plan = await this.plan(prepared.type, prepared.accountId);
    return inTransaction(this.options.database, (trx) => this.queue(trx, prepared, plan));
  }

  /** Checks and renders a notification (pure: safe inside a transaction). Throws a validation error. */
  prepare(input: unknown): PreparedNotification {
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
    return {
      ...v,
      subject,
      text: rendered.text,
      html: rendered.html,
      caseId: isCase ? rendered.caseId : undefined,
    };
  }

  /**
   * What sending a type through an account needs that takes I/O (routing, the account's domain and
   * address, DRobot's own addresses): looked up before a transaction, never inside one.
   */
  async plan(type: NotificationType, accountId?: number): Promise<OutboundPlan> {
    const o = this.options;
    const routing = typeof o.routing === 'function' ? await o.routing() : o.routing;
    const chosen = accountId ?? routing.byType?.[type] ?? routing.defaultAccountId;
    if (chosen === undefined) {
      const candidates = routing.candidates ?? [];
      // The type as the console names it, with its key beside it: what DROBOT_NOTIFY_ACCOUNTS takes.
      const typeLabel = notificationTypeLabels[type];
      throw candidates.length > 1
        ? new DrobotError(notificationErrors.severalOutboundAccounts, {
            params: { type, typeLabel, names: candidates.join(', ') },
          })
        : new DrobotError(notificationErrors.noOutboundAccount, { params: { type, typeLabel } });
    }
    const domain =
      typeof o.messageIdDomain === 'function' ? await o.messageIdDomain(chosen) : o.messageIdDomain;
    const own = new Set(((await o.ownAddresses?.()) ?? []).map(normalizeAddress));
    const from = (await o.senderOf?.(chosen)) ?? { address: `drobot@${domain}` };
    return { accountId: chosen, domain, own, from };
  }

  /**
   * Commits a prepared notification to the outbox in the caller's transaction, unless the loop rules or
   * the suppression list say no. Only the transaction is used: the row exists exactly when the caller's
   * change commits.
   */
  async queue(
    trx: Executor,
    prepared: PreparedNotification,
    plan: OutboundPlan,
    link: { caseMessageId?: number; attachments?: readonly OutboxAttachment[]; messageId?: string } = {},
  ): Promise<EnqueueResult> {
    const skip = loopRule(prepared, plan.own);
    if (skip) return skip;
    // Checked inside the transaction: a bounce recorded meanwhile wins.
    if (await findSuppression(trx, prepared.to)) {
      return { status: 'suppressed', address: normalizeAddress(prepared.to) } as const;
    }
    const messageId = link.messageId ?? this.newMessageId(prepared.caseId, plan.domain);
    const headers = composeHeaders({
      instanceId: this.options.instanceId,
      inReplyTo: prepared.inReplyTo,
      references: prepared.references,
    });
    const id = await insertOutboxRow(trx, {
      type: prepared.type,
      lang: prepared.lang,
      accountId: plan.accountId,
      recipient: prepared.to,
      subject: prepared.subject,
      text: prepared.text,
      html: prepared.html,
      headers,
      messageId,
      caseId: prepared.caseId,
      caseMessageId: link.caseMessageId,
      attachments: link.attachments ?? [],
      maxAttempts:
        prepared.maxAttempts ?? this.options.retry?.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      now: this.clock(),
    });
    return { status: 'queued', id, messageId } as const;
  }

  /** A fresh Message-ID: signed with the case when the mail is about one. */
  newMessageId(caseId: number | undefined, domain: string): string {
    return caseId !== undefined
      ? createCaseMessageId(this.options.threadingKey, caseId, domain)
      : createMessageId(domain);
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
    const db = this.options.database.db;
    const row = await findOutboxRow(db, id);
    if (!row) throw notFoundError('notification', id);
    const content = (await contentsOf(db, [id])).get(id);
    return {
      ...toEntry(row, lang),
      text: content?.text_body ?? '',
      html: content?.html_body ?? '',
      headers: JSON.parse(content?.headers_json ?? '{}') as Record<string, string>,
    };
  }

  /** Sends a failed (or waiting) notification again now, with the same Message-ID. */
  async retry(id: number, lang: Lang = 'en'): Promise<OutboxEntry> {
    const db = this.options.database.db;
    const row = await findOutboxRow(db, id);
    if (!row) throw notFoundError('notification', id);
    if (!(await requeueRow(db, id, this.clock()))) {
      throw new DrobotError(notificationErrors.notRetryable, {
        params: { id, state: outboxStateLabels[row.state as OutboxState] ?? row.state },
      });
    }
    return toEntry((await findOutboxRow(db, id)) ?? row, lang);
  }
}

/** Loop safety: no mail to DRobot itself, no acknowledgment of an auto-reply or a bounce. Pure. */
function loopRule(v: CheckedInput, own: ReadonlySet<string>): EnqueueResult | undefined {
  if (own.has(normalizeAddress(v.to))) return { status: 'skipped', reason: 'own-address' };
  if (v.type === 'case-created' && v.trigger.bounce) return { status: 'skipped', reason: 'bounce' };
  if (v.type === 'case-created' && v.trigger.autoSubmitted) {
    return { status: 'skipped', reason: 'auto-reply' };
  }
  return undefined;
}
