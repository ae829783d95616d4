import { inTransaction, type Database } from '../../storage/database.js';

/**
 * Leases in the database, so several workers never fetch the same account at once: a worker takes the
 * lease when it is free or expired, renews it while it works and gives it back at the end.
 */
export class FetchLeases {
  constructor(
    private readonly database: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Takes (or renews) the lease on an account for `ttlMs`; false when another holder has it. */
  async acquire(accountId: number, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    const expires = new Date(now.getTime() + ttlMs).toISOString();
    return inTransaction(this.database, async (trx) => {
      if (this.database.dialect === 'postgres') {
        // Serializes takers of a lease row that does not exist yet.
        await trx
          .insertInto('fetch_leases')
          .values({ account_id: accountId, holder: '', expires_at: new Date(0).toISOString() })
          .onConflict((oc) => oc.column('account_id').doNothing())
          .execute();
      }
      const row = await trx
        .selectFrom('fetch_leases')
        .selectAll()
        .where('account_id', '=', accountId)
        .$if(this.database.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (row && row.holder !== holder && row.holder !== '' && row.expires_at > now.toISOString())
        return false;
      if (row) {
        await trx
          .updateTable('fetch_leases')
          .set({ holder, expires_at: expires })
          .where('account_id', '=', accountId)
          .execute();
      } else {
        await trx
          .insertInto('fetch_leases')
          .values({ account_id: accountId, holder, expires_at: expires })
          .execute();
      }
      return true;
    });
  }

  async release(accountId: number, holder: string): Promise<void> {
    await this.database.db
      .deleteFrom('fetch_leases')
      .where('account_id', '=', accountId)
      .where('holder', '=', holder)
      .execute();
  }
}
