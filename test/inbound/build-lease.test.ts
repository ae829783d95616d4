import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, test } from 'node:test';
import { InboundMailRepository } from '../../src/inbound/ingest/inbound-mail.repository.js';
import { sql } from 'kysely';
import { inTransaction, type Database } from '../../src/storage/database.js';
import { DIALECTS } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

const HASH = 'a'.repeat(64);

for (const dialect of DIALECTS) {
  describe(`the build queue's claims (${dialect})`, () => {
    let database: Database;
    const mails = new InboundMailRepository();

    withTestStore(dialect, (_store, db) => {
      database = db;
    });

    const claim = (holder: string, now: Date, accountId: number) =>
      inTransaction(database, (trx) =>
        mails.claimQueued(trx, {
          limit: 10,
          now: now.toISOString(),
          leaseUntil: new Date(now.getTime() + 120_000).toISOString(),
          holder,
          accountId,
        }),
      );

    test('a claim holds until it expires, unless its holder is a process of this host that has ended', async () => {
      const accountId = 7;
      const now = new Date();
      await inTransaction(database, (trx) =>
        mails.enqueue(
          trx,
          ['1', '2', '3'].map((uid) => ({
            key: { accountId, mailbox: 'pop3', uid },
            rawHash: HASH,
            size: 10,
            settled: false,
          })),
          now.toISOString(),
        ),
      );
      const ended = spawnSync(process.execPath, ['-e', '0']).pid;
      const gone = `${os.hostname()}:${ended}:dead01`;
      const elsewhere = 'otra-maquina.invalid:4242:live01';
      const me = `${os.hostname()}:${process.pid}:live02`;

      const alsoMe = `${os.hostname()}:${process.pid}:live03`;
      const uids = (claimed: { key: { uid: string } }[]) => claimed.map((m) => m.key.uid);

      assert.deepEqual(uids(await claim(gone, now, accountId)), ['1', '2', '3']);
      // Its process ended (a crash): a builder of the same host takes its claims at once.
      assert.deepEqual(uids(await claim(me, now, accountId)), ['1', '2', '3']);
      // Held by a live process: neither another builder of this host nor one of another host takes them.
      assert.deepEqual(await claim(alsoMe, now, accountId), []);
      assert.deepEqual(await claim(elsewhere, now, accountId), []);
      // Once the lease has ended, anyone may; and a live holder of another host is waited for in turn.
      const later = new Date(now.getTime() + 121_000);
      assert.deepEqual(uids(await claim(elsewhere, later, accountId)), ['1', '2', '3']);
      assert.deepEqual(await claim(me, later, accountId), []);
      assert.equal(await mails.queuedCount(database.db, accountId), 3);
    });
  });
}

describe('the build queue on PostgreSQL: a claim and intake settling the same mails', () => {
  let database: Database;
  const mails = new InboundMailRepository();

  withTestStore('postgres', (_store, db) => {
    database = db;
  });

  /** Waits until a transaction waits for a row of the queue (a tuple lock is held only while waiting). */
  async function someoneWaitsForARow(): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_locks
        where locktype = 'tuple' and relation = 'inbound_mails'::regclass`.execute(database.db);
      if (Number(rows[0]?.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no transaction waited for a queue row');
  }

  test('wait for each other instead of deadlocking, whatever order the table holds the rows in', async () => {
    const accountId = 11;
    const mailbox = 'INBOX';
    const now = new Date();
    const uids = Array.from({ length: 60 }, (_, i) => String(i + 1));
    await inTransaction(database, (trx) =>
      mails.enqueue(
        trx,
        uids.map((uid) => ({ key: { accountId, mailbox, uid }, rawHash: HASH, size: 10, settled: false })),
        now.toISOString(),
      ),
    );
    // Rows updated since they were written lie after the others in the table, as in a busy queue: a
    // statement that reads the table in its order meets the lowest ids last.
    await sql`update inbound_mails set size = size where uid in (${sql.join(uids.slice(0, 10))})`.execute(
      database.db,
    );

    // Intake holds the first mail (marking it settled), then wants the last one too.
    let holdsFirst!: () => void;
    const heldFirst = new Promise<void>((resolve) => (holdsFirst = resolve));
    let goOn!: () => void;
    const mayGoOn = new Promise<void>((resolve) => (goOn = resolve));
    const settling = inTransaction(database, async (trx) => {
      await mails.markSettled(trx, accountId, mailbox, ['1']);
      holdsFirst();
      await mayGoOn;
      await mails.markSettled(trx, accountId, mailbox, ['60']);
    });
    await heldFirst;
    // A builder claims the whole batch meanwhile, and waits for the first mail.
    const claiming = inTransaction(database, (trx) =>
      mails.claimQueued(trx, {
        limit: 60,
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + 120_000).toISOString(),
        holder: `${os.hostname()}:${process.pid}:lock01`,
        accountId,
      }),
    );
    claiming.catch(() => undefined);
    await someoneWaitsForARow();
    goOn();
    const [claimed] = await Promise.all([claiming, settling]);
    assert.equal(claimed.length, 60);
    const settled = await database.db
      .selectFrom('inbound_mails')
      .select('uid')
      .where('settled', '=', 1)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      settled.map((r) => r.uid),
      ['1', '60'],
    );
  });
});
