import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { BlobStore } from '../../cases/blob.store.js';
import type { Logger } from '../../logging/logger.js';
import { inTransaction, type Database } from '../../storage/database.js';
import { InboundMailRepository } from '../ingest/inbound-mail.repository.js';
import type { IngestResult, MailIngestor } from '../ingest/mail.ingestor.js';
import type { MailboxSession, RemoteMail, SessionOpener, SourceSettings } from '../source/mail-source.js';
import { guardDownload, MailStalledError } from './download-guard.js';
import { DOWNLOAD_MARGIN_BYTES, runByteCap } from './fetch-limits.js';
import { FetchFailureRepository, MAX_DOWNLOAD_ATTEMPTS } from './fetch-failure.repository.js';
import { FetchStateRepository, failureBackoffMs } from './fetch-state.repository.js';
import { MailSink, MailTooLargeError } from './mail-sink.js';
import { isPop3OversizeError } from '../../transports/pop3/index.js';
import { count, emptySummary, errorTextOf, isSettleable, type RunSummary } from './run-summary.js';

/** The inbound limits and first-run policy of one account. */
export interface FetchLimits {
  readonly maxMessagesPerRun: number;
  readonly maxMessageBytes: number;
  readonly firstRun: 'all' | 'unread' | 'new';
}

/** One account's fetch, as the scheduler or the CLI asks for it. */
export interface FetchPlan {
  readonly accountId: number;
  readonly accountName: string;
  readonly limits: FetchLimits;
  readonly source: SourceSettings;
}

/** Whether a download stopped because the server sent more than the cap (our sink's or a transport's). */
function isOversize(error: unknown): boolean {
  return error instanceof MailTooLargeError || isPop3OversizeError(error);
}

/** The lowest numeric uid (IMAP), or undefined. Pure. */
function lowestUid(uids: Iterable<string>): number | undefined {
  let lowest: number | undefined;
  for (const uid of uids) {
    const n = Number(uid);
    if (Number.isInteger(n) && n > 0 && (lowest === undefined || n < lowest)) lowest = n;
  }
  return lowest;
}

/** The mails a run looks at, and what the first-run policy set aside. */
interface Listing {
  readonly all: RemoteMail[];
  readonly floor: number;
  readonly firstRunDone: boolean;
  readonly setAside: number;
}

/** Progress callbacks for a terminal progress bar. */
export interface FetchProgress {
  start(total: number): void;
  mail(result: IngestResult): void;
}

export interface FetchRunnerDeps {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly ingestor: MailIngestor;
  readonly open: SessionOpener;
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
    const listing = await this.candidates(plan, sessions.current, options, lowestUid(refetch.keys()));
    const handled = await this.mails.handledUids(
      db,
      plan.accountId,
      mailbox,
      listing.all.map((m) => m.uid),
    );
    const deferred = await this.failures.pending(db, plan.accountId, mailbox);
    const now = this.clock().toISOString();
    const fresh = listing.all.filter((m) => !handled.has(m.uid) || refetch.has(m.uid));
    // A mail the server failed to deliver waits for its next attempt, and then comes after the others.
    const waiting = fresh.filter((m) => (deferred.get(m.uid)?.nextAttemptAt ?? '') > now);
    const ready = [
      ...fresh.filter((m) => !deferred.has(m.uid)),
      ...fresh.filter((m) => deferred.has(m.uid) && deferred.get(m.uid)!.nextAttemptAt <= now),
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
      const limit = refetch.get(mail.uid) ?? plan.limits.maxMessageBytes;
      const outcome = await this.fetchOne(plan, sessions, mail, key(mail.uid), keep, limit);
      bytes += outcome.bytes;
      if (outcome.deferred) {
        summary.deferred += 1;
        continue;
      }
      const result = outcome.result;
      count(summary, result);
      progress?.mail(result);
      done.add(mail.uid);
      if (outcome.sessionLost) settleQueue = [];
      if (!keep && isSettleable(result)) settleQueue.push(mail.uid);
      if (settleQueue.length >= SETTLE_BATCH && !options.signal?.aborted) {
        await sessions.current.settle(settleQueue);
        settleQueue = [];
      }
    }
    if (options.signal?.aborted) return;
    if (settleQueue.length > 0) await sessions.current.settle(settleQueue);
    if (sessions.current.protocol === 'imap') {
      await this.advanceFloor(
        plan,
        mailbox,
        listing,
        done,
        summary.remaining === 0 && summary.deferred === 0,
      );
    }
  }

  /** What one mail became, and how many bytes it cost. */
  private async fetchOne(
    plan: FetchPlan,
    sessions: Sessions,
    mail: RemoteMail,
    key: { accountId: number; mailbox: string; uid: string },
    keep: boolean,
    limit: number,
  ): Promise<
    | { deferred: false; result: IngestResult; bytes: number; sessionLost: boolean }
    | { deferred: true; bytes: number; sessionLost: true }
  > {
    const db = this.deps.database.db;
    const ingestor = this.deps.ingestor;
    if (mail.size > limit) {
      // The server says it is too large: not downloaded at all; it waits, visible, on the server.
      const detail = `${mail.size} bytes listed by the server, limit ${limit}`;
      const result = await ingestor.quarantineUnfetched(key, 'over_size', detail, mail.size);
      return { deferred: false, result, bytes: 0, sessionLost: false };
    }
    const sink = new MailSink(this.deps.blobs.tempPath('fetch'), limit + DOWNLOAD_MARGIN_BYTES);
    const session = sessions.current;
    try {
      await guardDownload(
        sink,
        plan.source.timeoutMs,
        () => session.abort(),
        session.download(mail.uid, sink, { maxBytes: sink.cap }).then(() => finished(sink)),
      );
    } catch (error) {
      sink.destroy();
      fs.rmSync(sink.file, { force: true });
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
      const result = await ingestor.quarantineUnfetched(key, 'download_failed', detail, mail.size);
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
  private async settleLeftovers(plan: FetchPlan, session: MailboxSession, mailbox: string): Promise<void> {
    if (plan.source.afterStore === 'keep') return;
    const unsettled = await this.mails.unsettled(this.deps.database.db, plan.accountId, mailbox);
    if (unsettled.length > 0) await session.settle(unsettled);
  }

  /**
   * What to look at on the server, following the first-run policy; `setAside` counts what the policy left
   * on the server on this run (taken later with `drobot fetch NAME --all`).
   */
  private async candidates(
    plan: FetchPlan,
    session: MailboxSession,
    options: RunOptions,
    refetchFrom: number | undefined,
  ): Promise<Listing> {
    const db = this.deps.database.db;
    const now = this.clock().toISOString();
    const policy = plan.limits.firstRun;
    if (session.protocol === 'pop3') {
      const row = await this.state.ensure(db, plan.accountId, session.mailbox, 0, now);
      const all = await session.list({ afterUid: 0, unseenOnly: false });
      const firstRun = row.first_run_done === 0;
      // POP3 has no flags: "unread" is everything in the mailbox, and only `new` sets mail aside.
      if (firstRun && policy === 'new' && !options.includeSetAside) {
        await this.recordPreexisting(plan.accountId, session.mailbox, all);
      }
      if (firstRun) {
        await this.state.setPosition(db, plan.accountId, session.mailbox, {
          floor: 0,
          firstRunDone: true,
          now,
        });
      }
      if (options.includeSetAside) await this.mails.forgetPreexisting(db, plan.accountId, session.mailbox);
      const setAside = firstRun && policy === 'new' && !options.includeSetAside;
      return { all: setAside ? [] : all, floor: 0, firstRunDone: true, setAside: setAside ? all.length : 0 };
    }
    // A folder seen before under another UIDVALIDITY was renumbered by the server: its mail is not new
    // history, so take all of it (what was stored already is recognised by its identity).
    const renumbered = await this.state.hasOtherGeneration(db, plan.accountId, session.mailbox);
    const effective = renumbered || options.includeSetAside ? 'all' : policy;
    const initialFloor = effective === 'all' ? 0 : Math.max(0, (session.uidNext ?? 1) - 1);
    const row = await this.state.ensure(db, plan.accountId, session.mailbox, initialFloor, now);
    const firstRunDone = row.first_run_done === 1;
    const floor = options.includeSetAside ? 0 : Number(row.floor_uid);
    // A quarantined mail a person asked to fetch again may sit below the floor.
    const from = refetchFrom === undefined ? floor : Math.min(floor, refetchFrom - 1);
    const above = await session.list({ afterUid: from, unseenOnly: false });
    if (firstRunDone || effective === 'all' || floor === 0)
      return { all: above, floor, firstRunDone, setAside: 0 };
    // First run under `new` or `unread`: what is below the floor is history, but unread mail is pending work.
    const below = (await session.list({ afterUid: 0, unseenOnly: effective === 'unread' })).filter(
      (m) => Number(m.uid) <= floor,
    );
    const total = effective === 'unread' ? (session.exists ?? 0) : 0;
    const taken = effective === 'unread' ? below : [];
    const setAside = effective === 'new' ? below.length : Math.max(0, total - above.length - taken.length);
    return { all: [...taken, ...above], floor, firstRunDone, setAside };
  }

  /** Moves the IMAP floor up past every UID handled, so later listings stay short. */
  private async advanceFloor(
    plan: FetchPlan,
    mailbox: string,
    listing: Listing,
    done: ReadonlySet<string>,
    complete: boolean,
  ): Promise<void> {
    let floor = listing.floor;
    const above = listing.all
      .map((m) => Number(m.uid))
      .filter((u) => u > floor)
      .sort((a, b) => a - b);
    for (const uid of above) {
      if (!done.has(String(uid))) break;
      floor = uid;
    }
    await this.state.setPosition(this.deps.database.db, plan.accountId, mailbox, {
      floor,
      firstRunDone: listing.firstRunDone || complete,
      now: this.clock().toISOString(),
    });
  }

  /** POP3 first run with policy `new`: what is there now is history, recorded and never fetched. */
  private async recordPreexisting(
    accountId: number,
    mailbox: string,
    all: readonly RemoteMail[],
  ): Promise<void> {
    const now = this.clock().toISOString();
    await inTransaction(this.deps.database, async (trx) => {
      const known = await this.mails.handledUids(
        trx,
        accountId,
        mailbox,
        all.map((m) => m.uid),
      );
      for (const m of all) {
        if (known.has(m.uid)) continue;
        await this.mails.record(
          trx,
          { accountId, mailbox, uid: m.uid },
          {
            dedupKey: `preexisting|${m.uid}`,
            outcome: 'preexisting',
            caseMessageId: null,
            settled: true,
            now,
          },
        );
      }
    });
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
  private session: MailboxSession | undefined;
  private mailbox: string | undefined;
  private opened = 0;

  constructor(
    private readonly opener: SessionOpener,
    private readonly settings: SourceSettings,
  ) {}

  get current(): MailboxSession {
    if (!this.session) throw new Error('no open mailbox session');
    return this.session;
  }

  async open(): Promise<MailboxSession> {
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
