import { BlobStore } from '../../src/cases/blob.store.js';
import { Acknowledger } from '../../src/helpdesk/acknowledger.js';
import { ConversationService } from '../../src/helpdesk/conversation.service.js';
import type { Lang } from '../../src/i18n/lang.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { OutboxService } from '../../src/notifications/outbox.service.js';
import type { Database } from '../../src/storage/database.js';
import { FROM, makeService } from '../notifications/outbox.fixture.js';
import { CASE_KEY } from './mail-pipeline.js';
import { HELPDESK } from './corpus.js';

/** The help desk's agent side and acknowledgments, wired for a test store the way the context wires them. */
export interface TestHelpdesk {
  readonly outbox: OutboxService;
  readonly acknowledger: Acknowledger;
  readonly conversation: ConversationService;
  readonly blobs: BlobStore;
  /** The inbound account's settings; change them between mails. */
  readonly account: { acknowledge: boolean; lang: Lang | null };
}

export interface HelpdeskOptions {
  readonly windowSeconds?: number;
  readonly throttleLimit?: number;
  readonly notifyStatuses?: readonly string[];
  readonly defaultLang?: Lang;
  readonly clock?: () => Date;
  /** More of DRobot's own addresses (the inbound accounts' mailboxes), never written to. */
  readonly ownAddresses?: readonly string[];
}

export function makeHelpdesk(
  database: Database,
  dataDir: string,
  options: HelpdeskOptions = {},
): TestHelpdesk {
  const outbox = makeService(database, CASE_KEY, {
    ownAddresses: () => [FROM, HELPDESK, ...(options.ownAddresses ?? [])],
    senderOf: () => Promise.resolve({ address: FROM, name: 'Mesa de servicio' }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const account: { acknowledge: boolean; lang: Lang | null } = { acknowledge: true, lang: null };
  const acknowledger = new Acknowledger({
    outbox,
    accountOf: () => Promise.resolve({ ...account }),
    defaultLang: options.defaultLang ?? 'es',
    windowSeconds: options.windowSeconds ?? 3600,
    throttle: { limit: options.throttleLimit ?? 0, windowSeconds: 3600 },
    logger: silentLogger,
    cacheMs: 0,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const blobs = new BlobStore(dataDir, database);
  const conversation = new ConversationService({
    database,
    outbox,
    blobs,
    defaultLang: options.defaultLang ?? 'es',
    notifyStatuses: options.notifyStatuses ?? ['pending', 'resolved', 'closed'],
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { outbox, acknowledger, conversation, blobs, account };
}
