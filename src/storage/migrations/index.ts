import type { Migration } from 'kysely';
import { coreMigration } from './0001-core.js';
import { oauthMigration } from './0002-oauth.js';
import { casesMigration } from './0003-cases.js';
import { outboxMigration } from './0004-outbox.js';
import { fetchRobustnessMigration } from './0010-fetch-robustness.js';
import { keyRingInboundLogMigration } from './0011-key-ring-inbound-log.js';
import { mailContentMigration } from './0012-mail-content.js';
import { helpdeskMigration } from './0014-helpdesk.js';
import { sourceCursorMigration } from './0015-source-cursor.js';
import { usersMigration } from './0016-users.js';
import { intakeQueueMigration } from './0017-intake-queue.js';
import { sentIdentityMigration } from './0018-sent-identity.js';
import { runsMigration } from './0019-runs.js';
import { blobPacksMigration } from './0020-blob-packs.js';
import { outboxWaitingAccountsMigration } from './0021-outbox-waiting-accounts.js';
import { outboxContentsMigration } from './0022-outbox-contents.js';
import { searchIndexByWriterMigration } from './0023-search-index-by-writer.js';
import { textCompressionMigration } from './0024-text-compression.js';
import { bounceKindMigration } from './0025-bounce-kind.js';
import { caseEventsMigration } from './0026-case-events.js';
import { statusChangesMigration } from './0027-status-changes.js';
import { suppressionALabelsMigration } from './0028-suppression-a-labels.js';

/**
 * Every migration, by name; names sort in the order they apply. One file per migration, never edited
 * once released: a change to the schema is a new migration.
 */
export const migrations: Record<string, Migration> = {
  '0001-core': coreMigration,
  '0002-oauth': oauthMigration,
  '0003-cases': casesMigration,
  '0004-outbox': outboxMigration,
  '0010-fetch-robustness': fetchRobustnessMigration,
  '0011-key-ring-inbound-log': keyRingInboundLogMigration,
  '0012-mail-content': mailContentMigration,
  '0014-helpdesk': helpdeskMigration,
  '0015-source-cursor': sourceCursorMigration,
  '0016-users': usersMigration,
  '0017-intake-queue': intakeQueueMigration,
  '0018-sent-identity': sentIdentityMigration,
  '0019-runs': runsMigration,
  '0020-blob-packs': blobPacksMigration,
  '0021-outbox-waiting-accounts': outboxWaitingAccountsMigration,
  '0022-outbox-contents': outboxContentsMigration,
  '0023-search-index-by-writer': searchIndexByWriterMigration,
  '0024-text-compression': textCompressionMigration,
  '0025-bounce-kind': bounceKindMigration,
  '0026-case-events': caseEventsMigration,
  '0027-status-changes': statusChangesMigration,
  '0028-suppression-a-labels': suppressionALabelsMigration,
};
