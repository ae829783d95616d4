import crypto from 'node:crypto';
import { DrobotError, isDrobotError } from '../errors/drobot-error.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { composeMime, type OutgoingAttachment } from '../transports/mime/outgoing-mail.js';
import type { OutboundSink } from '../transports/ports.js';
import { inTransaction, type Database } from '../storage/database.js';
import { foldableSubject } from './mail.compose.js';
import { accountsWithWork, claimDue } from './outbox.claim.js';
import {
  recordOutcome,
  type AttemptOutcome,
  type OutboxAttachment,
  type OutboxRow,
} from './outbox.repository.js';
import { notificationErrors } from './notification.errors.js';
import { RATE_LIMIT_PRESETS } from './rate-limit.js';
import { recordSentIdentity, sentIdentityOf, threadHintFor, type SentIdentity } from './sent-identity.js';
import { decideAfterFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { suppressAddress } from './suppression.repository.js';

/** What the worker needs from an outbound account: its address and its sink (SMTP, Graph, Gmail API). */
export interface OutboundTransport {
  readonly from: string;
  readonly fromName?: string | undefined;
  readonly sink: OutboundSink;
  /** The mailbox a provider's thread ids belong to (`gmail:{address}`), for a sink that takes one. */
  readonly threadMailbox?: string | undefined;
}

/** A file sent with a mail (an agent's answer). */
export type OutboundAttachment = OutgoingAttachment;

export interface OutboxWorkerOptions {
  readonly database: Database;
  /** The transport of an outbound account; may throw (account gone, token refresh failed …). */
  readonly transportFor: (accountId: number) => Promise<OutboundTransport>;
  /** Messages per minute of an account (see rate-limit.ts for the presets). */
  readonly rateLimitOf: (accountId: number) => number | Promise<number>;
  /** The bytes of an attachment kept in the blob store (answers with files). */
  readonly readBlob?: (hash: string) => Promise<Buffer>;
  readonly owner?: string;
  /** How long a claim lasts; longer than any single send can take. Default 5 minutes. */
  readonly leaseMs?: number;
  readonly batchSize?: number;
  /** Sends in flight at once. */
  readonly concurrency?: number;
  readonly retry?: RetryPolicy;
  readonly clock?: () => Date;
  readonly random?: () => number;
  readonly logger?: Logger;
}

export interface RunSummary {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

const emptySummary = (): RunSummary => ({ claimed: 0, sent: 0, retrying: 0, failed: 0 });

/** Works through the outbox: claims due rows under a lease, sends them, records each outcome. */
export class OutboxWorker {
  readonly owner: string;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.owner = options.owner ?? `worker-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
  }

  /** One round: claim a batch, send it, record the outcomes. */
  async runOnce(): Promise<RunSummary> {
    const limits = await this.rateLimits();
    const rows = await claimDue(this.options.database, {
      owner: this.owner,
      now: this.clock(),
      leaseMs: this.options.leaseMs ?? 5 * 60_000,
      limit: this.options.batchSize ?? 50,
      rateLimitOf: (id) => limits.get(id) ?? RATE_LIMIT_PRESETS.domain,
    });
    const summary = emptySummary();
    summary.claimed = rows.length;
    const queue = [...rows];
    const lanes = Array.from({ length: Math.max(1, this.options.concurrency ?? 5) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const state = await this.process(row);
        if (state) summary[state] += 1;
      }
    });
    await Promise.all(lanes);
    return summary;
  }

  /** The rate limit of every account with waiting rows; one that cannot be looked up gets the default. */
  private async rateLimits(): Promise<Map<number, number>> {
    const limits = new Map<number, number>();
    for (const id of await accountsWithWork(this.options.database)) {
      try {
        limits.set(id, await this.options.rateLimitOf(id));
      } catch {
        limits.set(id, RATE_LIMIT_PRESETS.domain);
      }
    }
    return limits;
  }

  /** Runs rounds until one claims nothing (what is left is waiting for its time or its rate window). */
  async drain(maxRounds = 10_000): Promise<RunSummary> {
    const total = emptySummary();
    for (let round = 0; round < maxRounds; round += 1) {
      const s = await this.runOnce();
      for (const key of Object.keys(total) as Array<keyof RunSummary>) total[key] += s[key];
      if (s.claimed === 0) break;
    }
    return total;
  }

  /** Polls every `intervalMs` until stopped. */
  start(intervalMs = 5_000): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.drain()
        .catch((error: unknown) => this.logger.error('outbox round failed', { error }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async process(row: OutboxRow): Promise<AttemptOutcome['state'] | undefined> {
    const { outcome, identity } = await this.attempt(row);
    const kept = await this.record(row, outcome, identity);
    if (!kept) {
      const lost = new DrobotError(notificationErrors.leaseLost, { params: { id: row.id } });
      this.logger.warn(lost.message, { id: row.id, messageId: row.message_id });
      return undefined;
    }
    const fields = {
      id: row.id,
      messageId: row.message_id,
      accountId: row.account_id,
      attempt: row.attempts,
    };
    if (outcome.state === 'sent') this.logger.info('notification sent', fields);
    else this.logger.warn(`notification ${outcome.state}`, { ...fields, code: outcome.errorCode });
    return outcome.state;
  }

  /** Writes an attempt's outcome and, with it in one transaction, what the provider made of a sent mail. */
  private async record(row: OutboxRow, outcome: AttemptOutcome, identity: SentIdentity | undefined) {
    const now = this.clock();
    if (!identity) return recordOutcome(this.options.database.db, row.id, this.owner, outcome, now);
    return inTransaction(this.options.database, async (trx) => {
      const kept = await recordOutcome(trx, row.id, this.owner, outcome, now);
      if (kept) await recordSentIdentity(trx, row, identity, now);
      return kept;
    });
  }

  private async attempt(row: OutboxRow): Promise<{ outcome: AttemptOutcome; identity?: SentIdentity }> {
    try {
      const transport = await this.options.transportFor(row.account_id);
      const db = this.options.database.db;
      const threadHint = await threadHintFor(db, row.case_id, transport.threadMailbox);
      const message = await composeMime({
        from: transport.from,
        fromName: transport.fromName,
        to: row.recipient,
        // The composer cannot fold a long word: such a subject goes as encoded words (see foldableSubject).
        subject: foldableSubject(row.subject),
        text: row.text_body,
        html: row.html_body,
        messageId: row.message_id,
        headers: JSON.parse(row.headers_json) as Record<string, string>,
        attachments: await this.attachmentsOf(row),
      });
      const sent = await transport.sink.send(threadHint ? { ...message, threadHint } : message);
      const identity = sentIdentityOf(row, sent, transport.threadMailbox);
      return { outcome: { state: 'sent', serverReply: sent.response ?? '' }, identity };
    } catch (error) {
      return { outcome: await this.failure(row, error) };
    }
  }

  private async attachmentsOf(row: OutboxRow): Promise<OutboundAttachment[]> {
    const listed = JSON.parse(row.attachments_json) as OutboxAttachment[];
    if (listed.length === 0) return [];
    const read = this.options.readBlob;
    if (!read) throw new Error('attachments cannot be read: no blob store');
    return Promise.all(
      listed.map(async (a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: await read(a.hash),
      })),
    );
  }

  private async failure(row: OutboxRow, error: unknown): Promise<AttemptOutcome> {
    const e = isDrobotError(error) ? error : undefined;
    const retryable = e ? e.retryable : true;
    const decision = decideAfterFailure(
      row.attempts,
      retryable,
      { ...(this.options.retry ?? DEFAULT_RETRY_POLICY), maxAttempts: row.max_attempts },
      this.clock(),
      this.options.random ?? Math.random,
    );
    const errorCode = e?.code ?? 'internal_error';
    // Both languages are kept: each reader sees the error in their own.
    const message = e
      ? JSON.stringify({ es: e.render('es').message, en: e.render('en').message })
      : error instanceof Error
        ? error.message
        : String(error);
    const serverReply = e?.serverReply;
    if (decision.state === 'retrying') {
      return {
        state: 'retrying',
        nextAttemptAt: decision.nextAttemptAt,
        errorCode,
        error: message,
        serverReply,
      };
    }
    // A recipient refused for good is a permanent bounce: no more notifications to it until cleared.
    if (!retryable && e?.step === 'rcpt') {
      await suppressAddress(this.options.database.db, row.recipient, 'bounce', serverReply, this.clock());
    }
    const code = decision.exhausted ? notificationErrors.attemptsExhausted.code : errorCode;
    return { state: 'failed', errorCode: code, error: message, serverReply };
  }
}
