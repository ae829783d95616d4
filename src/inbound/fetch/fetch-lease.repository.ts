import os from 'node:os';
import { inTransaction, type Database } from '../../storage/database.js';

/** Who holds a lease that was refused, for the message that names them. */
export interface LeaseHolder {
  readonly holder: string;
  readonly expiresAt: string;
}

/**
 * Leases in the database, so several workers never fetch the same account at once: a worker takes the
 * lease when it is free or expired, renews it while it works (a lease is short: a crashed holder's lease
 * frees itself soon) and gives it back at the end. A holder is `host:pid:nonce`; on the same host a lease
 * whose process no longer runs is taken over at once.
 */
export class FetchLeases {
  constructor(
    private readonly database: Database,
    private readonly clock: () => Date = () => new Date(),
    private readonly isAlive: (holder: string) => boolean = holderIsAlive,
  ) {}

  /** Takes (or renews) the lease on an account for `ttlMs`; the other holder when it has it. */
  async acquire(accountId: number, holder: string, ttlMs: number): Promise<true | LeaseHolder> {
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
      const held = row && row.holder !== holder && row.holder !== '' && row.expires_at > now.toISOString();
      if (row && held && this.isAlive(row.holder)) return { holder: row.holder, expiresAt: row.expires_at };
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

  /** Renews a lease this holder has; false when it was lost (expired and taken by another). */
  async renew(accountId: number, holder: string, ttlMs: number): Promise<boolean> {
    const expires = new Date(this.clock().getTime() + ttlMs).toISOString();
    const result = await this.database.db
      .updateTable('fetch_leases')
      .set({ expires_at: expires })
      .where('account_id', '=', accountId)
      .where('holder', '=', holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async release(accountId: number, holder: string): Promise<void> {
    await this.database.db
      .deleteFrom('fetch_leases')
      .where('account_id', '=', accountId)
      .where('holder', '=', holder)
      .execute();
  }
}

/** This process's name in leases: host, pid and a nonce (pids are reused). */
export function leaseHolderName(): string {
  return `${os.hostname()}:${process.pid}:${Math.random().toString(16).slice(2, 8)}`;
}

/** Whether a holder may still be working: always, unless it is a process of this host that has ended. */
export function holderIsAlive(holder: string): boolean {
  const [host, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
