import { sql } from 'kysely';
import type { BlobRef } from '../../cases/blob.store.js';
import type { Logger } from '../../logging/logger.js';
import { inTransaction, type Database, type Executor } from '../../storage/database.js';
import { leaseHolderName } from '../fetch/fetch-lease.repository.js';
import {
  hasUnbuilt,
  InboundMailRepository,
  type MailKey,
  type QueuedMail,
} from './inbound-mail.repository.js';
import type { IngestResult, MailIngestor, Preparation } from './mail.ingestor.js';

/** What one queued mail became. */
export interface BuiltMail {
  readonly key: MailKey;
  readonly result: IngestResult;
}

/** How much one build transaction takes at most, and how long a claim keeps other builders away. */
export interface BuildLimits {
  readonly count: number;
  readonly bytes: number;
  readonly leaseMs: number;
}

export const DEFAULT_BUILD_LIMITS: BuildLimits = {
  count: 50,
  bytes: 32 * 1024 * 1024,
  // Long enough for one batch on a slow disk. A batch left by a crashed process of this host is free at
  // once; one of another host's process, when this ends.
  leaseMs: 2 * 60_000,
};

export interface CaseBuilderDeps {
  readonly database: Database;
  readonly ingestor: MailIngestor;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly limits?: Partial<BuildLimits>;
}

/**
 * The second stage: turns mails intake queued (raw bytes durable, settled on the server or about to be)
 * into cases. Claims a batch, parses it outside any transaction, then stores it in one transaction with a
 * savepoint per mail, so a mail that fails to store goes to quarantine (with its raw bytes) without undoing
 * the others. A crash leaves the batch queued: it is claimed again once its lease ends.
 */
export class CaseBuilder {
  private readonly mails = new InboundMailRepository();
  private readonly clock: () => Date;
  private readonly limits: BuildLimits;
  /** This builder's name in build leases (host:pid:…), so a crash frees its claims at once on this host. */
  private readonly holder = leaseHolderName();

  constructor(private readonly deps: CaseBuilderDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.limits = { ...DEFAULT_BUILD_LIMITS, ...deps.limits };
  }

  /** Builds batches until nothing queued (of one account when asked) is free to claim. */
  /** Whether mail of the account is still queued or being built, here or by another process. */
  unbuilt(accountId: number): Promise<boolean> {
    return hasUnbuilt(this.deps.database.db, accountId);
  }

  async drain(accountId?: number, onBuilt?: (built: BuiltMail) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const built = await this.buildBatch(accountId);
      if (built.length === 0) return total;
      total += built.length;
      for (const b of built) onBuilt?.(b);
    }
  }

  /** Claims and builds one batch; returns what became of each mail (nothing when none was free). */
  async buildBatch(accountId?: number): Promise<BuiltMail[]> {
    const claimed = await this.claim(accountId);
    if (claimed.length === 0) return [];
    // Parsed ahead, outside the transaction: the write lock is held only while storing.
    const policy = await this.deps.ingestor.classifyPolicy();
    const prepared: { queued: QueuedMail; raw: BlobRef; preparation: Preparation }[] = [];
    for (const queued of claimed) {
      const raw = { hash: queued.rawHash, size: queued.size };
      prepared.push({ queued, raw, preparation: await this.deps.ingestor.prepare(queued.key, raw, policy) });
    }
    return inTransaction(this.deps.database, async (trx) => {
      const built: BuiltMail[] = [];
      for (const [index, item] of prepared.entries()) {
        const result = await this.buildOne(trx, `build_${index}`, item.queued, item.raw, item.preparation);
        if (result) built.push({ key: item.queued.key, result });
      }
      return built;
    });
  }

  /** One mail of the batch, under its own savepoint; null when another builder had it first. */
  private async buildOne(
    trx: Executor,
    savepoint: string,
    queued: QueuedMail,
    raw: BlobRef,
    preparation: Preparation,
  ): Promise<IngestResult | null> {
    const ingestor = this.deps.ingestor;
    if (!preparation.ok) {
      return ingestor.quarantineQueued(
        trx,
        queued.id,
        queued.key,
        preparation.reason,
        preparation.detail,
        raw,
      );
    }
    const name = sql.raw(savepoint);
    let failure: unknown;
    // A second attempt only for a race on the identity of the request (another copy stored meanwhile).
    for (let attempt = 1; attempt <= 2; attempt++) {
      await sql`savepoint ${name}`.execute(trx);
      try {
        const result = await ingestor.storeQueued(trx, queued.id, preparation.mail, queued.settled);
        await sql`release savepoint ${name}`.execute(trx);
        return result.kind === 'already_handled' ? null : result;
      } catch (error) {
        await sql`rollback to savepoint ${name}`.execute(trx);
        await sql`release savepoint ${name}`.execute(trx);
        failure = error;
      }
    }
    const detail = failure instanceof Error ? failure.message : String(failure);
    return ingestor.quarantineQueued(trx, queued.id, queued.key, 'storage_error', detail, raw);
  }

  /** Claims queued mails up to the batch's count and bytes (one mail at least, whatever its size). */
  private async claim(accountId: number | undefined): Promise<QueuedMail[]> {
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + this.limits.leaseMs).toISOString();
    return inTransaction(this.deps.database, async (trx) => {
      const rows = await this.mails.claimQueued(trx, {
        limit: this.limits.count,
        now: now.toISOString(),
        leaseUntil,
        holder: this.holder,
        ...(accountId !== undefined ? { accountId } : {}),
      });
      let bytes = 0;
      const taken = rows.filter((r, i) => {
        bytes += r.size;
        return i === 0 || bytes <= this.limits.bytes;
      });
      if (taken.length < rows.length) {
        await this.mails.releaseLease(
          trx,
          rows.slice(taken.length).map((r) => r.id),
        );
      }
      return taken;
    });
  }
}
