import type { MailAddress } from '../cases/case.types.js';
import { isDrobotError } from '../errors/drobot-error.js';
import type { Lang } from '../i18n/lang.js';
import type { ThrottlePolicy } from '../inbound/classify/sender.throttle.js';
import type { NewCaseAction, NewCaseEvent, NewCaseHook } from '../inbound/ingest/mail.ingestor.js';
import type { Logger } from '../logging/logger.js';
import type { OutboundPlan, OutboxService } from '../notifications/outbox.service.js';
import type { Executor } from '../storage/database.js';
import { sendableAddress } from '../transports/mime/mail-address.js';
import { ackRefusal, languageOfMail, oneLine, type AckRefusal } from './ack.policy.js';
import { notAcknowledgedDetail } from './refusal.labels.js';
import { acknowledgedSince, linkOutboxRow, lockRequester, senderOverLimit } from './helpdesk.repository.js';
import { recordOutbound, threadIds } from './outbound-record.js';

export interface AcknowledgerDeps {
  readonly outbox: OutboxService;
  /** The inbound account's acknowledgment settings. */
  readonly accountOf: (accountId: number) => Promise<{ acknowledge: boolean; lang: Lang | null }>;
  readonly defaultLang: Lang;
  /** At most one acknowledgment per requester in this many seconds; 0 for no limit. */
  readonly windowSeconds: number;
  readonly throttle: ThrottlePolicy;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** How long looked-up settings and routing are reused (default 30 s). */
  readonly cacheMs?: number;
}

/** Why a new case got no acknowledgment. */
export type AckSkipReason =
  AckRefusal | 'invalid-address' | 'no-account' | 'suppressed' | 'loop-rule' | 'invalid';

/** What became of one new case's acknowledgment. */
export type AckOutcome =
  | { readonly status: 'queued'; readonly outboxId: number; readonly messageId: string }
  | { readonly status: 'skipped'; readonly reason: AckSkipReason };

/**
 * Acknowledges new cases: a `case-created` notification to the requester, queued in the transaction that
 * opens the case (so a crash never loses one or sends two), and recorded as the case's second message.
 */
export class Acknowledger implements NewCaseHook {
  /** Per inbound account: the action being built or built, shared by every case that asks meanwhile. */
  private readonly cache = new Map<number, { at: number; action: Promise<NewCaseAction> }>();
  private readonly clock: () => Date;
  /** The outcome of each acknowledgment attempt, for whoever watches (logs, tests). */
  onOutcome: ((caseId: number, outcome: AckOutcome) => void) | undefined;

  constructor(private readonly deps: AcknowledgerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Looks up, outside the transaction, what acknowledging a case of this inbound account takes. A batch
   * prepares its mails together: they share one look-up instead of each starting its own.
   */
  prepare(accountId: number): Promise<NewCaseAction> {
    const cached = this.cache.get(accountId);
    if (cached && Date.now() - cached.at < (this.deps.cacheMs ?? 30_000)) return cached.action;
    const action = this.build(accountId);
    this.cache.set(accountId, { at: Date.now(), action });
    return action;
  }

  private async build(accountId: number): Promise<NewCaseAction> {
    let settings: { acknowledge: boolean; lang: Lang | null } = { acknowledge: true, lang: null };
    let plan: OutboundPlan | undefined;
    try {
      settings = await this.deps.accountOf(accountId);
      if (settings.acknowledge) plan = await this.deps.outbox.plan('case-created');
    } catch (error) {
      // No outbound account (yet), or the account is gone: cases still open, unacknowledged.
      this.deps.logger.warn('new cases cannot be acknowledged', {
        accountId,
        code: isDrobotError(error) ? error.code : 'internal_error',
      });
    }
    const action = async (trx: Executor, event: NewCaseEvent) => {
      const outcome = await this.acknowledge(trx, event, settings, plan);
      this.onOutcome?.(event.caseId, outcome);
      if (outcome.status === 'queued') return undefined;
      this.deps.logger.info('new case not acknowledged', { caseId: event.caseId, reason: outcome.reason });
      // The mail's inbound log line says why.
      return notAcknowledgedDetail(outcome.reason);
    };
    // Neither a language to set on the case nor an acknowledgment to queue: `acknowledge` only says why.
    const onlyReports = (mail: NewCaseEvent['mail']) =>
      !languageOfMail(mail.headers) && !settings.lang && !(settings.acknowledge && plan);
    return Object.assign(action, { onlyReports });
  }

  private async acknowledge(
    trx: Executor,
    event: NewCaseEvent,
    settings: { acknowledge: boolean; lang: Lang | null },
    plan: OutboundPlan | undefined,
  ): Promise<AckOutcome> {
    const now = this.clock();
    const mail = event.mail;
    // The conversation's language: the mail's, else the account's; answers later speak it too.
    const known = languageOfMail(mail.headers) ?? settings.lang ?? undefined;
    if (known) await trx.updateTable('cases').set({ lang: known }).where('id', '=', event.caseId).execute();
    if (!settings.acknowledge) return { status: 'skipped', reason: 'disabled' };
    if (!plan) return { status: 'skipped', reason: 'no-account' };
    const refusal = ackRefusal({
      enabled: true,
      requester: event.requester,
      headers: mail.headers,
      ownAddresses: plan.own,
    });
    if (refusal) return { status: 'skipped', reason: refusal };
    const sender = event.requester.address.trim().toLowerCase();
    // As it is queued and sent: an internationalized domain in A-labels.
    const to = sendableAddress(sender);
    if (to === undefined) return { status: 'skipped', reason: 'invalid-address' };
    if (await senderOverLimit(trx, sender, now, this.deps.throttle, event.senderCount)) {
      return { status: 'skipped', reason: 'throttled' };
    }
    if (this.deps.windowSeconds > 0) {
      await lockRequester(trx, to);
      const since = new Date(now.getTime() - this.deps.windowSeconds * 1000).toISOString();
      if (await acknowledgedSince(trx, to, since))
        return { status: 'skipped', reason: 'recently-acknowledged' };
    }
    const lang = known ?? this.deps.defaultLang;
    let prepared;
    try {
      prepared = this.deps.outbox.prepare({
        type: 'case-created',
        lang,
        to,
        data: ackData(event.caseId, mail.subject, event.requester, lang),
        ...(mail.messageId && threadIds([mail.messageId]).length > 0 ? { inReplyTo: mail.messageId } : {}),
        references: threadIds([...mail.references, mail.messageId]),
        trigger: { autoSubmitted: false, bounce: false },
      });
    } catch (error) {
      // Checked before any write: the case opens all the same.
      if (isDrobotError(error)) return { status: 'skipped', reason: 'invalid' };
      throw error;
    }
    const messageId = this.deps.outbox.newMessageId(event.caseId, plan.domain);
    const queued = await this.deps.outbox.queue(trx, prepared, plan, { messageId });
    if (queued.status === 'suppressed') return { status: 'skipped', reason: 'suppressed' };
    if (queued.status === 'skipped') return { status: 'skipped', reason: 'loop-rule' };
    const caseMessageId = await recordOutbound(trx, {
      caseId: event.caseId,
      prepared,
      plan,
      messageId,
      to: [{ address: to, name: event.requester.name }],
      now,
    });
    await linkOutboxRow(trx, queued.id, caseMessageId);
    return { status: 'queued', outboxId: queued.id, messageId };
  }
}

function ackData(caseId: number, subject: string, requester: MailAddress, lang: Lang) {
  const caseSubject = oneLine(subject, 200) || (lang === 'es' ? '(sin asunto)' : '(no subject)');
  const name = requester.name ? oneLine(requester.name, 200) : '';
  return { caseId, caseSubject, ...(name ? { requesterName: name } : {}) };
}
