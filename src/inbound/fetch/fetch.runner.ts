import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { BlobStore } from '../../cases/blob.store.js';
import type { Logger } from '../../logging/logger.js';
import { isDrobotError } from '../../errors/drobot-error.js';
import type { Database } from '../../storage/database.js';
import {
  DownloadTooLargeError,
  type InboundSource,
  type SourceItem,
  type SourceListing,
} from '../../transports/ports.js';
import { InboundMailRepository } from '../ingest/inbound-mail.repository.js';
import type { IngestResult, MailIngestor } from '../ingest/mail.ingestor.js';
import type { InboundSettings } from '../../transports/registry.js';
import { guardDownload, MailStalledError } from './download-guard.js';
import { DOWNLOAD_MARGIN_BYTES, runByteCap } from './fetch-limits.js';
import { FetchFailureRepository, MAX_DOWNLOAD_ATTEMPTS } from './fetch-failure.repository.js';
import { FetchStateRepository, failureBackoffMs } from './fetch-state.repository.js';
import { MailSink, MailTooLargeError } from './mail-sink.js';
import { count, emptySummary, errorTextOf, isSettleable, type RunSummary } from './run-summary.js';

/** The inbound limits and first-run policy of one account. */
export interface FetchLimits {
  readonly maxMessagesPerRun: number;
  readonly maxMessageBytes: number;
  readonly firstRun: 'all' | 'unread' | 'new';
}

/** One account's fetch, as the scheduler or the CLI asks for it. */
export interface FetchPlan<S extends InboundSettings = InboundSettings> {
  readonly accountId: number;
  readonly accountName: string;
  readonly limits: FetchLimits;
  readonly source: S;
}

/** Opens a source on a mailbox; the transport registry chooses the adapter per connection type. */
export type SourceOpener = (settings: InboundSettings) => Promise<InboundSource>;

/** Whether a download stopped because the server sent more than the cap (our sink's or the source's). */
function isOversize(error: unknown): boolean {
  return error instanceof MailTooLargeError || error instanceof DownloadTooLargeError;
}

/** Items one listing asks for at most; what a run does not get to is listed again by the next. */
const LIST_LIMIT = 100_000;

/** Progress callbacks for a terminal progress bar. */
export interface FetchProgress {
  start(total: number): void;
  mail(result: IngestResult): void;
}

export interface FetchRunnerDeps {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly ingestor: MailIngestor;
  readonly open: SourceOpener;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/** Mails settled on the server in batches of this many. */
const SETTLE_BATCH = 50;

/** Connections one run opens at most: a failed download drops its connection, and the run goes on. */
const MAX_SESSIONS_PER_RUN = 4;

/** How a run is asked for. */
export interface RunOptions {
  /** Aborted when the run must stop (its lease was lost, the process stops): no more mail, no settling. */
  readonly signal?: AbortSignal;
  /** Also take the mail the first-run policy set aside (`drobot fetch NAME --all`). */
  readonly includeSetAside?: boolean;
}

/**
 * One fetch run of one account: list what is new, stream each mail to a temp file, ingest it (one
 * transaction per mail), then do the after-store action on the server only for mails already committed.
 * A crash or a cut connection at any point leaves each mail either committed (and settled on a later run)
 * or untouched on the server.
 */
export class FetchRunner {
  private readonly mails = new InboundMailRepository();
  private readonly state = new FetchStateRepository();
  private readonly failures = new FetchFailureRepository();
  private readonly clock: () => Date;

  constructor(private readonly deps: FetchRunnerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async run(plan: FetchPlan, progress?: FetchProgress, options: RunOptions = {}): Promise<RunSummary> {
    const started = Date.now();
    const summary = emptySummary(plan.accountId, plan.accountName);
    const sessions = new Sessions(this.deps.open, plan.source);
    try {
      const session = await sessions.open();
      await this.process(plan, sessions, session.mailbox, summary, progress, options);
      await this.closeAndMarkSettled(plan, sessions);
      await this.state.recordSuccess(this.deps.database.db, plan.accountId, this.clock().toISOString());
    } catch (error) {
      sessions.abort();
      summary.errors += 1;
      summary.error = error instanceof Error ? error.message : String(error);
      summary.errorText = errorTextOf(error);
      const failures = await this.state
        .recordFailure(
          this.deps.database.db,
          plan.accountId,
          summary.errorText,
          this.clock(),
          failureBackoffMs,
        )
        .catch(() => 0);
      this.deps.logger.warn('fetch run failed', {
        account: plan.accountName,
        failures,
        error: summary.error,
      });
    }
    summary.durationMs = Date.now() - started;
    const { errorText: _text, ...logged } = summary;
    this.deps.logger.info('fetch run', logged);
    return summary;
  }

  private async process(
    plan: FetchPlan,
    sessions: Sessions,
    mailbox: string,
    summary: RunSummary,
    progress: FetchProgress | undefined,
    options: RunOptions,
  ): Promise<void> {
    const db = this.deps.database.db;
    const keep = plan.source.afterStore === 'keep';
    const key = (uid: string) => ({ accountId: plan.accountId, mailbox, uid });

    // Mails committed on an earlier run whose server action did not happen (a crash, a cut connection).
    await this.settleLeftovers(plan, sessions.current, mailbox);

    const refetch = await this.mails.refetchLimits(db, plan.accountId, mailbox);
    // What an earlier version recorded as set aside by the first run is taken too when asked.
    if (options.includeSetAside) await this.mails.forgetPreexisting(db, plan.accountId, mailbox);
    const previous = await this.state.cursor(db, plan.accountId);
    const listing = await sessions.current.list({
      cursor: previous,
      firstRun: plan.limits.firstRun,
      includeSetAside: options.includeSetAside === true,
      limit: LIST_LIMIT,
      include: [...refetch.keys()],
    });
    const handled = await this.mails.handledUids(
      db,
      plan.accountId,
      mailbox,
      listing.items.map((m) => m.id),
    );
    const deferred = await this.failures.pending(db, plan.accountId, mailbox);
    const now = this.clock().toISOString();
    const fresh = listing.items.filter((m) => !handled.has(m.id) || refetch.has(m.id));
    // A mail the server failed to deliver waits for its next attempt, and then comes after the others.
    const waiting = fresh.filter((m) => (deferred.get(m.id)?.nextAttemptAt ?? '') > now);
    const ready = [
      ...fresh.filter((m) => !deferred.has(m.id)),
      ...fresh.filter((m) => deferred.has(m.id) && deferred.get(m.id)!.nextAttemptAt <= now),
    ];
    const batch = ready.slice(0, Math.max(1, plan.limits.maxMessagesPerRun));
    summary.remaining = ready.length - batch.length;
    summary.deferred = waiting.length;
    summary.setAside = listing.setAside;
    progress?.start(batch.length);

    let settleQueue: string[] = [];
    const done = new Set<string>(handled);
    const byteCap = runByteCap(plan.limits.maxMessageBytes);
    let bytes = 0;
    for (const [index, mail] of batch.entries()) {
      if (options.signal?.aborted || bytes >= byteCap) {
        summary.remaining += batch.length - index;
        break;
      }
      const limit = refetch.get(mail.id) ?? plan.limits.maxMessageBytes;
      const outcome = await this.fetchOne(plan, sessions, mail, key(mail.id), keep, limit);
      bytes += outcome.bytes;
      if (outcome.gone) {
        // Deleted on the server between listing and download: nothing to store, nothing to settle.
        done.add(mail.id);
        continue;
      }
      if (outcome.deferred) {
        summary.deferred += 1;
        continue;
      }
      const result = outcome.result;
      count(summary, result);
      progress?.mail(result);
      done.add(mail.id);
      if (outcome.sessionLost) settleQueue = [];
      if (!keep && isSettleable(result)) settleQueue.push(mail.id);
      if (settleQueue.length >= SETTLE_BATCH && !options.signal?.aborted) {
        await sessions.current.settle(settleQueue);
        settleQueue = [];
      }
    }
    if (options.signal?.aborted) return;
    if (settleQueue.length > 0) await sessions.current.settle(settleQueue);
    await this.advanceCursor(plan, sessions.current, listing, done, previous);
  }

  /** What one mail became, and how many bytes it cost. */
  private async fetchOne(
    plan: FetchPlan,
    sessions: Sessions,
    mail: SourceItem,
    key: { accountId: number; mailbox: string; uid: string },
    keep: boolean,
    limit: number,
  ): Promise<
    | { gone?: false; deferred: false; result: IngestResult; bytes: number; sessionLost: boolean }
    | { gone?: false; deferred: true; bytes: number; sessionLost: true }
    | { gone: true; bytes: 0 }
  > {
    const db = this.deps.database.db;
    const ingestor = this.deps.ingestor;
    const listedSize = mail.size ?? 0;
    if (listedSize > limit) {
      // The server says it is too large: not downloaded at all; it waits, visible, on the server.
      const detail = `${listedSize} bytes listed by the server, limit ${limit}`;
      const result = await ingestor.quarantineUnfetched(key, 'over_size', detail, listedSize);
      return { deferred: false, result, bytes: 0, sessionLost: false };
    }
    const sink = new MailSink(this.deps.blobs.tempPath('fetch'), limit + DOWNLOAD_MARGIN_BYTES);
    const session = sessions.current;
    try {
      await guardDownload(
        sink,
        plan.source.timeoutMs,
        () => session.abort(),
        session.download(mail.id, sink, { maxBytes: sink.cap }).then(() => finished(sink)),
      );
    } catch (error) {
      sink.destroy();
      fs.rmSync(sink.file, { force: true });
      if (isDrobotError(error) && error.code === 'api_item_gone') {
        await this.failures.clear(db, key.accountId, key.mailbox, key.uid);
        this.deps.logger.info('mail gone from the server before its download', {
          account: plan.accountName,
          uid: key.uid,
        });
        return { gone: true, bytes: 0 };
      }
      // The connection is in an unknown state after a failed or cut download: the next mail gets a new one.
      await sessions.reopen(() => this.settleLeftovers(plan, sessions.current, key.mailbox));
      if (isOversize(error) || sink.size > sink.cap) {
        const detail = `more than ${limit} bytes sent (${sink.size} received before stopping)`;
        const result = await ingestor.quarantineUnfetched(key, 'over_size', detail, sink.size);
        return { deferred: false, result, bytes: sink.size, sessionLost: true };
      }
      const reason = error instanceof MailStalledError ? error.message : errorTextOf(error).en;
      const failure = await this.failures.record(db, key, reason, this.clock());
      this.deps.logger.warn('mail download failed', {
        account: plan.accountName,
        uid: key.uid,
        attempts: failure.attempts,
        error: reason,
      });
      if (failure.attempts < MAX_DOWNLOAD_ATTEMPTS)
        return { deferred: true, bytes: sink.size, sessionLost: true };
      const detail = `${failure.attempts} downloads failed, the last: ${reason}`;
      const result = await ingestor.quarantineUnfetched(key, 'download_failed', detail, listedSize);
      await this.failures.clear(db, key.accountId, key.mailbox, key.uid);
      return { deferred: false, result, bytes: sink.size, sessionLost: true };
    }
    try {
      const raw = await this.deps.blobs.adoptFile(sink.file, { hash: sink.digest(), size: sink.size });
      const result = await ingestor.ingestStored(key, raw, { settled: keep });
      await this.failures.clear(db, key.accountId, key.mailbox, key.uid);
      return { deferred: false, result, bytes: sink.size, sessionLost: false };
    } finally {
      fs.rmSync(sink.file, { force: true });
    }
  }

  /** Mails committed earlier whose after-store action is still to be done on the server. */
  private async settleLeftovers(plan: FetchPlan, session: InboundSource, mailbox: string): Promise<void> {
    if (plan.source.afterStore === 'keep') return;
    const unsettled = await this.mails.unsettled(this.deps.database.db, plan.accountId, mailbox);
    if (unsettled.length > 0) await session.settle(unsettled);
  }

  /**
   * Stores where the listing ended once every listed mail is handled; otherwise the source says how far
   * it may go (IMAP: the UID below which all are handled), so later listings stay short and nothing is
   * skipped.
   */
  private async advanceCursor(
    plan: FetchPlan,
    source: InboundSource,
    listing: SourceListing,
    done: ReadonlySet<string>,
    previous: string | undefined,
  ): Promise<void> {
    const complete = listing.items.every((m) => done.has(m.id));
    const cursor = complete ? listing.cursor : source.partialCursor(listing, done, previous);
    await this.state.setCursor(this.deps.database.db, plan.accountId, cursor, this.clock().toISOString());
  }

  /**
   * Ends the session cleanly; after that (POP3 QUIT made the deletions real) the server actions done in it
   * count as done. Mails settled in a session that was dropped are settled again by the next one.
   */
  private async closeAndMarkSettled(plan: FetchPlan, sessions: Sessions): Promise<void> {
    const mailbox = sessions.current.mailbox;
    await sessions.close();
    if (plan.source.afterStore === 'keep') return;
    const db = this.deps.database.db;
    await this.mails.markSettled(
      db,
      plan.accountId,
      mailbox,
      await this.mails.unsettled(db, plan.accountId, mailbox),
    );
  }
}

/**
 * The run's connection to the mailbox. A download that fails leaves the connection in an unknown state, so
 * the run drops it and opens another, a few times at most.
 */
class Sessions {
  private session: InboundSource | undefined;
  private mailbox: string | undefined;
  private opened = 0;

  constructor(
    private readonly opener: SourceOpener,
    private readonly settings: InboundSettings,
  ) {}

  get current(): InboundSource {
    if (!this.session) throw new Error('no open mailbox session');
    return this.session;
  }

  async open(): Promise<InboundSource> {
    this.opened += 1;
    this.session = await this.opener(this.settings);
    this.mailbox = this.session.mailbox;
    return this.session;
  }

  /** Drops the current connection and opens another; `then` runs on the new one. */
  async reopen(then: () => Promise<void>): Promise<void> {
    this.abort();
    if (this.opened >= MAX_SESSIONS_PER_RUN) {
      throw new Error(`the server failed ${this.opened} times in one run; the rest waits for the next run`);
    }
    const before = this.mailbox;
    const session = await this.open();
    if (session.mailbox !== before) {
      // The folder was renumbered (a new UIDVALIDITY) meanwhile: this run's uids name other mails now.
      throw new Error('the mailbox changed its identity during the run; the next run starts over');
    }
    await then();
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }

  abort(): void {
    this.session?.abort();
    this.session = undefined;
  }
}
