import { sql } from 'kysely';
import type { BlobRef } from '../../cases/blob.store.js';
import { withCaseWritesDeferred, type CaseWriteBatch } from '../../cases/case-write-batch.js';
import { withSearchIndexDeferred } from '../../cases/message-search-index.js';
import type { Logger } from '../../logging/logger.js';
import { isTransientDatabaseError, retryTransient } from '../../storage/transient-error.js';
import {
  inTransaction,
  type CommitDurability,
  type DialectName,
  type Database,
  type Executor,
  type Tx,
} from '../../storage/database.js';
import type { SenderTally } from '../classify/sender-tally.js';
import type { ThreadIndex } from '../thread/thread-index.js';
import { leaseHolderName } from '../fetch/fetch-lease.repository.js';
import { InboundIdentityRepository, type InboundIdentity } from './inbound-identity.repository.js';
import {
  hasUnbuilt,
  InboundMailRepository,
  type FinishedMail,
  type MailKey,
  type QueuedMail,
} from './inbound-mail.repository.js';
import type {
  IdentityClaim,
  IngestResult,
  MailIngestor,
  Preparation,
  PreparedMail,
  QueuedBuild,
} from './mail.ingestor.js';
import { storageDetail } from '../quarantine/quarantine.labels.js';

/** How a batch is stored again when the database fails for the moment (a deadlock, a lost connection). */
const TRANSIENT_RETRY = { attempts: 4, pauseMs: 100 } as const;

/**
 * A mail failed while its batch was stored without a savepoint per mail: the batch's transaction is undone
 * and stored again, one savepoint per mail.
 */
class UnguardedMailFailed extends Error {
  constructor(readonly failure: unknown) {
    super('a mail of the batch failed to store');
  }
}

/** What one queued mail became. */
export interface BuiltMail {
  readonly key: MailKey;
  readonly result: IngestResult;
}

/** Claimed mails, parsed and classified, ready to be stored. */
type PreparedBatch = { queued: QueuedMail; raw: BlobRef; preparation: Preparation }[];

/** What a batch's transaction knows and gathers while it stores its mails one by one. */
interface BatchState {
  /** The request identities already stored, the batch's own added as it goes. */
  readonly known: Map<string, InboundIdentity>;
  /** The built mails' outcomes, written together at the batch's end. */
  readonly finished: FinishedMail[];
  /** Without savepoints: the identities to claim at the end (see `storeBatch`). */
  readonly claims: IdentityClaim[] | undefined;
  /** Without savepoints: the senders' counts, written at the end. */
  readonly senders: SenderTally | undefined;
  /** The cases the batch's mails may thread to by Message-ID, its own stored messages added as it goes. */
  readonly threads: ThreadIndex;
}

/** How much one build transaction takes at most, and how long a claim keeps other builders away. */
export interface BuildLimits {
  readonly count: number;
  readonly bytes: number;
  readonly leaseMs: number;
}

/**
 * The limits a builder takes unless told otherwise. On PostgreSQL a batch costs about twenty round trips
 * whatever its size (its claim, the lookups, the statements that write it, the commit), each waiting for the
 * server and then for this thread's turn: batches of 100 build 10,000 queued mails in 18.2 s where batches
 * of 50 take 20.4 s (bench/README.md). On SQLite a batch costs none of that, and a larger one only holds
 * more parsed mails in memory.
 */
export function defaultBuildLimits(dialect: DialectName): BuildLimits {
  return {
    count: dialect === 'postgres' ? 100 : 50,
    bytes: 32 * 1024 * 1024,
    // Long enough for one batch on a slow disk. A batch left by a crashed process of this host is free at
    // once; one of another host's process, when this ends.
    leaseMs: 2 * 60_000,
  };
}

export interface CaseBuilderDeps {
  readonly database: Database;
  readonly ingestor: MailIngestor;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly limits?: Partial<BuildLimits>;
}

/**
 * The second stage: turns mails intake queued (raw bytes durable, settled on the server or about to be)
 * into cases. Claims a batch, parses it outside any transaction, then stores it in one transaction. A mail
 * that fails to store goes to quarantine (with its raw bytes) without undoing the others: the batch is
 * first stored without a savepoint per mail, and only when one fails is it stored again with one (see
 * `store`). A failure of the database of the moment (a deadlock, a lost connection) blames no mail: the
 * batch is stored again. A crash leaves the batch queued: it is claimed again once its lease ends.
 */
export class CaseBuilder {
  private readonly mails = new InboundMailRepository();
  private readonly identities = new InboundIdentityRepository();
  private readonly clock: () => Date;
  private readonly limits: BuildLimits;
  /** This builder's name in build leases (host:pid:…), so a crash frees its claims at once on this host. */
  private readonly holder = leaseHolderName();

  constructor(private readonly deps: CaseBuilderDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.limits = { ...defaultBuildLimits(deps.database.dialect), ...deps.limits };
  }

  /** Whether mail of the account is still queued or being built, here or by another process. */
  unbuilt(accountId: number): Promise<boolean> {
    return hasUnbuilt(this.deps.database.db, accountId);
  }

  /**
   * Builds batches until nothing queued (of one account when asked) is free to claim. When mails are parsed
   * on another thread, the next batch is claimed and handed to it before this one is stored, so that
   * parsing and storing run side by side. A batch stored while another is on its way commits without
   * waiting for the disk (`deferred`, see storage/database.ts): a power loss can undo it only with every
   * later commit, its mails are then still queued (their raw bytes durable since intake) and built again,
   * and what it queued to send goes out only after the outbox's own commit, which is durable and syncs it
   * too. The last batch commits durably, and with it every one before: a drain ends with all of it on disk.
   */
  async drain(accountId?: number, onBuilt?: (built: BuiltMail) => void): Promise<number> {
    const sqlite = this.deps.database.dialect === 'sqlite';
    const ahead = this.deps.ingestor.parsesOnOtherThread ? 2 : 1;
    const waiting: Promise<PreparedBatch>[] = [];
    for (let i = 0; i < ahead; i++) {
      const claimed = await this.claim(accountId);
      if (claimed.length === 0) break;
      waiting.push(this.prepare(claimed));
    }
    let total = 0;
    for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
      // Deferred while another batch is on its way: the last batch's durable commit syncs them all.
      const durability = waiting.length > 0 ? 'deferred' : 'durable';
      const batch = await this.store(await next, accountId, sqlite, durability);
      total += batch.built.length;
      for (const b of batch.built) onBuilt?.(b);
      const claimed = sqlite ? batch.next : await this.claim(accountId);
      if (claimed.length === 0) continue;
      waiting.push(this.prepare(claimed));
      // A claim that found nothing while another batch was on its way (intake had queued no more yet) left
      // one batch fewer on its way, and storing a batch claims only one: topped up again once mail is
      // queued, or the rest of the drain would parse and store by turns, each thread waiting on the other.
      while (waiting.length < ahead) {
        const more = await this.claim(accountId);
        if (more.length === 0) break;
        waiting.push(this.prepare(more));
      }
    }
    return total;
  }

  /** Claims and builds one batch; returns what became of each mail (nothing when none was free). */
  async buildBatch(accountId?: number): Promise<BuiltMail[]> {
    const claimed = await this.claim(accountId);
    if (claimed.length === 0) return [];
    return (await this.store(await this.prepare(claimed), accountId, false, 'durable')).built;
  }

  /** Parses and classifies claimed mails, outside any transaction: the write lock is held only to store. */
  private async prepare(claimed: readonly QueuedMail[]): Promise<PreparedBatch> {
    const ingestor = this.deps.ingestor;
    const policy = await ingestor.classifyPolicy();
    await ingestor.locateRaw(claimed.map((q) => q.rawHash));
    const prepareOne = async (queued: QueuedMail) => {
      const raw = { hash: queued.rawHash, size: queued.size };
      return { queued, raw, preparation: await ingestor.prepare(queued.key, raw, policy) };
    };
    // Handed to the parse thread all at once (it parses them in turn); parsed here, one after the other.
    if (ingestor.parsesOnOtherThread) return Promise.all(claimed.map(prepareOne));
    const prepared: PreparedBatch = [];
    for (const queued of claimed) prepared.push(await prepareOne(queued));
    return prepared;
  }

  /**
   * Stores prepared mails; with `claimNext` on SQLite, claims the next batch in the same transaction (one
   * commit, and so one WAL sync, per batch instead of two).
   *
   * A savepoint per mail is what lets one mail fail alone, and it costs every mail (on SQLite the statement
   * and a copy of each page the mail changes, under the savepoints of the mails before; on PostgreSQL a
   * round trip), though a mail almost never fails to store. So a batch is stored without them first; if a
   * mail fails, that whole transaction is undone (nothing of it was committed) and the batch is stored again
   * with one savepoint per mail, where the failing mail goes to quarantine alone. Parsing is not redone. What
   * the undone attempt said outside the database (log lines, a new case hook's report) may be said again.
   */
  private async store(
    prepared: PreparedBatch,
    accountId: number | undefined,
    claimNext: boolean,
    durability: CommitDurability,
  ): Promise<{ built: BuiltMail[]; next: QueuedMail[] }> {
    // A deadlock, a lost connection, a busy lock: the transaction was undone and nothing of it holds. The
    // batch is stored again after a pause; once the attempts are spent it stays queued (its lease ends,
    // another drain builds it), never quarantined for the moment's failure.
    return retryTransient(() => this.storeOnce(prepared, accountId, claimNext, durability), {
      ...TRANSIENT_RETRY,
      onRetry: (attempt, error) =>
        this.deps.logger.warn('a build batch is stored again after a passing database failure', {
          attempt,
          error,
        }),
    });
  }

  private async storeOnce(
    prepared: PreparedBatch,
    accountId: number | undefined,
    claimNext: boolean,
    durability: CommitDurability,
  ): Promise<{ built: BuiltMail[]; next: QueuedMail[] }> {
    if (prepared.length > 1) {
      try {
        return await this.storeIn(prepared, accountId, claimNext, false, durability);
      } catch (error) {
        if (!(error instanceof UnguardedMailFailed)) throw error;
        if (isTransientDatabaseError(error.failure)) throw error.failure;
      }
    }
    return this.storeIn(prepared, accountId, claimNext, true, durability);
  }

  private async storeIn(
    prepared: PreparedBatch,
    accountId: number | undefined,
    claimNext: boolean,
    guarded: boolean,
    durability: CommitDurability,
  ): Promise<{ built: BuiltMail[]; next: QueuedMail[] }> {
    const postgres = this.deps.database.dialect === 'postgres';
    return inTransaction(
      this.deps.database,
      // The batch's messages get their search entries in one statement at its end (see message-search-index.ts).
      (trx) =>
        withSearchIndexDeferred(trx, postgres, () =>
          // Without savepoints, PostgreSQL writes the batch's cases and messages together (see case-write-batch.ts),
          // unless a new case hook works on a case at once (an acknowledgment): then nothing is held.
          withCaseWritesDeferred(trx, postgres && !guarded && !prepared.some(hookWrites), (opens) =>
            this.storeBatch(trx, prepared, accountId, claimNext, guarded, opens),
          ),
        ),
      durability,
    );
  }

  /** The batch's writes, in the transaction `storeIn` opened. */
  private async storeBatch(
    trx: Tx,
    prepared: PreparedBatch,
    accountId: number | undefined,
    claimNext: boolean,
    guarded: boolean,
    opens: CaseWriteBatch | undefined,
  ): Promise<{ built: BuiltMail[]; next: QueuedMail[] }> {
    // Per batch, not per mail: the rows taken for building, the identities already stored, and (at the
    // end) every built mail's outcome.
    const taken = await this.mails.startBuilds(
      trx,
      prepared.map((p) => p.queued.id),
    );
    const known = await this.identities.findMany(
      trx,
      prepared.flatMap((p) => (p.preparation.ok ? [p.preparation.mail.dedupKey] : [])),
    );
    const built: BuiltMail[] = [];
    const mails = prepared.flatMap((p) =>
      p.preparation.ok && taken.has(p.queued.id) ? [p.preparation.mail] : [],
    );
    // Without savepoints the identities are claimed together at the end (one statement, not one per mail),
    // and the senders are counted in memory and written at the end too.
    const state: BatchState = {
      known,
      finished: [],
      claims: guarded ? undefined : [],
      senders: guarded ? undefined : await this.deps.ingestor.senderTally(trx, mails),
      threads: await this.deps.ingestor.threadIndex(trx, mails),
    };
    const { finished, claims, senders } = state;
    for (const item of prepared) {
      // Another builder that claimed it too stored it first.
      if (!taken.has(item.queued.id)) continue;
      const result = await this.buildOne(trx, item.queued, item.raw, item.preparation, state);
      built.push({ key: item.queued.key, result });
    }
    if (opens) {
      try {
        await opens.flush(trx);
      } catch (error) {
        throw new UnguardedMailFailed(error);
      }
      storedIds(opens, built, state);
    }
    if (claims) {
      try {
        await this.identities.claimMany(trx, claims);
      } catch (error) {
        // Another copy of one of these requests was stored meanwhile: the guarded attempt sorts it out.
        throw new UnguardedMailFailed(error);
      }
    }
    await senders?.write(trx);
    await this.mails.finishBuilt(trx, finished);
    // SQLite only: there the batch's transaction holds the one write lock anyway. On PostgreSQL the claim
    // would lock more queue rows while this batch's are held, a lock order intake's updates can cross.
    const next =
      claimNext && this.deps.database.dialect === 'sqlite' ? await this.claimIn(trx, accountId) : [];
    return { built, next };
  }

  /**
   * One mail of the batch, its row taken for building: guarded (no `claims`), under its own savepoint (a
   * failure sends it to quarantine); otherwise with none, its identity added to `claims`, its sender counted
   * in `senders`, and a failure undoes the batch's transaction.
   */
  private async buildOne(
    trx: Executor,
    queued: QueuedMail,
    raw: BlobRef,
    preparation: Preparation,
    state: BatchState,
  ): Promise<IngestResult> {
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
    const { known } = state;
    const store = (identity: QueuedBuild['identity']) =>
      this.storeMail(trx, queued, preparation.mail, identity, state);
    if (state.claims) {
      try {
        return await store((key) => known.get(key));
      } catch (error) {
        throw new UnguardedMailFailed(error);
      }
    }
    let failure: unknown;
    // A second attempt only for a race on the identity of the request (another copy stored meanwhile):
    // it looks the identity up again.
    for (let attempt = 1; attempt <= 2; attempt++) {
      // One name for every mail. A mail that stored keeps its savepoint open (releasing it would only cost
      // a statement: the batch's commit keeps its work all the same); the next mail's nests inside, and a
      // rollback goes to the newest savepoint of the name, so a failure undoes that one mail's work only.
      await sql`savepoint build_mail`.execute(trx);
      try {
        return await store((key) =>
          attempt === 1 ? known.get(key) : (known.get(key) ?? this.identities.find(trx, key)),
        );
      } catch (error) {
        // Not the mail's doing: the whole batch is undone and stored again (see `store`).
        if (isTransientDatabaseError(error)) throw error;
        await sql`rollback to savepoint build_mail`.execute(trx);
        await sql`release savepoint build_mail`.execute(trx);
        failure = error;
      }
    }
    const detail = storageDetail('storageWrite', failure);
    return ingestor.quarantineQueued(trx, queued.id, queued.key, 'storage_error', detail, raw);
  }

  /**
   * Stores one parsed mail; what it became joins the batch's outcomes, its known identities and (a message
   * stored with its Message-ID) its thread index. Called under the mail's savepoint, if any: when it
   * returns, what it stored holds.
   */
  private async storeMail(
    trx: Executor,
    queued: QueuedMail,
    mail: PreparedMail,
    identity: QueuedBuild['identity'],
    state: BatchState,
  ): Promise<IngestResult> {
    let outcome: FinishedMail | undefined;
    const { claims, senders, threads } = state;
    const build: QueuedBuild = {
      id: queued.id,
      identity,
      finish: (done) => {
        outcome = done;
      },
      threads,
      ...(claims ? { claimLater: (claim: IdentityClaim) => claims.push(claim), senders } : {}),
    };
    const result = await this.deps.ingestor.storeQueued(trx, build, mail, queued.settled);
    if (outcome) {
      state.finished.push(outcome);
      if (outcome.outcome !== 'duplicate') {
        state.known.set(outcome.dedupKey, {
          caseMessageId: outcome.caseMessageId,
          accountId: queued.key.accountId,
        });
      }
    }
    // A stored message (a duplicate names its twin's, with no case): later mails of the batch may answer it.
    const messageId = mail.parsed.messageId;
    if ('caseId' in result && result.caseId !== null && result.messageId !== null && messageId) {
      threads.add({ messageId, rowId: result.messageId, caseId: result.caseId });
    }
    return result;
  }

  /** Claims queued mails up to the batch's count and bytes (one mail at least, whatever its size). */
  private claim(accountId: number | undefined): Promise<QueuedMail[]> {
    return inTransaction(this.deps.database, (trx) => this.claimIn(trx, accountId));
  }

  private async claimIn(trx: Executor, accountId: number | undefined): Promise<QueuedMail[]> {
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + this.limits.leaseMs).toISOString();
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
  }
}

/** Whether the new case hook of a mail (if it opens a case) works on the case, not only reports. */
function hookWrites(item: PreparedBatch[number]): boolean {
  const { preparation } = item;
  if (!preparation.ok || preparation.mail.onNewCase === undefined) return false;
  return preparation.mail.onNewCase.onlyReports?.(preparation.mail.parsed) !== true;
}

/**
 * The batch's outcomes with the ids its new cases were written with, in place of the provisional ones
 * their mails were built with (each written by now).
 */
function storedIds(opens: CaseWriteBatch, built: BuiltMail[], state: BatchState): void {
  const id = <T extends number | null | undefined>(value: T): T =>
    (typeof value === 'number' ? opens.idOf(value) : value) as T;
  built.forEach((b, i) => {
    const { result } = b;
    if ('caseId' in result) {
      built[i] = { ...b, result: { ...result, caseId: id(result.caseId), messageId: id(result.messageId) } };
    }
  });
  state.finished.forEach((f, i) => {
    state.finished[i] = {
      ...f,
      caseMessageId: id(f.caseMessageId),
      trace: { ...f.trace, caseId: id(f.trace.caseId) },
    };
  });
  state.claims?.forEach((c, i, claims) => {
    claims[i] = { ...c, caseMessageId: id(c.caseMessageId) };
  });
}
