import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, test } from 'node:test';
import { InboundMailRepository } from '../../src/inbound/ingest/inbound-mail.repository.js';
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
