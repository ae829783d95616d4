import type { BlobPort } from '../cases/blob.port.js';
import { caseErrors } from '../cases/case.errors.js';
import { CaseRepository } from '../cases/case.repository.js';
import type { Case, CaseMessage } from '../cases/case.types.js';
import { DrobotError, isDrobotError } from '../errors/drobot-error.js';
import { validationError } from '../errors/validation.js';
import { isLang, type Lang } from '../i18n/lang.js';
import type { Logger } from '../logging/logger.js';
import { notificationErrors } from '../notifications/notification.errors.js';
import type { OutboxAttachment } from '../notifications/outbox.repository.js';
import type { EnqueueResult, OutboundPlan, OutboxService } from '../notifications/outbox.service.js';
import { inTransaction, type Database, type Executor } from '../storage/database.js';
import { oneLine, statusWords, trimmedQuote } from './ack.policy.js';
import { helpdeskErrors } from './helpdesk.errors.js';
import {
  answerRefusal,
  candidatesOf,
  lastWordsOf,
  participants,
  type AnswerRefusal,
} from './participants.js';
import { notSentEvents, statusChangedEvent, untoldReason, type NewHistoryEvent } from './case-history.js';
import { insertHistoryEvents } from './case-history.repository.js';
import { linkOutboxRow, suppressedAmong } from './helpdesk.repository.js';
import { recordOutbound, threadIds } from './outbound-record.js';
import { checkAuthor, checkReply, checkStatus, checkText, type ReplyInput } from './reply.input.js';

/** Who an answer goes to, and what each copy became; a requester it cannot go to, and why. */
export interface SentCopy {
  readonly to: string;
  readonly result: EnqueueResult | { readonly status: 'not-sent'; readonly reason: AnswerRefusal };
}

export { MAX_PARTICIPANTS, participants } from './participants.js';

export interface ReplyResult {
  readonly case: Case;
  /** The case message that holds the answer. */
  readonly messageId: number;
  readonly copies: readonly SentCopy[];
}

export interface StatusResult {
  readonly case: Case;
  readonly changed: boolean;
  /** The notification to the requester, when the new status is one they are told about. */
  readonly notification: EnqueueResult | { readonly status: 'not-notified'; readonly reason: string };
}

export interface ConversationDeps {
  readonly database: Database;
  readonly outbox: OutboxService;
  readonly blobs: BlobPort;
  readonly defaultLang: Lang;
  /** Statuses whose change is mailed to the requester. */
  readonly notifyStatuses: readonly string[];
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/**
 * The agent's side of a case: answers, internal notes and status changes. Each writes the case change,
 * the case message and the outbox rows in one transaction, so what the history shows went out, once.
 */
export class ConversationService {
  private readonly repo = new CaseRepository();
  private readonly clock: () => Date;

  constructor(private readonly deps: ConversationDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Answers a case: to the requester and the case's other participants — whoever the requester's first
   * mail was addressed or copied to, except DRobot's own addresses (at most {@link MAX_PARTICIPANTS}).
   */
  async reply(caseId: number, input: ReplyInput): Promise<ReplyResult> {
    const checked = checkReply(input);
    if (!checked.ok) throw validationError(checked.issues);
    const v = checked.value;
    await this.mustFind(this.deps.database.db, caseId);
    const plan = await this.deps.outbox.plan('case-updated');
    // Blobs first: a rolled-back answer leaves only unreferenced blobs, which the sweep removes.
    const files: OutboxAttachment[] = [];
    for (const a of v.attachments) {
      const ref = await this.deps.blobs.putBuffer(a.content);
      files.push({ hash: ref.hash, filename: a.filename, contentType: a.contentType, size: ref.size });
    }
    return inTransaction(this.deps.database, async (trx) => {
      const now = this.clock();
      // Locked when the answer changes the status: the history says the status it had.
      const found = await this.mustFind(trx, caseId, v.status !== undefined);
      const messages = await this.repo.listMessages(trx, caseId);
      const lang = langOf(found, this.deps.defaultLang);
      const suppressed = await suppressedAmong(
        trx,
        candidatesOf(found, messages).map((c) => c.address),
      );
      const recipients = participants(found, messages, plan.own, suppressed);
      // A requester the answer cannot go to is said so, not left out silently.
      const requesterRefusal = answerRefusal(found.requester.address, plan.own);
      const first = recipients[0];
      if (!first) {
        throw new DrobotError(helpdeskErrors.noRecipient, {
          params: { id: found.number, address: found.requester.address },
        });
      }
      let status = found.status;
      if (v.status && v.status !== found.status) {
        await this.repo.setStatus(trx, caseId, v.status, now.toISOString());
        const change = statusChangedEvent(found.status, v.status, 'answer', v.author ?? null);
        await insertHistoryEvents(trx, found.id, [change], now.toISOString());
        status = v.status;
      }
      const tellStatus = status !== found.status && this.deps.notifyStatuses.includes(status);
      const mails = messages.filter((m) => m.kind === 'mail');
      const last = mails.at(-1);
      const lastWords = lastWordsOf(messages, recipients);
      const quoted = lastWords ? trimmedQuote(lastWords.textReply || lastWords.text) : '';
      const data = {
        caseId: found.number,
        caseSubject: oneLine(found.subject, 200) || '-',
        change: 'reply',
        message: v.text,
        ...(v.author ? { agentName: oneLine(v.author, 200) } : {}),
        ...(quoted ? { quoted } : {}),
        ...(tellStatus ? { status: statusWords(status, lang) } : {}),
      };
      const inReplyTo = threadIds([last?.messageId])[0];
      const references = threadIds([...(last?.references ?? []), last?.messageId]);
      const prepare = (to: string) =>
        this.deps.outbox.prepare({
          type: 'case-updated',
          lang,
          to,
          data,
          ...(inReplyTo ? { inReplyTo } : {}),
          references,
        });
      const prepared = prepare(first.address);
      const messageId = this.deps.outbox.newMessageId(found.number, plan.domain);
      const caseMessageId = await recordOutbound(trx, {
        caseId,
        prepared,
        plan,
        messageId,
        to: [first],
        cc: recipients.slice(1),
        textReply: v.text,
        author: v.author ?? null,
        attachments: files.map((f) => ({ ...f, inline: false })),
        now,
      });
      const copies: SentCopy[] = requesterRefusal
        ? [{ to: found.requester.address, result: { status: 'not-sent', reason: requesterRefusal } }]
        : [];
      for (const [i, r] of recipients.entries()) {
        const result = await this.deps.outbox.queue(trx, i === 0 ? prepared : prepare(r.address), plan, {
          caseMessageId,
          attachments: files,
          ...(i === 0 ? { messageId } : {}),
        });
        copies.push({ to: r.address, result });
      }
      // Who the answer did not go to, and why, stays in the case's history.
      await insertHistoryEvents(trx, found.id, notSentEvents(caseMessageId, copies), now.toISOString());
      return { case: { ...found, status }, messageId: caseMessageId, copies };
    });
  }

  /** Stores an internal note on a case; it is never sent to anyone. */
  async note(caseId: number, input: { text: string; author?: string | undefined }): Promise<CaseMessage> {
    const issues: Parameters<typeof checkText>[1] = [];
    const text = checkText(input.text, issues);
    const author = checkAuthor(input.author, issues);
    if (issues.length > 0) throw validationError(issues);
    const id = await inTransaction(this.deps.database, async (trx) => {
      const found = await this.mustFind(trx, caseId);
      const now = this.clock().toISOString();
      const messageId = await this.repo.insertMessage(
        trx,
        caseId,
        {
          direction: 'out',
          kind: 'note',
          author: author ?? null,
          classification: 'normal',
          from: { address: '', name: author },
          to: [],
          cc: [],
          subject: found.subject,
          sentAt: null,
          messageId: null,
          inReplyTo: null,
          references: [],
          text,
          textReply: text,
          html: null,
          rawHash: null,
          attachments: [],
        },
        now,
      );
      await this.repo.touch(trx, caseId, now);
      return messageId;
    });
    const stored = await this.repo.findMessage(this.deps.database.db, id);
    if (!stored) throw new DrobotError(caseErrors.caseNotFound, { params: { id: caseId } });
    return stored;
  }

  /**
   * Changes a case's status; when the new status is one the requester is told about, the notification is
   * queued (and recorded on the case) in the same transaction. The case's history keeps the change: from
   * which status to which, and who made it (`author`, as an answer's), whether the requester was told or not.
   */
  async setStatus(
    caseId: number,
    status: string,
    by: {
      readonly author?: string | undefined;
      /** Who made it when no `author` is given (the command line's user, the token): not checked as a name. */
      readonly otherwise?: string | undefined;
    } = {},
  ): Promise<StatusResult> {
    const issues: Parameters<typeof checkStatus>[1] = [];
    const next = checkStatus(status, issues);
    if (!next) {
      throw new DrobotError(caseErrors.badStatus, {
        params: { status, values: 'new, open, pending, resolved, closed' },
        field: 'status',
      });
    }
    const author = checkAuthor(by.author, issues) ?? by.otherwise;
    if (issues.length > 0) throw validationError(issues);
    const plan = this.deps.notifyStatuses.includes(next) ? await this.planOrNone() : undefined;
    return inTransaction(this.deps.database, async (trx) => {
      // Locked: the status it had is the one the history says it left.
      const found = await this.mustFind(trx, caseId, true);
      if (found.status === next) {
        return { case: found, changed: false, notification: { status: 'not-notified', reason: 'unchanged' } };
      }
      const now = this.clock();
      await this.repo.setStatus(trx, caseId, next, now.toISOString());
      const updated: Case = { ...found, status: next, updatedAt: now.toISOString() };
      const notification: StatusResult['notification'] = !this.deps.notifyStatuses.includes(next)
        ? { status: 'not-notified', reason: 'status' }
        : plan
          ? await this.notifyStatus(trx, updated, plan, now)
          : { status: 'not-notified', reason: 'no-account' };
      const events: NewHistoryEvent[] = [statusChangedEvent(found.status, next, 'agent', author ?? null)];
      // A requester who should have been told and was not: the case's history says so, and why.
      const untold = untoldReason(notification);
      if (untold !== undefined) {
        events.push({
          kind: 'not-notified',
          caseMessageId: null,
          address: found.requester.address || null,
          reason: untold,
          status: next,
          previousStatus: null,
          author: null,
        });
      }
      await insertHistoryEvents(trx, found.id, events, now.toISOString());
      return { case: updated, changed: true, notification };
    });
  }

  private async notifyStatus(
    trx: Executor,
    found: Case,
    plan: OutboundPlan,
    now: Date,
  ): Promise<StatusResult['notification']> {
    const requester = found.requester;
    const refusal = answerRefusal(requester.address, plan.own);
    if (refusal) return { status: 'not-notified', reason: refusal };
    const lang = langOf(found, this.deps.defaultLang);
    const messages = await this.repo.listMessages(trx, found.id);
    const last = messages.filter((m) => m.kind === 'mail').at(-1);
    const inReplyTo = threadIds([last?.messageId])[0];
    const prepared = this.deps.outbox.prepare({
      type: 'case-updated',
      lang,
      to: requester.address,
      data: {
        caseId: found.number,
        caseSubject: oneLine(found.subject, 200) || '-',
        change: 'status',
        status: statusWords(found.status, lang),
      },
      ...(inReplyTo ? { inReplyTo } : {}),
      references: threadIds([...(last?.references ?? []), last?.messageId]),
    });
    const messageId = this.deps.outbox.newMessageId(found.number, plan.domain);
    const result = await this.deps.outbox.queue(trx, prepared, plan, { messageId });
    if (result.status !== 'queued') return result;
    const caseMessageId = await recordOutbound(trx, {
      caseId: found.id,
      prepared,
      plan,
      messageId,
      to: [{ address: requester.address, name: requester.displayName ?? undefined }],
      now,
    });
    await linkOutboxRow(trx, result.id, caseMessageId);
    return result;
  }

  /** The outbound plan, or undefined when no outbound account is set up (a status still changes). */
  private async planOrNone(): Promise<OutboundPlan | undefined> {
    try {
      return await this.deps.outbox.plan('case-updated');
    } catch (error) {
      if (isDrobotError(error) && error.code === notificationErrors.noOutboundAccount.code) {
        this.deps.logger.warn('status change not notified: no outbound account');
        return undefined;
      }
      throw error;
    }
  }

  /** The case, or a `case_not_found` error; with `lock`, its row locked to the transaction's end. */
  private async mustFind(ex: Executor, caseId: number, lock = false): Promise<Case> {
    const found = await this.repo.findCase(ex, caseId, lock);
    if (!found) throw new DrobotError(caseErrors.caseNotFound, { params: { id: caseId } });
    return found;
  }
}

function langOf(found: Case, fallback: Lang): Lang {
  return isLang(found.lang) ? found.lang : fallback;
}
