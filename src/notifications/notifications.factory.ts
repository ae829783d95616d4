import type { TokenSource } from '../accounts/connection-secrets.js';
import crypto from 'node:crypto';
import { senderAddressOf } from '../accounts/account.kind.js';
import type { Account } from '../accounts/account.model.js';
import type { Lang } from '../i18n/lang.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { SecretStore } from '../secrets/secret.store.js';
import type { Database } from '../storage/database.js';
import { messageIdDomain } from './message-id.js';
import { createOutboundTransports } from './outbound-accounts.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';
import { ownAddresses, resolveRouting, type RoutingSettings } from './routing.js';
import { loadTemplates } from './templates/template.loader.js';
import { loadThreadingKey } from './threading-key.js';

export interface NotificationsDeps {
  readonly database: Database;
  readonly secrets: SecretStore;
  readonly accounts: {
    list(): Promise<Account[]>;
    get(ref: number): Promise<Account>;
    secret(accountId: number, name: string): Promise<string | undefined>;
  };
  /** Access tokens for XOAUTH2 and the REST APIs (the OAuth token service). */
  readonly accessToken?: TokenSource;
  readonly settings: RoutingSettings & {
    readonly templatesDir: string | undefined;
    readonly lang: Lang;
    readonly caseTagLabel?: string;
  };
  readonly logger?: Logger;
  /** Reads attachment bytes from the blob store (answers with files). */
  readonly readBlob?: (hash: string) => Promise<Buffer>;
  /** How long an account's connections stay open unused while `drobot serve` polls; default one minute. */
  readonly idleCloseMs?: number;
}

/** The outbound side, assembled: the outbox service, its worker and what they share. */
export interface Notifications {
  readonly outbox: OutboxService;
  readonly worker: OutboxWorker;
  readonly threadingKey: Buffer;
  /** This installation's id, in the loop header of every mail DRobot sends. */
  readonly instanceId: string;
  close(): Promise<void>;
}

/** The loop header value: derived from the threading key, so every worker of one installation agrees. */
export function instanceIdOf(threadingKey: Buffer): string {
  const digest = crypto.createHash('sha256').update('drobot-instance').update(threadingKey).digest('hex');
  return `drobot-${digest.slice(0, 16)}`;
}

/** Builds the outbound side from the application's parts; templates are checked here, at start. */
export async function createNotifications(deps: NotificationsDeps): Promise<Notifications> {
  const templates = loadTemplates(deps.settings.templatesDir);
  const threadingKey = await loadThreadingKey(deps.database, deps.secrets);
  const instanceId = instanceIdOf(threadingKey);
  const transports = createOutboundTransports({
    getAccount: (id) => deps.accounts.get(id),
    secret: (id, name) => deps.accounts.secret(id, name),
    ...(deps.accessToken ? { accessToken: deps.accessToken } : {}),
  });
  const outbox = new OutboxService({
    database: deps.database,
    templates,
    threadingKey,
    instanceId,
    routing: async () => resolveRouting(await deps.accounts.list(), deps.settings),
    messageIdDomain: async (accountId) =>
      messageIdDomain(senderAddressOf(await deps.accounts.get(accountId))),
    ownAddresses: async () => ownAddresses(await deps.accounts.list()),
    senderOf: async (accountId) => {
      const account = await deps.accounts.get(accountId);
      return { address: senderAddressOf(account), name: account.outbound.fromName ?? undefined };
    },
    defaultLang: deps.settings.lang,
    ...(deps.settings.caseTagLabel ? { caseTagLabel: deps.settings.caseTagLabel } : {}),
  });
  const worker = new OutboxWorker({
    database: deps.database,
    transportFor: (id) => transports.transportFor(id),
    rateLimitOf: (id) => transports.rateLimitOf(id),
    ...(deps.readBlob ? { readBlob: deps.readBlob } : {}),
    logger: (deps.logger ?? silentLogger).child({ module: 'outbox' }),
    afterPass: () => transports.closeIdle(deps.idleCloseMs ?? 60_000),
  });
  return {
    outbox,
    worker,
    threadingKey,
    instanceId,
    async close() {
      await worker.stop();
      transports.close();
    },
  };
}
