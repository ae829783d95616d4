import path from 'node:path';
import type { AppContext } from '../app/context.js';
import { BlobStore } from '../cases/blob.store.js';
import { CaseService } from '../cases/case.service.js';
import type { Logger } from '../logging/logger.js';
import { verifyCaseMessageId } from '../notifications/message-id.js';
import { instanceIdOf } from '../notifications/notifications.factory.js';
import { ownAddresses } from '../notifications/routing.js';
import { loadThreadingKey } from '../notifications/threading-key.js';
import { tokenServiceOf } from '../oauth/token-service.lazy.js';
import type { Database } from '../storage/database.js';
import { sweepOrphanBlobs } from './blob-sweep.js';
import { pruneUnfetchedConversations } from './fetch/source-conversations.js';
import type { ClassifyPolicy } from './classify/classifier.js';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './classify/sender.throttle.js';
import { FetchRunner, type SourceOpener } from './fetch/fetch.runner.js';
import { InboundService, type InboundAccounts } from './inbound.service.js';
import { MailIngestor, type NewCaseHook } from './ingest/mail.ingestor.js';
import { Acknowledger } from '../helpdesk/acknowledger.js';
import { notificationsOf } from '../notifications/notifications.context.js';
import { ParseThread } from './parse/parse-thread.js';
import { QuarantineService } from './quarantine/quarantine.service.js';
import { FetchScheduler } from './schedule/fetch.scheduler.js';
import { rememberingConversations } from './fetch/source-conversations.js';
import { openSource } from '../transports/registry.js';
import { DEFAULT_CASE_TAGS, caseTagPattern } from './thread/case-tag.js';

export interface InboundDeps {
  readonly database: Database;
  readonly dataDir: string;
  readonly accounts: InboundAccounts;
  readonly logger: Logger;
  /** Signs and verifies case Message-IDs (shared with the outbound side). */
  readonly threadingKey: Buffer;
  readonly instanceId: string;
  readonly throttle?: ThrottlePolicy;
  readonly caseTags?: readonly string[];
  readonly open?: SourceOpener;
  /** What else happens when a mail opens a case (the acknowledgment). */
  readonly onNewCase?: NewCaseHook;
  /** Parse mails on a second thread (see `ParseThread`). */
  readonly parseThread?: boolean;
}

/** The inbound side, assembled. */
export interface Inbound {
  readonly cases: CaseService;
  readonly blobs: BlobStore;
  readonly ingestor: MailIngestor;
  readonly runner: FetchRunner;
  readonly service: InboundService;
  readonly quarantine: QuarantineService;
  readonly scheduler: FetchScheduler;
}

/** Sources by the account's connection type, from the transport registry. */
export const defaultSourceOpener: SourceOpener = openSource;

export function createInbound(deps: InboundDeps): Inbound {
  const logger = deps.logger.child({ module: 'inbound' });
  const blobs = new BlobStore(deps.dataDir, deps.database);
  const swept = blobs.sweepTemp();
  if (swept > 0) logger.info('temp files of ended processes removed', { count: swept });
  const cases = new CaseService(deps.database);
  const ingestor = new MailIngestor({
    database: deps.database,
    cases,
    blobs,
    logger,
    classifyPolicy: cachedPolicy(deps),
    throttle: deps.throttle ?? DEFAULT_THROTTLE,
    tagPattern: caseTagPattern(deps.caseTags ?? DEFAULT_CASE_TAGS),
    verifySigned: (id) => verifyCaseMessageId(id, deps.threadingKey),
    ...(deps.onNewCase ? { onNewCase: deps.onNewCase } : {}),
    ...(deps.parseThread ? { parseThread: new ParseThread({ dataDir: deps.dataDir }) } : {}),
  });
  const runner = new FetchRunner({
    database: deps.database,
    blobs,
    ingestor,
    open: rememberingConversations(deps.database, deps.open ?? defaultSourceOpener),
    logger,
  });
  const service = new InboundService({ database: deps.database, runner, accounts: deps.accounts });
  const quarantine = new QuarantineService({
    database: deps.database,
    blobs,
    ingestor,
    keepsServerCopy: async (id) => {
      const account = await deps.accounts.get(id);
      return account.protocol === 'pop3' && account.leaveCopy;
    },
    maxMessageBytes: async (id) => (await deps.accounts.get(id)).inbound.maxMessageBytes,
  });
  const scheduler = new FetchScheduler({ service, accounts: deps.accounts, logger });
  return { cases, blobs, ingestor, runner, service, quarantine, scheduler };
}

/** The classification policy; own addresses follow account changes within half a minute. */
function cachedPolicy(deps: InboundDeps): () => Promise<ClassifyPolicy> {
  // The look-up in progress is shared too: batches prepared side by side read the accounts once.
  let cached: { at: number; policy: Promise<ClassifyPolicy> } | undefined;
  return () => {
    if (cached && Date.now() - cached.at < 30_000) return cached.policy;
    const policy = deps.accounts
      .list()
      .then((accounts) => ({ instanceId: deps.instanceId, ownAddresses: ownAddresses(accounts) }));
    cached = { at: Date.now(), policy };
    // A failed look-up is not kept: the next batch asks again.
    policy.catch(() => (cached = undefined));
    return policy;
  };
}

const built = new WeakMap<AppContext, Promise<Inbound>>();

/** The inbound side of an application context, built once per context. */
export function inboundOf(ctx: AppContext): Promise<Inbound> {
  let inbound = built.get(ctx);
  if (!inbound) {
    inbound = (async () => {
      const threadingKey = await loadThreadingKey(ctx.database, ctx.secrets);
      const notifications = await notificationsOf(ctx);
      const onNewCase = new Acknowledger({
        outbox: notifications.outbox,
        accountOf: async (id) => (await ctx.accounts.get(id)).inbound,
        defaultLang: ctx.config.lang,
        windowSeconds: ctx.config.helpdesk.ackWindowSeconds,
        throttle: ctx.config.senderThrottle,
        logger: ctx.logger.child({ module: 'helpdesk' }),
      });
      return createInbound({
        onNewCase,
        database: ctx.database,
        dataDir: path.resolve(ctx.config.dataDir),
        accounts: {
          get: (ref) => ctx.accounts.get(ref),
          list: () => ctx.accounts.list(),
          secret: (id, name) => ctx.accounts.secret(id, name),
          accessToken: async (id, audience, options) =>
            (await tokenServiceOf(ctx)).getAccessToken(id, audience, options),
        },
        logger: ctx.logger,
        threadingKey,
        instanceId: instanceIdOf(threadingKey),
        throttle: ctx.config.senderThrottle,
        caseTags: [`[${ctx.config.caseTagLabel} #{n}]`, ...DEFAULT_CASE_TAGS],
        parseThread: ctx.config.parseThread,
      });
    })();
    built.set(ctx, inbound);
  }
  return inbound;
}

/** How often `drobot serve` removes blobs nothing refers to. */
const SWEEP_EVERY_MS = 6 * 60 * 60_000;

/**
 * Starts the inbound scheduler of `drobot serve`, the blob sweep and the pruning of conversations of mails
 * never fetched; the returned function stops them.
 */
export async function startInbound(ctx: AppContext): Promise<() => Promise<void>> {
  const inbound = await inboundOf(ctx);
  inbound.scheduler.start();
  const sweep = () => {
    sweepOrphanBlobs(ctx.database, inbound.blobs)
      .then((count) => {
        if (count > 0) ctx.logger.info('orphan blobs removed', { count });
      })
      .catch((error: unknown) => ctx.logger.warn('blob sweep failed', { error }));
    pruneUnfetchedConversations(ctx.database.db, new Date())
      .then((count) => {
        if (count > 0) ctx.logger.info('conversations of mails never fetched dropped', { count });
      })
      .catch((error: unknown) => ctx.logger.warn('conversation prune failed', { error }));
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    return inbound.scheduler.stop();
  };
}
