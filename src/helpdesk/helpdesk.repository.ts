import { sql } from 'kysely';
import { normalizeAddress } from '../notifications/suppression.repository.js';
import type { Executor } from '../storage/database.js';
import { windowStart } from '../inbound/classify/sender.throttle.js';

/** Which of these addresses are on the suppression list (in the form the list keeps them: `normalizeAddress`). */
export async function suppressedAmong(ex: Executor, addresses: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(addresses.map(normalizeAddress))].filter((a) => a !== '');
  if (wanted.length === 0) return new Set();
  const rows = await ex
    .selectFrom('notification_suppressions')
    .select('address')
    .where('address', 'in', wanted)
    .execute();
  return new Set(rows.map((r) => r.address));
}

/** Whether an acknowledgment went (or waits to go) to this address since `since` (ISO-8601). */
export async function acknowledgedSince(ex: Executor, address: string, since: string): Promise<boolean> {
  const row = await ex
    .selectFrom('outbox')
    .select('id')
    .where('type', '=', 'case-created')
    .where('recipient', '=', address)
    .where('created_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether a sender is over the inbound throttle in the current window, without counting a mail: a mail
 * a person let through from quarantine still gets no acknowledgment while its sender floods. `pending`:
 * the count of a batch being stored that writes its counts at its end, when it has this sender's.
 */
export async function senderOverLimit(
  ex: Executor,
  address: string,
  now: Date,
  policy: { readonly limit: number; readonly windowSeconds: number },
  pending?: (address: string, window: string) => number | undefined,
): Promise<boolean> {
  if (policy.limit <= 0) return false;
  const lower = address.toLowerCase();
  const window = windowStart(now, policy.windowSeconds);
  const counted = pending?.(lower, window);
  if (counted !== undefined) return counted > policy.limit;
  const row = await ex
    .selectFrom('sender_counts')
    .select('count')
    .where('address', '=', lower)
    .where('window_start', '=', window)
    .executeTakeFirst();
  return (row?.count ?? 0) > policy.limit;
}

/** Links an outbox row to the case message it is. */
export async function linkOutboxRow(ex: Executor, outboxId: number, caseMessageId: number): Promise<void> {
  await ex.updateTable('outbox').set({ case_message_id: caseMessageId }).where('id', '=', outboxId).execute();
}

/**
 * Serializes acknowledgments to one address until the transaction ends, so two workers opening two cases
 * of one requester at once agree on the window. SQLite's write lock does this already.
 */
export async function lockRequester(ex: Executor, address: string): Promise<void> {
  if (!ex.getExecutor().adapter.constructor.name.startsWith('Postgres')) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`drobot.ack:${address}`}))`.execute(ex);
}
