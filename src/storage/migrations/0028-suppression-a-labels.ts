import { domainToASCII } from 'node:url';
import type { Kysely, Migration } from 'kysely';

interface SuppressionTable {
  notification_suppressions: { address: string; created_at: string };
}

/**
 * Suppressed addresses written with an internationalized domain in Unicode (`ana@añoranza.es`, typed by an
 * administrator before addresses were compared in A-labels) are rewritten as the list now keeps them
 * (`ana@xn--aoranza-4za.es`), so that they match again; when both forms are listed, the older entry is kept.
 * The mapping is written out here, not imported: a migration never changes once released.
 */
export const suppressionALabelsMigration: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Kysely<SuppressionTable>;
    const rows = await db
      .selectFrom('notification_suppressions')
      .select(['address', 'created_at'])
      .orderBy('created_at')
      .execute();
    const kept = new Map(rows.map((row) => [row.address, row.created_at]));
    for (const row of rows) {
      const target = inALabels(row.address);
      if (target === row.address) continue;
      const other = kept.get(target);
      if (other !== undefined && other <= row.created_at) {
        await db.deleteFrom('notification_suppressions').where('address', '=', row.address).execute();
      } else {
        if (other !== undefined) {
          await db.deleteFrom('notification_suppressions').where('address', '=', target).execute();
        }
        await db
          .updateTable('notification_suppressions')
          .set({ address: target })
          .where('address', '=', row.address)
          .execute();
        kept.set(target, row.created_at);
      }
      kept.delete(row.address);
    }
  },
};

/** The address with its domain in A-labels when the domain is written in Unicode and maps; else as it is. */
function inALabels(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  const domain = address.slice(at + 1);
  if (!/[^\u0020-\u007e]/.test(domain)) return address;
  const ascii = domainToASCII(domain);
  return ascii === '' ? address : `${address.slice(0, at)}@${ascii.toLowerCase()}`;
}
