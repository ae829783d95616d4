import { BlobStore } from '../../src/cases/blob.store.js';
import { CaseService } from '../../src/cases/case.service.js';
import type {
  FetchLimits,
  FetchPlan,
  IntakeLimits,
  SourceOpener,
} from '../../src/inbound/fetch/fetch.runner.js';
import { CaseBuilder, type BuildLimits } from '../../src/inbound/ingest/case-builder.js';
import { InboundMailRepository } from '../../src/inbound/ingest/inbound-mail.repository.js';
import { FetchRunner } from '../../src/inbound/fetch/fetch.runner.js';
import { rememberingConversations } from '../../src/inbound/fetch/source-conversations.js';
import { MailIngestor, type NewCaseHook } from '../../src/inbound/ingest/mail.ingestor.js';
import type { ParseThread } from '../../src/inbound/parse/parse-thread.js';
import { QuarantineService } from '../../src/inbound/quarantine/quarantine.service.js';
import { defaultSourceOpener } from '../../src/inbound/inbound.factory.js';
import type { SourceSettings } from '../../src/transports/mailbox-source.js';
import { DEFAULT_CASE_TAGS, caseTagPattern } from '../../src/inbound/thread/case-tag.js';
import { silentLogger, type Logger } from '../../src/logging/logger.js';
import { verifyCaseMessageId } from '../../src/notifications/message-id.js';
import { inTransaction, type Database } from '../../src/storage/database.js';
import type { DovecotServer } from './dovecot.js';
import type { TestPki } from './pki.js';

export const CASE_KEY = Buffer.alloc(32, 9);
export const INSTANCE_ID = 'drobot-test';

/** The inbound pipeline wired for a test store, the way the composition root wires it. */
export interface TestPipeline {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly cases: CaseService;
  readonly ingestor: MailIngestor;
  readonly runner: FetchRunner;
  readonly quarantine: QuarantineService;
}

export interface PipelineOptions {
  readonly open?: SourceOpener;
  readonly logger?: Logger;
  readonly throttleLimit?: number;
  readonly keepsServerCopy?: boolean;
  /** The runner's clock (deferred downloads wait on it). */
  readonly clock?: () => Date;
  /** What happens when a mail opens a case (the acknowledgment). */
  readonly onNewCase?: NewCaseHook;
  /** The blob store (a test may watch it); one on `dataDir` when absent. */
  readonly blobs?: BlobStore;
  readonly intakeLimits?: Partial<IntakeLimits>;
  readonly buildLimits?: Partial<BuildLimits>;
  /** Parses on this thread instead of the main one. */
  readonly parseThread?: ParseThread;
}

export const defaultOpener: SourceOpener = defaultSourceOpener;

export function createPipeline(
  database: Database,
  dataDir: string,
  options: PipelineOptions = {},
): TestPipeline {
  const blobs = options.blobs ?? new BlobStore(dataDir, database);
  const cases = new CaseService(database);
  const logger = options.logger ?? silentLogger;
  const ingestor = new MailIngestor({
    database,
    cases,
    blobs,
    logger,
    classifyPolicy: { instanceId: INSTANCE_ID, ownAddresses: ['soporte@helpdesk.test'] },
    throttle: { limit: options.throttleLimit ?? 0, windowSeconds: 3600 },
    tagPattern: caseTagPattern(DEFAULT_CASE_TAGS),
    verifySigned: (id) => verifyCaseMessageId(id, CASE_KEY),
    ...(options.onNewCase ? { onNewCase: options.onNewCase } : {}),
    ...(options.parseThread ? { parseThread: options.parseThread } : {}),
  });
  const runner = new FetchRunner({
    database,
    blobs,
    ingestor,
    open: rememberingConversations(database, options.open ?? defaultOpener),
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.intakeLimits ? { intakeLimits: options.intakeLimits } : {}),
    builder: new CaseBuilder({
      database,
      ingestor,
      logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.buildLimits ? { limits: options.buildLimits } : {}),
    }),
  });
  const quarantine = new QuarantineService({
    database,
    blobs,
    ingestor,
    keepsServerCopy: () => Promise.resolve(options.keepsServerCopy ?? false),
    maxMessageBytes: () => Promise.resolve(25 * 1024 * 1024),
  });
  return { database, blobs, cases, ingestor, runner, quarantine };
}

/** Settings for one Dovecot user over TLS (implicit TLS, trusting the test CA) unless told otherwise. */
export function dovecotSettings(
  server: DovecotServer,
  pki: TestPki,
  protocol: 'pop3' | 'imap',
  user: string,
  password: string,
  over: Partial<SourceSettings> = {},
): SourceSettings {
  return {
    protocol,
    host: '127.0.0.1',
    port: protocol === 'imap' ? server.ports.imaps : server.ports.pop3s,
    security: 'implicit',
    timeoutMs: 5000,
    tls: { caPem: pki.caPem, insecureSkipVerify: false },
    credentials: { kind: 'password', username: user, password },
    folder: 'INBOX',
    afterStore: 'delete',
    moveTo: null,
    ...over,
  };
}

export function fetchPlan(
  accountId: number,
  source: SourceSettings,
  limits: Partial<FetchLimits> = {},
): FetchPlan {
  return {
    accountId,
    accountName: `acct-${accountId}`,
    limits: { maxMessagesPerRun: 1000, maxMessageBytes: 50 * 1024 * 1024, firstRun: 'all', ...limits },
    source,
  };
}

/** Queues raw mails of an account for building, as intake leaves them (raw bytes stored, not settled). */
export async function queueForBuilding(
  p: TestPipeline,
  accountId: number,
  raws: readonly Buffer[],
): Promise<void> {
  const rows = await Promise.all(
    raws.map(async (raw, i) => {
      const ref = await p.blobs.putBuffer(raw);
      const key = { accountId, mailbox: 'INBOX', uid: String(i + 1) };
      return { key, rawHash: ref.hash, size: ref.size, settled: false };
    }),
  );
  await inTransaction(p.database, (trx) =>
    new InboundMailRepository().enqueue(trx, rows, new Date().toISOString()),
  );
}
