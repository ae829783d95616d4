import type { Account } from '../../src/accounts/account.model.js';
import { fetchPlanFor, type AccountSecrets } from '../../src/inbound/fetch/account-source.js';
import type { FetchPlan } from '../../src/inbound/fetch/fetch.runner.js';
import type { SourceSettings } from '../../src/transports/mailbox-source.js';

/** The fetch plan of a POP3 or IMAP account, its mail-protocol settings readable as such. */
export async function protocolFetchPlan(
  account: Account,
  secrets: AccountSecrets,
): Promise<FetchPlan<SourceSettings>> {
  const plan = await fetchPlanFor(account, secrets);
  const { source } = plan;
  if (!('protocol' in source)) throw new Error(`${account.name} is not a POP3 or IMAP account`);
  return { ...plan, source };
}
