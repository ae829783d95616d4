import type { Executor } from '../storage/database.js';
import { comparableAddress } from '../transports/mime/mail-address.js';

/**
 * The suppression list: an address that bounced permanently gets no notification until an administrator
 * clears it. Addresses are kept as `normalizeAddress` gives them.
 */
export interface Suppression {
  readonly address: string;
  readonly reason: SuppressionReason;
  readonly detail: string | undefined;
  readonly createdAt: string;
}

/** `bounce`: a delivery report or a permanent refusal of the recipient; `manual`: an administrator. */
export type SuppressionReason = 'bounce' | 'manual';

/** An address as the list keeps it: lowercased, an internationalized domain in A-labels (as mail is sent). */
export const normalizeAddress = comparableAddress;

/** Adds an address (keeping the first reason when it is already there). */
export async function suppressAddress(
  ex: Executor,
  address: string,
  reason: SuppressionReason,
  detail: string | undefined,
  now: Date = new Date(),
): Promise<void> {
  await ex
    .insertInto('notification_suppressions')
    .values({
      address: normalizeAddress(address),
      reason,
      detail: detail?.slice(0, 1000) ?? null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('address').doNothing())
    .execute();
}

/** Clears an address; false when it was not on the list. */
export async function clearSuppression(ex: Executor, address: string): Promise<boolean> {
  const result = await ex
    .deleteFrom('notification_suppressions')
    .where('address', '=', normalizeAddress(address))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findSuppression(ex: Executor, address: string): Promise<Suppression | undefined> {
  const row = await ex
    .selectFrom('notification_suppressions')
    .selectAll()
    .where('address', '=', normalizeAddress(address))
    .executeTakeFirst();
  return row
    ? {
        address: row.address,
        reason: row.reason as SuppressionReason,
        detail: row.detail ?? undefined,
        createdAt: row.created_at,
      }
    : undefined;
}

export async function listSuppressions(ex: Executor): Promise<Suppression[]> {
  const rows = await ex.selectFrom('notification_suppressions').selectAll().orderBy('address').execute();
  return rows.map((row) => ({
    address: row.address,
    reason: row.reason as SuppressionReason,
    detail: row.detail ?? undefined,
    createdAt: row.created_at,
  }));
}
