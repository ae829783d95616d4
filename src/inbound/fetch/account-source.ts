import type { Account } from '../../accounts/account.model.js';
import {
  apiConnectionOf,
  protocolConnectionOf,
  type ConnectionSecrets,
  type ProtocolConnection,
} from '../../accounts/connection-secrets.js';
import { accountStateWords } from '../../accounts/account.labels.js';
import { DrobotError } from '../../errors/drobot-error.js';
import { inboundErrors } from '../inbound.errors.js';
import type { AfterStore, SourceSettings } from '../../transports/mailbox-source.js';
import type { ApiSourceSettings } from '../../transports/ports.js';
import type { InboundKind, InboundSettings } from '../../transports/registry.js';
import type { FetchPlan } from './fetch.runner.js';

/** Where fetching reads an account's secrets and tokens. */
export type AccountSecrets = ConnectionSecrets;

/** Whether an account is one this pipeline fetches: inbound POP3 or IMAP, Microsoft Graph or the Gmail API. */
export function isFetchable(account: Account): boolean {
  if (account.direction !== 'inbound') return false;
  if (account.connection === 'graph' || account.connection === 'gmail-api') return true;
  return account.connection === 'protocol' && account.protocol !== 'smtp';
}

/** The registry's key for an account's inbound connection type. */
export function inboundKindOfAccount(account: Pick<Account, 'connection' | 'protocol'>): InboundKind {
  if (account.connection === 'graph') return 'graph';
  if (account.connection === 'gmail-api') return 'gmail';
  return account.protocol === 'pop3' ? 'pop3' : 'imap';
}

/**
 * What happens to a stored mail on the server. POP3 keeps it with "leave a copy", else deletes it; IMAP
 * follows the after-fetch setting, and "leave a copy" never lets it delete. Pure.
 */
export function afterStoreOf(account: Pick<Account, 'protocol' | 'leaveCopy' | 'inbound'>): AfterStore {
  if (account.protocol === 'pop3') return account.leaveCopy ? 'keep' : 'delete';
  const action = account.inbound.afterFetch;
  return action === 'delete' && account.leaveCopy ? 'seen' : action;
}

/** The fetch plan of an account, secrets included; errors when the account cannot fetch. */
export async function fetchPlanFor(
  account: Account,
  secrets: AccountSecrets,
): Promise<FetchPlan<InboundSettings>> {
  // The account rules let an inbound account use only POP3, IMAP or an API: what is not fetchable is outbound.
  if (!isFetchable(account)) {
    throw new DrobotError(inboundErrors.notInbound, { params: { name: account.name } });
  }
  if (!account.enabled) {
    throw new DrobotError(inboundErrors.accountDisabled, { params: { name: account.name } });
  }
  if (account.state !== 'ready') {
    throw new DrobotError(inboundErrors.notUsable, {
      params: { name: account.name, state: accountStateWords(account.enabled ? account.state : 'disabled') },
    });
  }
  const noToken = () =>
    new DrobotError(inboundErrors.notUsable, {
      params: { name: account.name, state: accountStateWords('authorization_required') },
    });
  const limits = {
    maxMessagesPerRun: account.inbound.maxMessagesPerRun,
    maxMessageBytes: account.inbound.maxMessageBytes,
    firstRun: account.inbound.firstRun,
  };
  if (account.connection === 'graph' || account.connection === 'gmail-api') {
    const api = await apiConnectionOf(account, secrets, noToken);
    const source: ApiSourceSettings = {
      ...api.connection,
      accessToken: api.tokens,
      folder: account.folder || (api.connection.kind === 'graph' ? 'inbox' : 'INBOX'),
      afterStore: afterStoreOf(account),
      moveTo: account.inbound.moveToFolder,
    };
    return { accountId: account.id, accountName: account.name, limits, source };
  }
  const connection = await protocolConnectionOf(account, secrets, noToken);
  return {
    accountId: account.id,
    accountName: account.name,
    limits,
    source: protocolSourceOf(account, connection),
  };
}

/** What a POP3 or IMAP inbound account's account settings say about its mailbox. */
export type InboundMailboxSettings = Pick<Account, 'protocol' | 'folder' | 'leaveCopy' | 'inbound'>;

/**
 * The settings fetching opens a POP3 or IMAP account's mailbox with: its connection (plan, secrets,
 * token provider) and its folder and after-store action. The connection test opens the adapter with the
 * same, so a test that passes means fetching can open and list the mailbox. Pure.
 */
export function protocolSourceOf(
  account: InboundMailboxSettings,
  connection: Pick<ProtocolConnection, 'plan' | 'endpoint' | 'credentials' | 'sasl' | 'accessToken'>,
): SourceSettings {
  const { endpoint } = connection;
  return {
    protocol: account.protocol === 'pop3' ? 'pop3' : 'imap',
    host: endpoint.host,
    port: endpoint.port,
    security: connection.plan.security,
    timeoutMs: endpoint.timeoutMs,
    tls: endpoint.tls,
    proxy: endpoint.proxy,
    credentials: connection.credentials,
    accessToken: connection.accessToken,
    sasl: connection.sasl,
    folder: account.folder || 'INBOX',
    afterStore: afterStoreOf(account),
    moveTo: account.inbound.moveToFolder,
  };
}
