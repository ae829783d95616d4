import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { finished } from 'node:stream/promises';
import type { BlobPort, BlobRef } from '../../cases/blob.port.js';
import type { Logger } from '../../logging/logger.js';
import { isDrobotError } from '../../errors/drobot-error.js';
import { inTransaction, type Database } from '../../storage/database.js';
import {
  DownloadTooLargeError,
  type InboundSource,
  type SourceItem,
  type SourceListing,
} from '../../transports/ports.js';
import { CaseBuilder, type BuiltMail } from '../ingest/case-builder.js';
import { InboundMailRepository, type MailKey } from '../ingest/inbound-mail.repository.js';
import type { IngestResult, MailIngestor } from '../ingest/mail.ingestor.js';
import type { InboundSettings } from '../../transports/registry.js';
import { guardDownload, MailStalledError } from './download-guard.js';
import { DOWNLOAD_MARGIN_BYTES, runByteCap } from './fetch-limits.js';
import { FetchFailureRepository, MAX_DOWNLOAD_ATTEMPTS } from './fetch-failure.repository.js';
import { FetchStateRepository, failureBackoffMs } from './fetch-state.repository.js';
import { isRoundTripHead, isRoundTripMail } from './intake-headers.js';
import { MailSink, MailTooLargeError } from './mail-sink.js';
import { recordRun } from '../../activity/runs.js';
import { errorTextOf } from '../../errors/error-text.js';
import type { Text } from '../../i18n/lang.js';
import { downloadFailedDetail, quarantineDetail } from '../quarantine/quarantine.labels.js';
import { count, emptySummary, type RunSummary } from './run-summary.js';

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

/** Progress callbacks for a terminal progress bar: mails taken in, then mails built into cases. */
export interface FetchProgress {
  start(total: number): void;
  /** `count` more mails are durable and settled on the server (taken in). */
  received?(count: number): void;
  /** What one mail became (built, or quarantined at intake). */
  mail(result: IngestResult): void;
}

export interface FetchRunnerDeps {
  readonly database: Database;
  readonly blobs: BlobPort;
  readonly ingestor: MailIngestor;
  readonly open: SourceOpener;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** The case builder; one is made from the ingestor when absent. */
  readonly builder?: CaseBuilder;
  readonly intakeLimits?: Partial<IntakeLimits>;
}

/** One intake transaction takes at most this many mails, bytes, or milliseconds since its first mail. */
export interface IntakeLimits {
  readonly count: number;
  readonly bytes: number;
  readonly ageMs: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { count: 100, bytes: 16 * 1024 * 1024, ageMs: 1000 };

/** Downloads in flight on one session at most, whatever the source offers. */
const MAX_DOWNLOAD_WINDOW = 16;

/** Connections one run opens at most: a failed download drops its connection, and the run goes on. */
const MAX_SESSIONS_PER_RUN = 4;

/** How a run is asked for. */
export interface RunOptions {
  /** Aborted when the run must stop (its lease was lost, the process stops): no more mail, no settling. */
  readonly signal?: AbortSignal;
  /** Also take the mail the first-run policy set aside (`drobot fetch NAME --all`). */
  readonly includeSetAside?: boolean;
  /** Return once intake committed, leaving the cases to the builder (`drobot fetch --no-wait`). */
  readonly noWait?: boolean;
  /**
   * The parser starts loading with the run, while the server is reached and listed, instead of once the
   * listing has found mail: for a one-off run, which is there to build cases. A polling run keeps the later
   * start, so that a poll that finds nothing never starts it.
   */
  readonly warmParserEarly?: boolean;
}

/** A mail downloaded and not yet committed to the queue. */
interface Received {
  readonly key: MailKey;
  /** The mail's bytes: in memory (most mails), or in a temp file. */
  readonly bytes: Buffer | undefined;
  readonly file: string;
  readonly ref: BlobRef;
  readonly settled: boolean;
}

/** A download in flight (or a mail the listing says is too large: not downloaded). */
type Flight =
  | { readonly mail: SourceItem; readonly limit: number; readonly oversize: true }
  | {
      readonly mail: SourceItem;
      readonly limit: number;
      readonly oversize: false;
      readonly sink: MailSink;
      readonly done: Promise<void>;
    };

/**
 * One fetch run of one account, in two stages. Intake: list what is new, stream each mail to a temp file
 * (several downloads in flight where the source allows), make a batch of them durable in the blob store and
 * queue them in one transaction, then do the after-store action on the server only for mails committed.
 * Case building (`CaseBuilder`) turns the queue into cases; the run waits for it unless told otherwise.
 * A crash or a cut connection at any point leaves each mail either queued (built and settled later) or
 * untouched on the server.
 */
export class FetchRunner {
  private readonly mails = new InboundMailRepository();
  private readonly state = new FetchStateRepository();
  private readonly failures = new FetchFailureRepository();
  private readonly clock: () => Date;
  private readonly intakeLimits: IntakeLimits;
  /** The second stage, shared with the scheduler's continuous builder. */
  readonly builder: CaseBuilder;

  constructor(private readonly deps: FetchRunnerDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.intakeLimits = { ...DEFAULT_INTAKE_LIMITS, ...deps.intakeLimits };
    this.builder =
      deps.builder ??
      new CaseBuilder({
        database: deps.database,
        ingestor: deps.ingestor,
        logger: deps.logger,
        ...(deps.clock ? { clock: deps.clock } : {}),
      });
  }

  async run(plan: FetchPlan, progress?: FetchProgress, options: RunOptions = {}): Promise<RunSummary> {
    const started = Date.now();
    const startedAt = this.clock();
    if (options.warmParserEarly && !options.noWait) this.deps.ingestor.warmUp();
    const summary = emptySummary(plan.accountId, plan.accountName);
    const sessions = new Sessions(this.deps.open, plan.source);
    // Not waiting: the cases are left to the scheduler's builder (or the next run), none built here.
    const building = new BuildAlongside(
      options.noWait ? undefined : this.builder,
      this.deps.ingestor,
      plan.accountId,
      (built) => {
        count(summary, built.result);
        progress?.mail(built.result);
      },
    );
    try {
      const session = await sessions.open();
      await this.process(plan, sessions, session.mailbox, summary, progress, options, building);
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
    // What was taken in is built, also after a failed run (it is durable and maybe settled already).
    if (!options.noWait && !options.signal?.aborted) {
      try {
        await building.finish();
      } catch (error) {
        summary.errors += 1;
        summary.error ??= error instanceof Error ? error.message : String(error);
        summary.errorText ??= errorTextOf(error);
        this.deps.logger.warn('case building failed', { account: plan.accountName, error: summary.error });
      }
    } else {
      await building.settle();
    }
    summary.durationMs = Date.now() - started;
    const { errorText: _text, ...logged } = summary;
    this.deps.logger.info('fetch run', logged);
    await this.recordHistory(summary, startedAt);
    return summary;
  }

  /** One line in the history of runs; a failure to write it never fails the run (it is logged). */
  private async recordHistory(summary: RunSummary, startedAt: Date): Promise<void> {
    try {
      await recordRun(this.deps.database.db, {
        kind: 'fetch',
        accountId: summary.accountId,
        startedAt,
        endedAt: this.clock(),
        counts: {
          received: summary.received,
          fetched: summary.fetched,
          newCases: summary.newCases,
          followUps: summary.followUps,
          quarantined: summary.quarantined,
          remaining: summary.remaining,
          errors: summary.errors,
        },
        error: summary.errorText,
      });
    } catch (error) {
      this.deps.logger.warn('fetch run not recorded in the history', {
        account: summary.account,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async process(
    plan: FetchPlan,
    sessions: Sessions,
    mailbox: string,
    summary: RunSummary,
    progress: FetchProgress | undefined,
    options: RunOptions,
    building: BuildAlongside,
  ): Promise<void> {
    const db = this.deps.database.db;
    const keep = plan.source.afterStore === 'keep';
    const key = (uid: string): MailKey => ({ accountId: plan.accountId, mailbox, uid });

    // Mails committed on an earlier run whose server action did not happen (a crash, a cut connection).
    await this.settleLeftovers(plan, sessions, mailbox);

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
    // Cases will be built here: the parser loads while the first mails download.
    if (batch.length > 0 && !options.noWait) this.deps.ingestor.warmUp();

    const done = new Set<string>(handled);
    const byteCap = runByteCap(plan.limits.maxMessageBytes);
    let bytes = 0;
    let inFlightBytes = 0;
    let next = 0;
    const flights: Flight[] = [];
    let received: Received[] = [];
    let receivedBytes = 0;
    let firstReceivedAt = 0;

    const aborted = () => options.signal?.aborted === true;
    const launch = () => {
      const window = Math.min(MAX_DOWNLOAD_WINDOW, Math.max(1, sessions.current.downloadWindow ?? 1));
      // Topped up half a window at a time, not a mail at a time: the commands of one top-up leave together
      // (one write for several POP3 RETRs, one UID FETCH for several IMAP mails).
      if (flights.length > Math.floor(window / 2)) return;
      while (flights.length < window && next < batch.length && !aborted()) {
        if (bytes + inFlightBytes >= byteCap) break;
        const mail = batch[next++]!;
        const limit = refetch.get(mail.id) ?? plan.limits.maxMessageBytes;
        if ((mail.size ?? 0) > limit) {
          flights.push({ mail, limit, oversize: true });
          continue;
        }
        const sink = new MailSink(this.deps.blobs.tempPath('fetch'), limit + DOWNLOAD_MARGIN_BYTES);
        const session = sessions.current;
        const ahead = flights.findLast((f) => !f.oversize);
        const done = guardDownload(
          sink,
          plan.source.timeoutMs,
          () => session.abort(),
          session.download(mail.id, sink, { maxBytes: sink.cap }).then(() => finished(sink)),
          ahead && !ahead.oversize ? ahead.done : undefined,
        );
        // Awaited in order below; a download dropped with its session must not be an unhandled rejection.
        done.catch(() => undefined);
        inFlightBytes += mail.size ?? 0;
        flights.push({ mail, limit, oversize: false, sink, done });
      }
    };
    /** Drops the downloads still in flight (their session is gone): they are downloaded again. */
    const dropFlights = () => {
      for (const f of flights) {
        if (f.oversize) continue;
        f.sink.destroy();
        removeSinkFile(f.sink);
      }
      next -= flights.length;
      flights.length = 0;
      inFlightBytes = 0;
    };
    /**
     * The intake commit in progress, and the server action after it: it overlaps the next downloads (the
     * connection is kept busy while a batch is made durable), one at a time and in order. It resolves with
     * the failure of its server action, if any, for the caller to judge (see `commitDone`).
     */
    let committing: Promise<{ settleError?: unknown }> = Promise.resolve({});
    /** Starts committing what was received; settles it once committed unless `settleNow` is false. */
    const startCommit = (settleNow = true) => {
      const items = received;
      received = [];
      receivedBytes = 0;
      const task = (async (): Promise<{ settleError?: unknown }> => {
        if (items.length === 0) return {};
        await this.commitIntake(plan, items, deferred);
        for (const item of items) done.add(item.key.uid);
        summary.received += items.length;
        progress?.received?.(items.length);
        building.wake();
        if (keep || aborted() || !settleNow) return {};
        const settle = items.filter((i) => !i.settled).map((i) => i.key.uid);
        try {
          // Only after the commit above: a mail is never deleted or moved before it is durable here.
          if (settle.length > 0) await sessions.settle(settle);
        } catch (error) {
          return { settleError: error };
        }
        return {};
      })();
      // Awaited by commitDone; until then nobody waits on it.
      task.catch(() => undefined);
      committing = task;
    };
    /**
     * Waits for the commit in progress. Its failure fails the run; so does a failed server action, unless
     * the connection is being replaced (`connectionLost`): its mails stay unsettled in the queue and the
     * next connection settles them (`settleLeftovers`).
     */
    const commitDone = async (connectionLost = false) => {
      const { settleError } = await committing;
      committing = Promise.resolve({});
      if (settleError !== undefined && !connectionLost) throw settleError;
    };
    /** Commits what was received and waits for it (and for its server action unless `settleNow` is false). */
    const flush = async (settleNow = true, connectionLost = false) => {
      await commitDone(connectionLost);
      startCommit(settleNow);
      await commitDone(connectionLost);
    };

    try {
      for (;;) {
        launch();
        const flight = flights.shift();
        if (!flight) break;
        const k = key(flight.mail.id);
        if (flight.oversize) {
          // The server says it is too large: not downloaded at all; it waits, visible, on the server.
          const listed = flight.mail.size ?? 0;
          const detail = quarantineDetail('listedOverSize', { size: listed, limit: flight.limit });
          const result = await this.deps.ingestor.quarantineUnfetched(k, 'over_size', detail, listed);
          this.countAtIntake(summary, progress, result, done, k.uid);
          continue;
        }
        inFlightBytes -= flight.mail.size ?? 0;
        try {
          await flight.done;
        } catch (error) {
          removeSinkFile(flight.sink);
          bytes += flight.sink.size;
          if (isDrobotError(error) && error.code === 'api_item_gone') {
            if (deferred.has(k.uid)) await this.failures.clear(db, k.accountId, k.mailbox, k.uid);
            this.deps.logger.info('mail gone from the server before its download', {
              account: plan.accountName,
              uid: k.uid,
            });
            // Deleted on the server between listing and download: nothing to store, nothing to settle.
            done.add(k.uid);
            continue;
          }
          // The connection is in an unknown state after a failed or cut download: what was received is
          // committed, the downloads behind this one start again on a new connection.
          dropFlights();
          await flush(false, true);
          await sessions.reopen(() => this.settleLeftovers(plan, sessions, k.mailbox));
          await this.downloadFailed(plan, k, flight, error, summary, progress, done);
          continue;
        }
        bytes += flight.sink.size;
        const held = flight.sink.bytes;
        const settled = keep || (held ? isRoundTripHead(held) : await isRoundTripMail(flight.sink.file));
        const ref = { hash: flight.sink.digest(), size: flight.sink.size };
        received.push({ key: k, bytes: held, file: flight.sink.file, ref, settled });
        if (held) building.parseAhead(ref, held);
        receivedBytes += flight.sink.size;
        if (received.length === 1) firstReceivedAt = Date.now();
        const limits = this.intakeLimits;
        const full =
          received.length >= limits.count ||
          receivedBytes >= limits.bytes ||
          Date.now() - firstReceivedAt >= limits.ageMs;
        if (full) {
          // The batch before must be committed first; this one commits while the next downloads.
          await commitDone();
          startCommit();
        } else if (flights.length === 0 && next >= batch.length) {
          // Nothing else to wait for: a single mail (an IDLE wake-up) is stored at once.
          await flush();
        }
        if (aborted()) break;
      }
      await commitDone();
      if (aborted()) return;
      await flush();
    } finally {
      // On a failure, what is being committed ends before the connection is dropped or closed.
      await committing.catch(() => undefined);
      dropFlights();
      // Downloaded but not committed (the run stopped or failed): left on the server, fetched again.
      for (const r of received) if (!r.bytes) fs.rmSync(r.file, { force: true });
      summary.remaining += batch.length - next;
    }
    await this.advanceCursor(plan, sessions.current, listing, done, previous);
  }

  /** Makes a batch of downloaded mails durable and queues them, in one transaction. */
  private async commitIntake(
    plan: FetchPlan,
    items: readonly Received[],
    deferred: ReadonlyMap<string, unknown>,
  ): Promise<void> {
    // Durable blobs first: the row that names a blob commits only once the blob survives a power loss. The
    // batch's small mails go into one pack file (one sync), which its index rows name in this transaction.
    const blobs = this.deps.blobs.batch();
    try {
      for (const i of items) {
        if (i.bytes) blobs.putBuffer(i.bytes, i.ref);
        else await blobs.putFile(i.file, i.ref);
      }
      await blobs.durable();
    } finally {
      blobs.discard();
    }
    const mailbox = items[0]!.key.mailbox;
    const failed = items.filter((i) => deferred.has(i.key.uid)).map((i) => i.key.uid);
    await inTransaction(this.deps.database, async (trx) => {
      await blobs.record(trx);
      await this.mails.enqueue(
        trx,
        items.map((i) => ({ key: i.key, rawHash: i.ref.hash, size: i.ref.size, settled: i.settled })),
        this.clock().toISOString(),
      );
      if (failed.length > 0) await this.failures.clearMany(trx, plan.accountId, mailbox, failed);
    });
  }

  /** A download that failed: quarantined (too large, or failed too often) or deferred to a later run. */
  private async downloadFailed(
    plan: FetchPlan,
    key: MailKey,
    flight: Extract<Flight, { oversize: false }>,
    error: unknown,
    summary: RunSummary,
    progress: FetchProgress | undefined,
    done: Set<string>,
  ): Promise<void> {
    const db = this.deps.database.db;
    const { sink, limit } = flight;
    const ingestor = this.deps.ingestor;
    if (isOversize(error) || sink.size > sink.cap) {
      const detail = quarantineDetail('sentOverSize', { limit, received: sink.size });
      const result = await ingestor.quarantineUnfetched(key, 'over_size', detail, sink.size);
      this.countAtIntake(summary, progress, result, done, key.uid);
      return;
    }
    // Kept in both languages: whoever reads the waiting mail reads why in their own.
    const reason = downloadErrorText(error);
    const failure = await this.failures.record(db, key, reason, this.clock());
    this.deps.logger.warn('mail download failed', {
      account: plan.accountName,
      uid: key.uid,
      attempts: failure.attempts,
      error: reason.en,
    });
    if (failure.attempts < MAX_DOWNLOAD_ATTEMPTS) {
      summary.deferred += 1;
      return;
    }
    const detail = downloadFailedDetail(failure.attempts, reason);
    const result = await ingestor.quarantineUnfetched(key, 'download_failed', detail, flight.mail.size ?? 0);
    await this.failures.clear(db, key.accountId, key.mailbox, key.uid);
    this.countAtIntake(summary, progress, result, done, key.uid);
  }

  private countAtIntake(
    summary: RunSummary,
    progress: FetchProgress | undefined,
    result: IngestResult,
    done: Set<string>,
    uid: string,
  ): void {
    count(summary, result);
    progress?.mail(result);
    done.add(uid);
  }

  /** Mails committed earlier whose after-store action is still to be done on the server. */
  private async settleLeftovers(plan: FetchPlan, sessions: Sessions, mailbox: string): Promise<void> {
    if (plan.source.afterStore === 'keep') return;
    const unsettled = await this.mails.unsettled(this.deps.database.db, plan.accountId, mailbox);
    if (unsettled.length > 0) await sessions.settle(unsettled);
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
    const settled = sessions.settledInSession();
    await sessions.close();
    if (plan.source.afterStore === 'keep') return;
    // In a transaction: on PostgreSQL the rows' locks, taken in id order first, must hold until the update.
    await inTransaction(this.deps.database, (trx) =>
      this.mails.markSettled(trx, plan.accountId, mailbox, settled),
    );
  }
}

/** How long a run waits for mail another process is building, and how often it looks. */
const FINISH_WAIT_MS = 3 * 60_000;
const FINISH_POLL_MS = 200;

/**
 * Builds the run's account's queue while intake goes on (woken by each intake commit), so cases appear
 * while the rest downloads; `finish` waits until what was taken in is built.
 */
class BuildAlongside {
  private running: Promise<void> | undefined;
  private again = false;
  private failure: unknown;
  /** The mails this run had parsed ahead (see `parseAhead`). */
  private readonly offered = new Set<string>();

  constructor(
    private readonly builder: CaseBuilder | undefined,
    private readonly ingestor: MailIngestor,
    private readonly accountId: number,
    private readonly onBuilt: (built: BuiltMail) => void,
  ) {}

  /** A mail just downloaded that this run will build: its parsing starts now (`MailIngestor.parseAhead`). */
  parseAhead(raw: BlobRef, bytes: Buffer): void {
    if (!this.builder) return;
    this.ingestor.parseAhead(raw, bytes);
    this.offered.add(raw.hash);
  }

  wake(): void {
    if (!this.builder) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /**
   * Builds what is left and waits for it; rethrows the first failure of the building. Mail another process
   * (`drobot serve`'s builder) claimed is waited for too, until its lease would let this one take it over.
   */
  async finish(): Promise<void> {
    const deadline = Date.now() + FINISH_WAIT_MS;
    try {
      for (;;) {
        await this.running;
        this.wake();
        await this.running;
        if (this.failure !== undefined) throw this.failure;
        if (!this.builder || !(await this.builder.unbuilt(this.accountId)) || Date.now() > deadline) return;
        await sleep(FINISH_POLL_MS);
      }
    } finally {
      this.forgetParsesAhead();
    }
  }

  /** Lets a building in progress end (nothing more is started); its failure is left to a later builder. */
  async settle(): Promise<void> {
    this.again = false;
    await this.running;
    this.forgetParsesAhead();
  }

  /** What was parsed ahead and not built (not committed, or left to another builder) is not kept. */
  private forgetParsesAhead(): void {
    this.ingestor.forgetParsesAhead(this.offered);
    this.offered.clear();
  }

  private async loop(): Promise<void> {
    if (!this.builder) return;
    do {
      this.again = false;
      try {
        await this.builder.drain(this.accountId, this.onBuilt);
      } catch (error) {
        this.failure ??= error;
        return;
      }
    } while (this.again);
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
  private settled: string[] = [];

  constructor(
    private readonly opener: SourceOpener,
    private readonly settings: InboundSettings,
  ) {}

  get current(): InboundSource {
    if (!this.session) throw new Error('no open mailbox session');
    return this.session;
  }

  /** Does the after-store action on the current connection, and remembers it was asked there. */
  async settle(uids: readonly string[]): Promise<void> {
    await this.current.settle([...uids]);
    this.settled.push(...uids);
  }

  /** The mails settled on the current connection (what a clean close makes real). */
  settledInSession(): string[] {
    return [...new Set(this.settled)];
  }

  async open(): Promise<InboundSource> {
    this.opened += 1;
    this.settled = [];
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
    this.settled = [];
  }
}

/**
 * Removes a download's temp file, also when the sink is still opening it: the file is created by an
 * asynchronous open, so a sink dropped early would otherwise create its file after the removal.
 */
function removeSinkFile(sink: MailSink): void {
  fs.rmSync(sink.file, { force: true });
  if (!sink.closed) sink.once('close', () => fs.rmSync(sink.file, { force: true }));
}

/** Why a download failed, in both languages: DRobot's own errors translated, anything else quoted. */
function downloadErrorText(error: unknown): Text {
  if (error instanceof MailStalledError) {
    return quarantineDetail('stalled', { received: error.received, seconds: error.seconds });
  }
  if (isDrobotError(error)) return errorTextOf(error);
  return quarantineDetail('quoted', { technical: error instanceof Error ? error.message : String(error) });
}
