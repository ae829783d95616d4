import fs from 'node:fs';
import type { BlobStore } from '../../cases/blob.store.js';
import type { Logger } from '../../logging/logger.js';
import { inTransaction, type Database } from '../../storage/database.js';
import { InboundMailRepository } from '../ingest/inbound-mail.repository.js';
import type { IngestResult, MailIngestor } from '../ingest/mail.ingestor.js';
import type { MailboxSession, RemoteMail, SessionOpener, SourceSettings } from '../source/mail-source.js';
import { FetchStateRepository, failureBackoffMs } from './fetch-state.repository.js';
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

/**
 * One fetch run of one account: list what is new, stream each mail to a temp file, ingest it (one
 * transaction per mail), then do the after-store action on the server only for mails already committed.
 * A crash or a cut connection at any point leaves each mail either committed (and settled on a later run)
 * or untouched on the server.
 */
export class FetchRunner {
  private readonly mails = new InboundMailRepository();
  private readonly state = new FetchStateRepository();
  private readonly clock: () => Date;

  constructor(private readonly deps: FetchRunnerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async run(plan: FetchPlan, progress?: FetchProgress): Promise<RunSummary> {
    const started = Date.now();
    const summary = emptySummary(plan.accountId, plan.accountName);
    let session: MailboxSession | undefined;
    try {
      session = await this.deps.open(plan.source);
      await this.process(plan, session, summary, progress);
      const mailbox = session.mailbox;
      await session.close();
      session = undefined;
      await this.markSettled(plan, mailbox);
      await this.state.recordSuccess(this.deps.database.db, plan.accountId, this.clock().toISOString());
    } catch (error) {
      session?.abort();
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
    session: MailboxSession,
    summary: RunSummary,
    progress: FetchProgress | undefined,
  ): Promise<void> {
    const db = this.deps.database.db;
    const keep = plan.source.afterStore === 'keep';
    const key = (uid: string) => ({ accountId: plan.accountId, mailbox: session.mailbox, uid });

    // Mails committed on an earlier run whose server action did not happen (a crash, a cut connection).
    const unsettled = await this.mails.unsettled(db, plan.accountId, session.mailbox);
    if (!keep && unsettled.length > 0) await session.settle(unsettled);

    const listing = await this.candidates(plan, session);
    const handled = await this.mails.handledUids(
      db,
      plan.accountId,
      session.mailbox,
      listing.all.map((m) => m.uid),
    );
    const fresh = listing.all.filter((m) => !handled.has(m.uid));
    const batch = fresh.slice(0, Math.max(1, plan.limits.maxMessagesPerRun));
    summary.remaining = fresh.length - batch.length;
    progress?.start(batch.length);

    let settleQueue: string[] = [];
    const done = new Set<string>(handled);
    for (const mail of batch) {
      const result = await this.fetchOne(plan, session, mail, key(mail.uid), keep);
      count(summary, result);
      progress?.mail(result);
      done.add(mail.uid);
      if (!keep && isSettleable(result)) settleQueue.push(mail.uid);
      if (keep && isSettleable(result)) continue;
      if (settleQueue.length >= SETTLE_BATCH) {
        await session.settle(settleQueue);
        settleQueue = [];
      }
    }
    if (settleQueue.length > 0) await session.settle(settleQueue);
    if (session.protocol === 'imap') {
      await this.advanceFloor(plan, session.mailbox, listing, done, summary.remaining === 0);
    }
  }

  private async fetchOne(
    plan: FetchPlan,
    session: MailboxSession,
    mail: RemoteMail,
    key: { accountId: number; mailbox: string; uid: string },
    keep: boolean,
  ): Promise<IngestResult> {
    const temp = this.deps.blobs.tempPath('fetch');
    try {
      const out = fs.createWriteStream(temp, { mode: 0o600 });
      try {
        await session.download(mail.uid, out);
      } catch (error) {
        out.destroy();
        throw error;
      }
      if (mail.size > plan.limits.maxMessageBytes) {
        return await this.deps.ingestor.quarantineFile(
          key,
          temp,
          'over_size',
          `${mail.size} bytes, limit ${plan.limits.maxMessageBytes}`,
        );
      }
      return await this.deps.ingestor.ingestFile(key, temp, { settled: keep });
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  /** What to look at on the server, following the first-run policy. */
  private async candidates(
    plan: FetchPlan,
    session: MailboxSession,
  ): Promise<{ all: RemoteMail[]; floor: number; firstRunDone: boolean }> {
    const db = this.deps.database.db;
    const now = this.clock().toISOString();
    const policy = plan.limits.firstRun;
    if (session.protocol === 'pop3') {
      const row = await this.state.ensure(db, plan.accountId, session.mailbox, 0, now);
      const all = await session.list({ afterUid: 0, unseenOnly: false });
      if (row.first_run_done === 0 && policy === 'new') {
        await this.recordPreexisting(plan.accountId, session.mailbox, all);
      }
      if (row.first_run_done === 0) {
        await this.state.setPosition(db, plan.accountId, session.mailbox, {
          floor: 0,
          firstRunDone: true,
          now,
        });
      }
      return { all: policy === 'new' && row.first_run_done === 0 ? [] : all, floor: 0, firstRunDone: true };
    }
    // A folder seen before under another UIDVALIDITY was renumbered by the server: its mail is not new
    // history, so take all of it (what was stored already is recognised by Message-ID and content hash).
    const renumbered = await this.state.hasOtherGeneration(db, plan.accountId, session.mailbox);
    const effective = renumbered ? 'all' : policy;
    const initialFloor = effective === 'all' ? 0 : Math.max(0, (session.uidNext ?? 1) - 1);
    const row = await this.state.ensure(db, plan.accountId, session.mailbox, initialFloor, now);
    const floor = Number(row.floor_uid);
    const firstRunDone = row.first_run_done === 1;
    const above = await session.list({ afterUid: floor, unseenOnly: false });
    if (firstRunDone || effective !== 'unread' || floor === 0) return { all: above, floor, firstRunDone };
    const unseenBelow = (await session.list({ afterUid: 0, unseenOnly: true })).filter(
      (m) => Number(m.uid) <= floor,
    );
    return { all: [...unseenBelow, ...above], floor, firstRunDone };
  }

  /** Moves the IMAP floor up past every UID handled, so later listings stay short. */
  private async advanceFloor(
    plan: FetchPlan,
    mailbox: string,
    listing: { all: RemoteMail[]; floor: number; firstRunDone: boolean },
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

  /** After a clean close (POP3 QUIT made the deletions real), the server actions count as done. */
  private async markSettled(plan: FetchPlan, mailbox: string): Promise<void> {
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
