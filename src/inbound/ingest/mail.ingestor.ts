import { suppressAddress } from '../../notifications/suppression.repository.js';
import type { BlobPort, BlobRef } from '../../cases/blob.port.js';
import { PACK_LIMIT_BYTES } from '../../cases/blob.store.js';
import type { CaseService } from '../../cases/case.service.js';
import type { Classification, MailAddress, NewMessage } from '../../cases/case.types.js';
import { markBounced, sentMailsTo } from '../../notifications/outbox.repository.js';
import type { Text } from '../../i18n/lang.js';
import { storeText } from '../../i18n/stored-text.js';
import type { Logger } from '../../logging/logger.js';
import { inTransaction, type Database, type Executor } from '../../storage/database.js';
import { bounceKindOf, classify, type ClassifyPolicy, type Verdict } from '../classify/classifier.js';
import { requesterOf } from '../classify/requester.js';
import { SenderTally } from '../classify/sender-tally.js';
import { countAndCheck, type ThrottlePolicy } from '../classify/sender.throttle.js';
import type * as MailParser from '../parse/mail.parser.js';
import { PARSE_LIMITS } from '../parse/parse-limits.js';
import type { ParseThread } from '../parse/parse-thread.js';
import type { ThreadParse } from '../parse/parse-thread.protocol.js';
import type { ParsedMail } from '../parse/parsed-mail.js';
import { openStoredMail } from '../parse/stored-mail.js';
import { storableText } from '../parse/text-decode.js';
import { ThreadIndex } from '../thread/thread-index.js';
import {
  referencedIds,
  resolveThread,
  type CaseMessageIdVerifier,
  type ThreadInput,
} from '../thread/thread.resolver.js';
import { bounceClaim } from './bounce-claim.js';
import {
  identityOf,
  InboundIdentityRepository,
  type InboundIdentity,
} from './inbound-identity.repository.js';
import {
  InboundMailRepository,
  type FinishedMail,
  type MailKey,
  type MailOutcome,
  type QuarantineReason,
} from './inbound-mail.repository.js';
import { storageDetail, throttledDetail } from '../quarantine/quarantine.labels.js';

export interface IngestDeps {
  readonly database: Database;
  readonly cases: CaseService;
  readonly blobs: BlobPort;
  readonly logger: Logger;
  /** Fixed, or looked up per mail (own addresses change with the outbound accounts). */
  readonly classifyPolicy: ClassifyPolicy | (() => Promise<ClassifyPolicy>);
  readonly throttle: ThrottlePolicy;
  readonly tagPattern: RegExp;
  readonly verifySigned: CaseMessageIdVerifier;
  readonly clock?: () => Date;
  readonly mails?: InboundMailRepository;
  /** What else happens, in the same transaction, when a mail opens a case (the acknowledgment). */
  readonly onNewCase?: NewCaseHook;
  /** Parses mails of up to `PARSE_LIMITS.wholeMailBytes` on a second thread; without it, on this one. */
  readonly parseThread?: ParseThread;
}

/** A case a person's mail just opened. */
export interface NewCaseEvent {
  readonly caseId: number;
  readonly requester: MailAddress;
  readonly mail: ParsedMail;
  /**
   * A sender's count in the window starting at `window` as the batch being stored has it, when it has
   * read it: such a batch writes its counts at its end, so the database's row does not show them yet.
   */
  readonly senderCount?: (address: string, window: string) => number | undefined;
}

/**
 * Runs inside the transaction that opens the case: only that transaction may be used. What it resolves to,
 * if anything, is the detail of the mail's inbound log line (why the case got no acknowledgment).
 */
export interface NewCaseAction {
  (trx: Executor, event: NewCaseEvent): Promise<string | void>;
  /**
   * True when, for this mail, the action only reports (reads and writes nothing in the database): it may
   * then run once the case's rows are written, at its build batch's end (see case-write-batch.ts).
   */
  readonly onlyReports?: (mail: ParsedMail) => boolean;
}

export interface NewCaseHook {
  /** Looks up, before the transaction, what the action needs; undefined when there is nothing to do. */
  prepare(accountId: number): Promise<NewCaseAction | undefined>;
}

/** What became of one mail. */
export type IngestResult =
  | {
      readonly kind: Exclude<MailOutcome, 'preexisting'>;
      readonly caseId: number | null;
      readonly messageId: number | null;
    }
  | { readonly kind: 'quarantined'; readonly reason: QuarantineReason; readonly quarantineId: number }
  | { readonly kind: 'already_handled' };

export interface IngestOptions {
  /** A quarantined mail retried by a person: do not count it against the sender again. */
  readonly skipThrottle?: boolean;
  /** Leave the server copy alone afterwards (POP3 "leave a copy"): recorded as settled at once. */
  readonly settled: boolean;
  /** The mail's queued row (written by intake), taken for building by its batch: see `QueuedBuild`. */
  readonly queued?: QueuedBuild;
}

/**
 * A queued mail stored as part of a build batch. Its row was taken for building when the batch began; what
 * the batch already knows answers the look-ups, and its final outcome is handed to the batch, which writes
 * the outcomes of all its mails at its end (`InboundMailRepository.finishBuilt`).
 */
export interface QueuedBuild {
  readonly id: number;
  /** The first stored copy of a request, if any: from the batch's look-up, or the database. */
  identity(dedupKey: string): Promise<InboundIdentity | undefined> | InboundIdentity | undefined;
  /** Called once the mail's outcome is decided; the batch records it when the mail's savepoint holds. */
  finish(mail: FinishedMail): void;
  /**
   * Given when the batch is stored without a savepoint per mail: the mail's identity is handed to the batch,
   * which claims them all in one statement at its end (a race with another copy then fails the whole
   * transaction, and the batch is stored again with a savepoint and an immediate claim per mail).
   */
  claimLater?(identity: IdentityClaim): void;
  /** Given with `claimLater`: the batch's sender counts, written at its end (see sender-tally.ts). */
  readonly senders?: SenderTally | undefined;
  /** The cases the batch's mails may thread to by Message-ID, read for the whole batch at once. */
  readonly threads?: ThreadIndex | undefined;
}

/** A request identity to record: its first stored copy. */
export interface IdentityClaim {
  readonly dedupKey: string;
  readonly caseMessageId: number | null;
  readonly accountId: number;
  readonly now: Date;
}

/** A mail parsed and classified, ready to be stored (what the builder does outside its transaction). */
export interface PreparedMail {
  readonly key: MailKey;
  readonly raw: BlobRef;
  readonly parsed: ParsedMail;
  readonly verdict: Verdict;
  readonly requester: MailAddress;
  readonly dedupKey: string;
  readonly onNewCase: NewCaseAction | undefined;
}

/** A prepared mail, or why it goes to quarantine. */
export type Preparation =
  | { readonly ok: true; readonly mail: PreparedMail }
  | { readonly ok: false; readonly reason: QuarantineReason; readonly detail: Text };

/**
 * What a mail is threaded by: the returned headers inside a bounce or auto-reply name the mail it is about;
 * a person's mail that quotes other headers is threaded by its own headers only.
 */
function threadInputOf(parsed: ParsedMail, verdict: Verdict): ThreadInput {
  return verdict.kind === 'person' ? { ...parsed, reportedMessageIds: [] } : parsed;
}

let mailParser: Promise<typeof MailParser> | undefined;

/**
 * How many downloaded mails, and how many of their bytes, may wait parsed (or being parsed) for the builder
 * at once (see `MailIngestor.parseAhead`): two build batches' worth, the most the builder keeps in hand.
 */
export const PARSE_AHEAD_LIMITS = { count: 128, bytes: 32 * 1024 * 1024 };

/** Times a mail read for the parse thread is moved to it before it is copied instead (see `parse`). */
const HAND_OVER_ATTEMPTS = 3;

/**
 * The MIME parser brings in the mail and HTML libraries (mailparser, sanitize-html, iconv-lite: more than a
 * hundred module files): loaded when a mail is first built, so that intake alone (`fetch --no-wait`) never
 * loads them and a run reaches its server without waiting for them.
 */
function loadMailParser(): Promise<typeof MailParser> {
  mailParser ??= import('../parse/mail.parser.js');
  return mailParser;
}

/**
 * Turns one raw mail (a file) into a case change: keep the raw bytes, parse, classify, thread, store. The
 * case change and the mail's identity are written in one transaction, so each server mail becomes a case
 * message exactly once; anything that cannot be processed goes to quarantine with its raw bytes.
 */
export class MailIngestor {
  private readonly mails: InboundMailRepository;
  private readonly identities = new InboundIdentityRepository();
  private readonly clock: () => Date;
  /** Parses begun before their mails were queued, by raw hash, until the builder takes them. */
  private readonly ahead = new Map<string, { readonly size: number; readonly parse: Promise<ThreadParse> }>();
  private aheadBytes = 0;

  constructor(private readonly deps: IngestDeps) {
    this.mails = deps.mails ?? new InboundMailRepository();
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Records a mail whose bytes were not kept (over the size limit before or while downloading, or a server
   * that failed to deliver it): it stays on the server, visible in quarantine, and can be fetched again.
   */
  quarantineUnfetched(
    key: MailKey,
    reason: QuarantineReason,
    detail: Text,
    size: number,
  ): Promise<IngestResult> {
    return this.toQuarantine(key, reason, detail, null, size);
  }

  /** Ingests a mail from a file (kept as it is: its bytes are copied into the blob store). */
  async ingestFile(key: MailKey, file: string, options: IngestOptions): Promise<IngestResult> {
    if (await this.mails.isKnown(this.deps.database.db, key)) return { kind: 'already_handled' };
    let raw: BlobRef;
    try {
      raw = await this.deps.blobs.putFile(file);
    } catch (error) {
      return this.toQuarantine(key, 'storage_error', storageDetail('storageWrite', error), null, 0);
    }
    return this.ingestStored(key, raw, options);
  }

  /**
   * Parses and classifies a mail whose raw bytes are in the blob store, and looks up what storing it needs:
   * everything that needs no transaction. `policy` may be given when the caller prepares many mails.
   */
  async prepare(key: MailKey, raw: BlobRef, policy?: ClassifyPolicy): Promise<Preparation> {
    const parsed = await this.parse(raw);
    if (!parsed.ok) return parsed;
    return this.classifyParsed(key, raw, parsed.mail, policy);
  }

  /** Mails are coming: the parse thread (if any) starts loading now, not at the first mail. */
  warmUp(): void {
    this.deps.parseThread?.warm();
  }

  /**
   * A mail just downloaded, whose case this process will build: the parse thread starts on it now, while
   * its intake batch is still downloading and committing, instead of once the builder claims it. Parsing
   * is the longer of the two stages and needs only the bytes, which the hash names; nothing it gives is
   * stored before the builder takes it, after intake's commit (the attachments it writes to the blob store
   * are swept if no mail ever names them). Bounded by `PARSE_AHEAD_LIMITS`: a mail past them is parsed
   * when it is claimed, like any other.
   */
  parseAhead(raw: BlobRef, bytes: Buffer): void {
    const thread = this.deps.parseThread;
    if (!thread || raw.size > PARSE_LIMITS.wholeMailBytes || this.ahead.has(raw.hash)) return;
    if (this.ahead.size >= PARSE_AHEAD_LIMITS.count) return;
    if (this.aheadBytes + raw.size > PARSE_AHEAD_LIMITS.bytes) return;
    const parse = thread.parse(bytes);
    // Its failure is reported to the builder that takes it; one nobody takes is dropped unseen.
    parse.catch(() => undefined);
    this.ahead.set(raw.hash, { size: raw.size, parse });
    this.aheadBytes += raw.size;
  }

  /** Drops the parses begun ahead for these mails that no builder took (their run ended). */
  forgetParsesAhead(hashes: Iterable<string>): void {
    for (const hash of hashes) this.takeParseAhead(hash);
  }

  /** Mails parsed ahead, waiting for the builder. */
  get parsesAhead(): number {
    return this.ahead.size;
  }

  private takeParseAhead(hash: string): Promise<ThreadParse> | undefined {
    const entry = this.ahead.get(hash);
    if (!entry) return undefined;
    this.ahead.delete(hash);
    this.aheadBytes -= entry.size;
    return entry.parse;
  }

  /** Whether mails are parsed on another thread, so that preparing several at once keeps both busy. */
  get parsesOnOtherThread(): boolean {
    return this.deps.parseThread !== undefined;
  }

  private async parse(
    raw: BlobRef,
  ): Promise<{ ok: true; mail: ParsedMail } | Extract<Preparation, { ok: false }>> {
    const early = this.takeParseAhead(raw.hash);
    if (early) return early;
    const thread = this.deps.parseThread;
    if (thread && raw.size <= PARSE_LIMITS.wholeMailBytes) {
      // Read for the thread alone, so moved to it; read again if it went with a thread another mail stopped
      // (each time a mail ahead of it stopped one: a few times at most, then copied like any other).
      for (let attempt = 1; ; attempt++) {
        let bytes: Buffer;
        try {
          bytes = await this.deps.blobs.read(raw.hash, PARSE_LIMITS.wholeMailBytes);
        } catch (error) {
          return { ok: false, reason: 'storage_error', detail: storageDetail('storageRead', error) };
        }
        if (attempt > HAND_OVER_ATTEMPTS) return thread.parse(bytes);
        const parsed = await thread.parseHandedOver(bytes);
        if (parsed) return parsed;
      }
    }
    // A larger mail is a file of its own in the store (never packed): the thread streams it from there.
    if (thread && raw.size > PACK_LIMIT_BYTES) return thread.parseStored(raw.hash);
    // Outside the try below: a parser that cannot load is a broken installation, not a mail to quarantine.
    const { parseMailFile, UnparseableMailError } = await loadMailParser();
    try {
      // A mail of up to a megabyte (nearly every one) is read at once and parsed from memory.
      const bytes =
        raw.size <= PARSE_LIMITS.wholeMailBytes
          ? await this.deps.blobs.read(raw.hash, PARSE_LIMITS.wholeMailBytes)
          : () => openStoredMail(this.deps.blobs, raw.hash);
      return { ok: true, mail: await parseMailFile(bytes, this.deps.blobs) };
    } catch (error) {
      if (error instanceof UnparseableMailError) {
        return { ok: false, reason: 'unparseable', detail: error.detail };
      }
      return { ok: false, reason: 'storage_error', detail: storageDetail('storageRead', error) };
    }
  }

  private async classifyParsed(
    key: MailKey,
    raw: BlobRef,
    parsed: ParsedMail,
    policy: ClassifyPolicy | undefined,
  ): Promise<Preparation> {
    const rules = policy ?? (await this.classifyPolicy());
    const verdict = classify(parsed, rules);
    const requester = requesterOf(parsed, rules.ownAddresses) ?? { address: 'unknown@invalid' };
    const dedupKey = identityOf(parsed, raw.hash);
    const onNewCase =
      verdict.kind === 'person' ? await this.deps.onNewCase?.prepare(key.accountId) : undefined;
    return { ok: true, mail: { key, raw, parsed, verdict, requester, dedupKey, onNewCase } };
  }

  /**
   * The sender counts of a batch stored without a savepoint per mail, the senders its people's mails
   * will count already read (one statement); undefined when no sender is limited.
   */
  async senderTally(trx: Executor, mails: readonly PreparedMail[]): Promise<SenderTally | undefined> {
    if (this.deps.throttle.limit <= 0) return undefined;
    const tally = new SenderTally(this.deps.throttle);
    const senders = mails.flatMap((m) =>
      m.verdict.kind === 'person' && m.parsed.from ? [m.parsed.from.address] : [],
    );
    await tally.load(trx, senders, this.clock());
    return tally;
  }

  /**
   * A batch's thread index: the cases of every Message-ID its mails refer to, in one look-up for the batch
   * instead of one per mail (see ThreadIndex).
   */
  threadIndex(trx: Executor, mails: readonly PreparedMail[]): Promise<ThreadIndex> {
    const cases = this.deps.cases;
    return ThreadIndex.load(
      mails.flatMap((m) => referencedIds(threadInputOf(m.parsed, m.verdict))),
      {
        messagesWithIds: (ids) => cases.messagesWithIds(trx, ids),
        sentWithIds: (ids) => cases.sentWithIds(trx, ids),
      },
    );
  }

  /** Looks up where a batch's raw mails are kept, in one query, before they are prepared one by one. */
  locateRaw(hashes: readonly string[]): Promise<void> {
    return this.deps.blobs.locate(hashes);
  }

  /** The classification rules now (own addresses change with the outbound accounts). */
  classifyPolicy(): Promise<ClassifyPolicy> {
    return typeof this.deps.classifyPolicy === 'function'
      ? this.deps.classifyPolicy()
      : Promise.resolve(this.deps.classifyPolicy);
  }

  /**
   * Stores a queued mail inside the caller's (batch) transaction, its row already taken for building; its
   * final outcome goes to `queued.finish`.
   */
  storeQueued(
    trx: Executor,
    queued: QueuedBuild,
    mail: PreparedMail,
    settled: boolean,
  ): Promise<IngestResult> {
    const { key, parsed, verdict, requester, raw, dedupKey, onNewCase } = mail;
    return this.store(trx, key, parsed, verdict, requester, raw, dedupKey, { settled, queued }, onNewCase);
  }

  /**
   * Sends a queued mail, its row taken for building, to quarantine inside the caller's transaction, its raw
   * bytes kept for a retry; its queued row goes (the quarantine entry now says the mail is handled).
   */
  async quarantineQueued(
    trx: Executor,
    queuedId: number,
    key: MailKey,
    reason: QuarantineReason,
    detail: Text,
    raw: BlobRef,
  ): Promise<IngestResult> {
    await this.mails.dropQueued(trx, queuedId);
    const id = await this.mails.quarantine(trx, key, {
      reason,
      detail: storedDetail(detail),
      rawHash: raw.hash,
      size: raw.size,
      now: this.clock().toISOString(),
    });
    this.deps.logger.warn('inbound mail quarantined', {
      accountId: key.accountId,
      uid: key.uid,
      reason,
      detail: detail.en,
    });
    return { kind: 'quarantined', reason, quarantineId: id };
  }

  /** Ingests a mail whose raw bytes are in the blob store already. */
  async ingestStored(key: MailKey, raw: BlobRef, options: IngestOptions): Promise<IngestResult> {
    if (await this.mails.isKnown(this.deps.database.db, key)) return { kind: 'already_handled' };
    const prepared = await this.prepare(key, raw);
    if (!prepared.ok) return this.toQuarantine(key, prepared.reason, prepared.detail, raw.hash, raw.size);
    const { parsed, verdict, requester, dedupKey, onNewCase } = prepared.mail;
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.deps.database, (trx) =>
          this.store(trx, key, parsed, verdict, requester, raw, dedupKey, options, onNewCase),
        );
      } catch (error) {
        // A unique-key race (another worker stored this server mail, or another copy of the same request,
        // first): the mail is already handled, or a second look finds its twin and records a duplicate.
        if (await this.mails.isKnown(this.deps.database.db, key)) return { kind: 'already_handled' };
        if (attempt === 1 && (await this.identities.find(this.deps.database.db, dedupKey))) continue;
        return this.toQuarantine(
          key,
          'storage_error',
          storageDetail('storageWrite', error),
          raw.hash,
          raw.size,
        );
      }
    }
  }

  private async store(
    trx: Executor,
    key: MailKey,
    parsed: ParsedMail,
    verdict: Verdict,
    requester: MailAddress,
    raw: BlobRef,
    dedupKey: string,
    options: IngestOptions,
    onNewCase?: NewCaseAction,
  ): Promise<IngestResult> {
    const now = this.clock();
    // A round-trip mail is left on the server for the round trip itself to find and delete.
    const leaveOnServer = verdict.kind === 'drop' && verdict.reason === 'round_trip';
    const trace = { from: parsed.from?.address ?? null, subject: parsed.subject };
    const queued = options.queued;
    const record = async (
      outcome: MailOutcome,
      caseId: number | null,
      messageId: number | null,
      detail: string | null | (() => string | null) = null,
    ) => {
      const values = {
        dedupKey,
        outcome,
        caseMessageId: messageId,
        settled: options.settled || leaveOnServer,
        now: now.toISOString(),
      };
      // A detail given as a function is read when the line is written: a batch that holds its cases runs
      // their hooks at its end, before it writes its log lines.
      const traced =
        typeof detail === 'function'
          ? {
              ...trace,
              caseId,
              get detail() {
                return detail();
              },
            }
          : { ...trace, caseId, detail };
      if (queued === undefined) await this.mails.record(trx, key, values, traced);
      // The identity's primary key is what settles a race between two copies of one request: claimed at
      // once, or with the rest of its batch at the batch's end.
      if (outcome !== 'duplicate') {
        const claim = { dedupKey, caseMessageId: messageId, accountId: key.accountId, now };
        if (queued?.claimLater) queued.claimLater(claim);
        else await this.identities.claim(trx, dedupKey, claim);
      }
      if (queued === undefined) {
        await trx
          .deleteFrom('quarantine')
          .where('account_id', '=', key.accountId)
          .where('mailbox', '=', key.mailbox)
          .where('uid', '=', key.uid)
          .execute();
      } else {
        // Its queued row, its log line and any earlier quarantine entry: written with its batch's.
        queued.finish({ id: queued.id, key, ...values, trace: traced });
      }
      return { kind: outcome as Exclude<MailOutcome, 'preexisting'>, caseId, messageId };
    };
    // A queued mail's row was taken for building by its batch; any other mail may have been stored since.
    if (queued === undefined && (await this.mails.isKnown(trx, key))) return { kind: 'already_handled' };
    // The same request through another account (written to two help desk addresses, or Cc'd), or a mailbox
    // fetched twice: one case, and this server copy still gets its after-store action.
    const twin = queued ? await queued.identity(dedupKey) : await this.identities.find(trx, dedupKey);
    if (twin) return record('duplicate', null, twin.caseMessageId);
    if (verdict.kind === 'drop') {
      this.deps.logger.info('inbound mail dropped', {
        accountId: key.accountId,
        uid: key.uid,
        reason: verdict.reason,
        messageId: parsed.messageId,
      });
      return record('dropped', null, null, verdict.reason);
    }
    const threads = queued?.threads;
    const match = await resolveThread(trx, threadInputOf(parsed, verdict), {
      tagPattern: this.deps.tagPattern,
      verifySigned: this.deps.verifySigned,
      caseIdByNumber: async (ex, n) => await this.deps.cases.findCaseByNumber(ex, n),
      caseExists: (ex, id) => this.deps.cases.exists(ex, id),
      caseIdByMessageIds: (ex, ids) =>
        threads
          ? Promise.resolve(threads.caseIdByMessageIds(ids))
          : this.deps.cases.findCaseByMessageIds(ex, ids),
    });
    const message = toNewMessage(parsed, verdict, raw.hash);
    if (verdict.kind !== 'person') {
      await this.applyBounce(trx, verdict, parsed, now);
      if (match.kind === 'new') return record('auto_unmatched', null, null);
      const messageId = await this.deps.cases.addMessage(trx, match.caseId, message);
      return record('auto_recorded', match.caseId, messageId);
    }
    if (!options.skipThrottle && parsed.from) {
      const check = queued?.senders
        ? await queued.senders.count(trx, parsed.from.address, now)
        : await countAndCheck(trx, parsed.from.address, now, this.deps.throttle);
      if (check.throttled) {
        const id = await this.mails.quarantine(
          trx,
          key,
          {
            reason: 'throttled',
            detail: storedDetail(throttledDetail(parsed.from.address, check.count)),
            rawHash: raw.hash,
            size: raw.size,
            now: now.toISOString(),
          },
          trace,
        );
        if (queued !== undefined) await this.mails.dropQueued(trx, queued.id);
        return { kind: 'quarantined', reason: 'throttled', quarantineId: id };
      }
    }
    if (match.kind === 'existing') {
      const messageId = await this.deps.cases.addMessage(trx, match.caseId, message);
      return record('follow_up', match.caseId, messageId);
    }
    const opened = await this.deps.cases.openCase(trx, {
      subject: parsed.subject,
      requester,
      sourceAccountId: key.accountId,
      message,
    });
    let hookDetail: string | null = null;
    if (onNewCase) {
      const senders = queued?.senders;
      // A batch that holds its cases runs only hooks that report (case-builder.ts): at the batch's end.
      await this.deps.cases.whenWritten(trx, opened.caseId, async (caseId) => {
        const said = await onNewCase(trx, {
          caseId,
          requester,
          mail: parsed,
          ...(senders ? { senderCount: (address, window) => senders.current(address, window) } : {}),
        });
        hookDetail = typeof said === 'string' ? said : null;
      });
    }
    return record('new_case', opened.caseId, opened.messageId, () => hookDetail);
  }

  /**
   * A failure report about a mail DRobot sent to the recipient it names marks that mail bounced, and a
   * permanent one stops further notifications to that address. Any other report (forged, about someone
   * else's mail, or naming another recipient than the mail went to) changes nothing here.
   */
  private async applyBounce(trx: Executor, verdict: Verdict, parsed: ParsedMail, now: Date): Promise<void> {
    const claim = bounceClaim(verdict, parsed);
    if (!claim) return;
    const sent = await sentMailsTo(trx, claim.messageIds, claim.recipient);
    if (sent.length === 0) return;
    await markBounced(trx, sent, claim.detail, now);
    if (claim.permanent)
      await suppressAddress(trx, claim.recipient, 'bounce', `DSN ${claim.status ?? ''}`, now);
  }

  private async toQuarantine(
    key: MailKey,
    reason: QuarantineReason,
    detail: Text,
    rawHash: string | null,
    size: number,
  ): Promise<IngestResult> {
    const id = await inTransaction(this.deps.database, (trx) =>
      this.mails.quarantine(trx, key, {
        reason,
        detail: storedDetail(detail),
        rawHash,
        size,
        now: this.clock().toISOString(),
      }),
    );
    this.deps.logger.warn('inbound mail quarantined', {
      accountId: key.accountId,
      uid: key.uid,
      reason,
      detail: detail.en,
    });
    return { kind: 'quarantined', reason, quarantineId: id };
  }
}

function classificationOf(verdict: Verdict): Classification {
  return verdict.kind === 'bounce' ? 'bounce' : verdict.kind === 'auto_reply' ? 'auto_reply' : 'normal';
}

function toNewMessage(parsed: ParsedMail, verdict: Verdict, rawHash: string): NewMessage {
  return {
    direction: 'in',
    classification: classificationOf(verdict),
    from: parsed.from ?? { address: 'unknown@invalid' },
    to: parsed.to,
    cc: parsed.cc,
    subject: parsed.subject,
    sentAt: parsed.date,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    text: parsed.text,
    textReply: parsed.textReply,
    textTruncated: parsed.textTruncated,
    html: parsed.html,
    rawHash,
    bounce:
      verdict.kind === 'bounce'
        ? { recipient: verdict.recipient, status: verdict.status, kind: bounceKindOf(verdict) }
        : undefined,
    attachments: parsed.attachments,
    omittedParts: parsed.omittedParts,
  };
}

/** A quarantine detail as stored: both languages, each bounded and storable in any database. */
function storedDetail(detail: Text): string {
  const bounded = (text: string) => storableText(Array.from(text).slice(0, 500).join(''));
  return storeText({ es: bounded(detail.es), en: bounded(detail.en) });
}
