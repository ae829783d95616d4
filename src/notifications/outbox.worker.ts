import crypto from 'node:crypto';
import { recordRun } from '../activity/runs.js';
import { DrobotError, isDrobotError } from '../errors/drobot-error.js';
import type { Text } from '../i18n/lang.js';
import { errorTextOf } from '../errors/error-text.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type * as OutgoingMail from '../transports/mime/outgoing-mail.js';
import type { OutgoingAttachment } from '../transports/mime/outgoing-mail.js';
import type { OutboundMessage, OutboundSink } from '../transports/ports.js';
import { inTransaction, type Database } from '../storage/database.js';
import { retryTransient } from '../storage/transient-error.js';
import { ComposeAhead, type ComposeAheadOptions } from './compose-ahead.js';
import { foldableSubject } from './mail.compose.js';
import { accountsWithWork, claimDue } from './outbox.claim.js';
import {
  recordOutcome,
  recordSentOutcomes,
  type AttemptOutcome,
  type OutboxAttachment,
  type OutboxContent,
  type OutboxMail,
} from './outbox.repository.js';
import { notificationErrors } from './notification.errors.js';
import { OutcomeBatch } from './outcome-batch.js';
import { RATE_LIMIT_PRESETS } from './rate-limit.js';
import { roundErrorText } from './round-error.js';
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
  /** Sends the account may have in flight at once (default 6). */
  readonly parallel?: number | undefined;
}

const DEFAULT_PARALLEL = 6;

/** How sent mails' outcomes are written again when the database fails for the moment. */
const RECORD_RETRY = { attempts: 5, pauseMs: 200 } as const;

/** How far an account's mails are composed ahead of its connections (see compose-ahead.ts). */
const COMPOSE_AHEAD: ComposeAheadOptions<OutboxMail> = {
  window: 128,
  maxBytes: 4 * 1024 * 1024,
  sizeOf: (row) => (row.content ? row.content.text_body.length + row.content.html_body.length : 0),
  hasFiles: (row) => row.content !== undefined && row.content.attachments_json !== '[]',
};

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
  /** How long a claim lasts; longer than a round's sends can take. Default 5 minutes. */
  readonly leaseMs?: number;
  /** Rows claimed at once (one statement), within each account's rate limit. Default 500. */
  readonly batchSize?: number;
  /** Sends in flight at once per account; default: what the account's transport says it takes. */
  readonly concurrency?: number;
  /** Outcomes written in one transaction at most (default 250) … */
  readonly recordBatchSize?: number;
  /** … or what gathered within this many milliseconds (default 250). */
  readonly recordDelayMs?: number;
  readonly retry?: RetryPolicy;
  readonly clock?: () => Date;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** Called after each polling pass of `start` (the outbound side closes connections left idle). */
  readonly afterPass?: () => void;
}

export interface RunSummary {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

const emptySummary = (): RunSummary => ({ claimed: 0, sent: 0, retrying: 0, failed: 0 });

/** One round as it goes: its counts, and the first error of a notification that did not go. */
interface Round {
  readonly summary: RunSummary;
  firstError: string | undefined;
}

/** A finished attempt waiting to be written. */
interface Finished {
  readonly row: OutboxMail;
  readonly outcome: AttemptOutcome;
  /** What the provider made of a sent mail (its Message-ID, its thread), written with the outcome. */
  readonly identity?: SentIdentity | undefined;
}

/** A row's mail composed, and the transport it goes by. */
interface Composed {
  readonly transport: OutboundTransport;
  readonly message: OutboundMessage;
}

/** The rows of each account, in claim order. */
function byAccount(rows: readonly OutboxMail[]): OutboxMail[][] {
  const groups = new Map<number, OutboxMail[]>();
  for (const row of rows) {
    const group = groups.get(row.account_id);
    if (group) group.push(row);
    else groups.set(row.account_id, [row]);
  }
  return [...groups.values()];
}

let composer: Promise<typeof OutgoingMail> | undefined;

/**
 * The MIME composer (nodemailer's) loads with the first notification sent: the commands that only build
 * the worker, `drobot fetch` among them, never send and never load it.
 */
function loadComposer(): Promise<typeof OutgoingMail> {
  composer ??= import('../transports/mime/outgoing-mail.js');
  return composer;
}

/**
 * Works through the outbox: claims due rows under a lease, sends them, records the outcomes in batches (see
 * outcome-batch.ts for what a crash leaves).
 */
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

  /**
   * One round: claim a batch, send it over each account's connections, record the outcomes in batches.
   * Each account's transport is looked up once per round. `onSent` is called once every claimed row's send
   * has ended, before the last outcomes are written.
   */
  async runOnce(onSent?: () => void): Promise<RunSummary> {
    const startedAt = this.clock();
    const summary = emptySummary();
    const round: Round = { summary, firstError: undefined };
    try {
      const limits = await this.rateLimits();
      const rows = await claimDue(this.options.database, {
        owner: this.owner,
        now: this.clock(),
        leaseMs: this.options.leaseMs ?? 5 * 60_000,
        limit: this.options.batchSize ?? 500,
        rateLimitOf: (id) => limits.get(id) ?? RATE_LIMIT_PRESETS.domain,
      });
      summary.claimed = rows.length;
      if (rows.length > 0) await this.sendRound(rows, round, onSent);
    } catch (error) {
      await this.recordHistory(summary, startedAt, errorTextOf(error));
      throw error;
    }
    // Idle polls leave no line: the history holds the rounds that did something.
    if (summary.claimed > 0) {
      await this.recordHistory(summary, startedAt, roundErrorText(summary, round.firstError));
      this.logger.info('outbox round', { ...summary });
    }
    return summary;
  }

  /** One line in the history of runs, after the round; a failure to write it is logged, never thrown. */
  private async recordHistory(summary: RunSummary, startedAt: Date, error: Text | null): Promise<void> {
    try {
      const endedAt = this.clock();
      // A line of history is not worth a sync of its own: a power cut may take the last ones back.
      await inTransaction(
        this.options.database,
        (trx) =>
          recordRun(trx, {
            kind: 'send',
            accountId: null,
            startedAt,
            endedAt,
            counts: { ...summary },
            error,
          }),
        'deferred',
      );
    } catch (failure) {
      this.logger.warn('outbox round not recorded in the history', {
        error: failure instanceof Error ? failure.message : String(failure),
      });
    }
  }

  /** Sends claimed rows, each account's over its own lanes, and records the outcomes in batches. */
  private async sendRound(
    rows: readonly OutboxMail[],
    round: Round,
    onSent: (() => void) | undefined,
  ): Promise<void> {
    const transports = new Map<number, Promise<OutboundTransport>>();
    const transportOf = (accountId: number) => {
      let transport = transports.get(accountId);
      if (!transport) {
        transport = this.options.transportFor(accountId);
        // Every row of the account awaits it and records the failure; this keeps it from being unhandled.
        transport.catch(() => undefined);
        transports.set(accountId, transport);
      }
      return transport;
    };
    const outcomes = new OutcomeBatch<Finished>({
      write: (items) => this.record(items),
      maxItems: Math.max(1, this.options.recordBatchSize ?? 250),
      maxDelayMs: this.options.recordDelayMs ?? 250,
    });
    const recorded: Array<Promise<void>> = [];
    // A composer that cannot load is a broken installation, not a failed notification: the round fails.
    await loadComposer();
    const sendQueue = async (queue: ComposeAhead<OutboxMail, Composed>) => {
      for (let next = queue.take(); next; next = queue.take()) {
        const { row } = next;
        const finished = await this.attempt(row, next.composing);
        if (!finished) continue;
        const { outcome } = finished;
        recorded.push(outcomes.add(finished).then((kept) => this.report(row, outcome, kept, round)));
      }
    };
    const sendAccount = async (queue: OutboxMail[]) => {
      const accountId = queue[0]?.account_id ?? 0;
      // A transport that cannot be had fails every row of the account, one after the other.
      const parallel = await transportOf(accountId).then(
        (t) => this.options.concurrency ?? t.parallel ?? DEFAULT_PARALLEL,
        () => 1,
      );
      const ahead = new ComposeAhead(queue, (row) => this.compose(row, transportOf), COMPOSE_AHEAD);
      const lanes = Array.from({ length: Math.max(1, parallel) }, () => sendQueue(ahead));
      const ended = await Promise.allSettled(lanes);
      const failed = ended.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    };
    const sending = await Promise.allSettled(byAccount(rows).map(sendAccount));
    if (sending.every((r) => r.status === 'fulfilled')) onSent?.();
    await outcomes.flush();
    const writing = await Promise.allSettled(recorded);
    const failed = [...sending, ...writing].find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Writes finished attempts in one transaction; per attempt, whether this worker still held the row. A
   * failure of the moment (a deadlock, a lost connection) writes them again: unwritten, these mails would
   * stay `sending` and go out a second time once their lease ends.
   */
  private record(items: readonly Finished[]): Promise<boolean[]> {
    const now = this.clock();
    return retryTransient(() => this.recordOnce(items, now), {
      ...RECORD_RETRY,
      onRetry: (attempt, error) =>
        this.logger.warn('outcomes written again after a passing database failure', { attempt, error }),
    });
  }

  private recordOnce(items: readonly Finished[], now: Date): Promise<boolean[]> {
    return inTransaction(this.options.database, async (trx) => {
      // Sent mails (nearly all of a batch) in a few statements; failures one by one, each with its error.
      const sent = items.flatMap(({ row, outcome }) =>
        outcome.state === 'sent' ? [{ id: row.id, serverReply: outcome.serverReply }] : [],
      );
      const heldSent = await recordSentOutcomes(trx, sent, this.owner, now);
      const kept: boolean[] = [];
      for (const { row, outcome, identity } of items) {
        const held =
          outcome.state === 'sent'
            ? heldSent.has(row.id)
            : await recordOutcome(trx, row.id, this.owner, outcome, now);
        if (held && identity) await recordSentIdentity(trx, row, identity, now);
        kept.push(held);
      }
      return kept;
    });
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

  /**
   * Runs rounds until one claims nothing (what is left is waiting for its time or its rate window). The
   * next round is claimed as soon as the sends of the one before have ended, while that one's last outcomes
   * are written and synced and its line of history added: the thread claims and composes meanwhile instead
   * of waiting for the disk (bench/README.md). At most two rounds are under way at once, so at most two
   * claims' contents are held; a failed round stops the rounds, and its failure is thrown once the other
   * round has ended.
   */
  async drain(maxRounds = 10_000): Promise<RunSummary> {
    const rounds: Array<Promise<{ summary?: RunSummary; error?: unknown }>> = [];
    for (let n = 0; n < maxRounds; n += 1) {
      const before = rounds.at(-2);
      if (before && (await before).error !== undefined) break;
      let sent!: () => void;
      const next = new Promise<'next'>((resolve) => (sent = () => resolve('next')));
      const round = this.runOnce(sent).then(
        (summary) => ({ summary }),
        (error: unknown) => ({ error }),
      );
      rounds.push(round);
      // A round that ends before its sends have ended claimed nothing, or failed.
      if ((await Promise.race([next, round])) !== 'next') break;
    }
    const total = emptySummary();
    let failure: { error: unknown } | undefined;
    for (const { summary, error } of await Promise.all(rounds)) {
      if (summary)
        for (const key of Object.keys(total) as Array<keyof RunSummary>) total[key] += summary[key];
      else failure ??= { error };
    }
    if (failure) throw failure.error;
    return total;
  }

  /** Polls every `intervalMs` until stopped. */
  start(intervalMs = 5_000): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.drain()
        .catch((error: unknown) => this.logger.error('outbox round failed', { error }))
        .finally(() => {
          this.options.afterPass?.();
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

  /** Logs and counts a recorded outcome. */
  private report(row: OutboxMail, outcome: AttemptOutcome, kept: boolean, round: Round): void {
    if (!kept) {
      const lost = new DrobotError(notificationErrors.leaseLost, { params: { id: row.id } });
      this.logger.warn(lost.message, { id: row.id, messageId: row.message_id });
      return;
    }
    round.summary[outcome.state] += 1;
    if (outcome.state === 'sent') {
      // The outbox row is the record of a sent mail (`drobot outbox show`); the log has the round's line.
      this.logger.debug('notification sent', { id: row.id, messageId: row.message_id });
      return;
    }
    round.firstError ??= outcome.error;
    this.logger.warn(`notification ${outcome.state}`, {
      id: row.id,
      messageId: row.message_id,
      accountId: row.account_id,
      attempt: row.attempts,
      code: outcome.errorCode,
    });
  }

  /** A row's mail composed, with the transport it goes by. */
  private async compose(
    row: OutboxMail,
    transportOf: (accountId: number) => Promise<OutboundTransport>,
  ): Promise<Composed> {
    const { composeMime } = await loadComposer();
    const content = row.content;
    if (!content) throw new DrobotError(notificationErrors.contentMissing, { params: { id: row.id } });
    const transport = await transportOf(row.account_id);
    const threadHint = await threadHintFor(this.options.database.db, row.case_id, transport.threadMailbox);
    const mail: OutgoingMail.OutgoingMail = {
      from: transport.from,
      fromName: transport.fromName,
      to: row.recipient,
      // The composer cannot fold a long word: such a subject goes as encoded words (see foldableSubject).
      subject: foldableSubject(row.subject),
      text: content.text_body,
      html: content.html_body,
      messageId: row.message_id,
      headers: JSON.parse(content.headers_json) as Record<string, string>,
      attachments: await this.attachmentsOf(content),
    };
    const message = await composeMime(mail);
    return { transport, message: threadHint ? { ...message, threadHint } : message };
  }

  /** Sends one row's mail; undefined when its lease ran out first (the next claim takes it). */
  private async attempt(row: OutboxMail, composing: Promise<Composed>): Promise<Finished | undefined> {
    try {
      const { transport, message } = await composing;
      // Past its lease another worker may have claimed the row: sending now could send it twice.
      if (this.clock().getTime() >= Date.parse(row.lease_until ?? '')) {
        this.logger.warn('lease ran out before sending; the next claim takes it', { id: row.id });
        return undefined;
      }
      const sent = await transport.sink.send(message);
      const identity = sentIdentityOf(row, sent, transport.threadMailbox);
      return { row, outcome: { state: 'sent', serverReply: sent.response ?? '' }, identity };
    } catch (error) {
      return { row, outcome: await this.failure(row, error) };
    }
  }

  private async attachmentsOf(content: OutboxContent): Promise<OutboundAttachment[]> {
    const listed = JSON.parse(content.attachments_json) as OutboxAttachment[];
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

  private async failure(row: OutboxMail, error: unknown): Promise<AttemptOutcome> {
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
