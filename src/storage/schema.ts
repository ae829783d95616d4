import type { AccountTable } from '../accounts/account.table.js';
import type { RunTables } from '../activity/runs.table.js';
import type { BlobTables } from '../cases/blob.table.js';
import type { CaseTables } from '../cases/case.table.js';
import type { InboundTables } from '../inbound/inbound.table.js';
import type { OutboxTables } from '../notifications/outbox.table.js';
import type { OAuthTables } from '../oauth/pending.table.js';
import type { KeyRingTable, SecretTable } from '../secrets/secret.table.js';
import type { UserTables } from '../users/user.table.js';

/**
 * Every table of DRobot, as the typed query builder sees it. Each capability declares its own tables
 * in its folder (`*.table.ts`) and adds them here.
 */
export interface Schema
  extends BlobTables, CaseTables, InboundTables, OutboxTables, OAuthTables, UserTables, RunTables {
  accounts: AccountTable;
  secrets: SecretTable;
  key_ring: KeyRingTable;
}
