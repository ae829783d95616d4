import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { BlobStore, PACK_LIMIT_BYTES, PACK_OPEN_IDLE_MS } from '../../src/cases/blob.store.js';
import { sweepOrphanBlobs, SWEEP_GRACE_MS } from '../../src/inbound/blob-sweep.js';
import { inTransaction, type Database } from '../../src/storage/database.js';
import { blobIntact, storedHashes } from '../support/blob-listing.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

const hashOf = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const mail = (n: number, size = 35_000) => Buffer.alloc(size, `correo ${n} `);

for (const dialect of DIALECTS) {
  describe(`blob packs (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let blobs: BlobStore;
    const packDir = () => path.join(store.dataDir, 'blobs', 'packs');
    const packs = () => fs.readdirSync(packDir()).sort();

    /** Writes a batch and commits its index rows, as intake does. */
    async function commitBatch(items: Buffer[]): Promise<string[]> {
      const batch = blobs.batch();
      const refs = items.map((b) => batch.putBuffer(b));
      await batch.durable();
      await inTransaction(database, (trx) => batch.record(trx));
      return refs.map((r) => r.hash);
    }

    /** Names blobs as a queued mail would, so the sweep keeps them. */
    async function name(hashes: readonly string[]): Promise<void> {
      let uid = (await database.db.selectFrom('inbound_mails').select('id').execute()).length;
      for (const hash of hashes) {
        uid += 1;
        await database.db
          .insertInto('inbound_mails')
          .values({
            account_id: 1,
            mailbox: 'INBOX',
            uid: String(uid),
            dedup_key: `k${uid}`,
            outcome: 'queued',
            case_message_id: null,
            settled: 0,
            created_at: new Date().toISOString(),
            raw_hash: hash,
            build_lease_until: null,
            build_lease_holder: null,
          })
          .execute();
      }
    }

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      blobs = new BlobStore(store.dataDir, database);
    });

    test('reading blob after blob keeps the pack read last open, one at a time, and closes it once idle', async () => {
      const first = [mail(910), mail(911), mail(912)];
      const second = [mail(920), mail(921)];
      const firstHashes = await commitBatch(first);
      const secondHashes = await commitBatch(second);
      /** This process's open files in the packs folder. */
      const openPacks = () =>
        fs
          .readdirSync('/proc/self/fd')
          .map((fd) => {
            try {
              return fs.readlinkSync(path.join('/proc/self/fd', fd));
            } catch {
              return '';
            }
          })
          .filter((target) => target.startsWith(packDir()));
      const reads: Array<[string, Buffer]> = [
        [firstHashes[0] as string, first[0] as Buffer],
        [firstHashes[1] as string, first[1] as Buffer],
        [secondHashes[0] as string, second[0] as Buffer],
        [firstHashes[2] as string, first[2] as Buffer],
        [secondHashes[1] as string, second[1] as Buffer],
      ];
      for (const [hash, bytes] of reads) {
        assert.deepEqual(await blobs.read(hash), bytes);
        assert.equal(openPacks().length, 1, 'the pack just read, and no other');
      }
      await new Promise((resolve) => setTimeout(resolve, PACK_OPEN_IDLE_MS + 300));
      assert.deepEqual(openPacks(), [], 'closed after a while without a read');
      assert.deepEqual(await blobs.read(firstHashes[0] as string), first[0], 'and opened again when needed');
    });

    test('a batch located in one query reads without looking each blob up while the next is located; a removed blob is forgotten', async () => {
      const items = [mail(900), mail(901, 2_000), mail(902, 600_000)];
      const hashes = await commitBatch(items);
      await blobs.locate(hashes);
      // The index rows go: reads now depend on what locate answered.
      await database.db.deleteFrom('blob_entries').where('hash', 'in', hashes).execute();
      for (const [i, hash] of hashes.entries()) assert.deepEqual(await blobs.read(hash), items[i]);
      const opened = await blobs.open(hashes[0] as string);
      assert.equal(opened?.size, items[0]?.length);
      opened?.stream.destroy();
      await blobs.remove([hashes[1] as string], Date.now() + 1000);
      await assert.rejects(blobs.read(hashes[1] as string), /not stored/);
      // The next batch located: this one is still being read. The one after: this one is forgotten.
      await blobs.locate([]);
      assert.deepEqual(await blobs.read(hashes[0] as string), items[0]);
      await blobs.locate([]);
      await assert.rejects(blobs.read(hashes[0] as string), /not stored/);
    });

    test('a batch of small blobs is one pack file, read back byte for byte; the same bytes are kept once', async () => {
      const before = packs().length;
      const items = [mail(1), mail(2), mail(1), Buffer.alloc(0), mail(3, 10)];
      const hashes = await commitBatch(items);
      assert.equal(packs().length, before + 1, 'one pack for the batch');
      for (const [i, hash] of hashes.entries()) assert.deepEqual(await blobs.read(hash), items[i]);
      const opened = await blobs.open(hashes[1]!);
      assert.equal(opened?.size, 35_000);
      opened?.stream.destroy();
      const entries = await database.db.selectFrom('blob_entries').select('hash').execute();
      assert.equal(new Set(entries.map((e) => e.hash)).size, entries.length);
      assert.equal(entries.filter((e) => hashes.includes(e.hash)).length, 4, 'the repeated mail once');

      // Stored again by a later batch: no new pack, nothing written twice.
      await commitBatch([mail(2), mail(3, 10)]);
      assert.equal(packs().length, before + 1);
    });

    test('a blob larger than the pack limit is a single file; both forms answer has, open and read', async () => {
      const big = Buffer.alloc(PACK_LIMIT_BYTES + 1, 'x');
      const [hash] = await commitBatch([big]);
      assert.ok(fs.existsSync(path.join(store.dataDir, 'blobs', hash!.slice(0, 2), hash!.slice(2))));
      assert.equal(await blobs.has(hash!), true);
      assert.equal((await blobs.read(hash!)).length, big.length);
      await assert.rejects(blobs.read(hash!, 1024), /more than the 1024 read at once/);
      assert.equal(await blobs.has('0'.repeat(64)), false);
      assert.equal(await blobs.open('../../etc/passwd'), null);
    });

    test('blobs of an older data directory (one file each) are read, and not copied into a pack', async () => {
      const old = Buffer.from('un correo guardado antes de los paquetes');
      const hash = hashOf(old);
      const file = path.join(store.dataDir, 'blobs', hash.slice(0, 2), hash.slice(2));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, old);
      assert.deepEqual(await blobs.read(hash), old);
      const before = packs().length;
      await commitBatch([old]);
      assert.equal(packs().length, before, 'already stored: nothing written');
      const entry = await database.db
        .selectFrom('blob_entries')
        .select('hash')
        .where('hash', '=', hash)
        .execute();
      assert.deepEqual(entry, []);
    });

    test('the sweep: unnamed entries go; a pack goes once no entry names it, a partly used one stays whole', async () => {
      const keep = await commitBatch([mail(10), mail(11)]);
      const drop = await commitBatch([mail(12), mail(13)]);
      await name([keep[0]!]);
      const [keepPack, dropPack] = await Promise.all(
        [keep[0]!, drop[0]!].map(async (h) => {
          const row = await database.db
            .selectFrom('blob_entries')
            .select('pack')
            .where('hash', '=', h)
            .executeTakeFirstOrThrow();
          return row.pack;
        }),
      );
      // A batch that crashed between its pack and its commit: bytes on disk, no entry.
      const earlier = packs();
      const crashed = blobs.batch();
      crashed.putBuffer(mail(14));
      await crashed.durable();
      const orphanPack = packs().find((p) => !earlier.includes(p));
      assert.ok(orphanPack);

      // Within the grace time nothing goes: a young pack may belong to a batch about to commit.
      await sweepOrphanBlobs(database, blobs);
      assert.ok(packs().includes(dropPack!) && (await blobs.has(drop[0]!)));

      await sweepOrphanBlobs(database, blobs, { now: Date.now() + SWEEP_GRACE_MS + 60_000 });
      const stored = await storedHashes(blobs);
      assert.equal(stored.has(keep[0]!), true);
      assert.equal(await blobIntact(blobs, keep[0]!), true);
      assert.deepEqual(
        [stored.has(keep[1]!), stored.has(drop[0]!), stored.has(drop[1]!)],
        [false, false, false],
      );
      assert.equal(packs().includes(keepPack!), true, 'a pack with a live entry is left whole');
      assert.equal(packs().includes(dropPack!), false, 'a pack no entry names is deleted');
      assert.equal(packs().includes(orphanPack), false, 'a pack whose batch never committed is deleted');
    });

    test('a blob stored again after it went stale is not swept with its old age', async () => {
      const [hash] = await commitBatch([mail(20)]);
      const later = Date.now() + SWEEP_GRACE_MS + 60_000;
      // Stored again (a new mail with the same bytes) just before the sweep looks: it is young again.
      await database.db
        .updateTable('blob_entries')
        .set({ stored_at: new Date(Date.now() - 2 * SWEEP_GRACE_MS).toISOString() })
        .where('hash', '=', hash!)
        .execute();
      await commitBatch([mail(20)]);
      await sweepOrphanBlobs(database, blobs, { now: Date.now() });
      assert.equal(await blobs.has(hash!), true);
      await sweepOrphanBlobs(database, blobs, { now: later });
      assert.equal(await blobs.has(hash!), false);
    });

    test('a stale blob stored again is not swept between the batch making it durable and its commit', async () => {
      const bytes = mail(21);
      const [hash] = await commitBatch([bytes]);
      await database.db
        .updateTable('blob_entries')
        .set({ stored_at: new Date(Date.now() - 2 * SWEEP_GRACE_MS).toISOString() })
        .where('hash', '=', hash!)
        .execute();
      // A new mail with the same bytes: its batch finds the entry stored and does not write it again …
      const batch = blobs.batch();
      batch.putBuffer(bytes);
      await batch.durable();
      // … the sweep runs before the batch's transaction, the entry still unnamed …
      await sweepOrphanBlobs(database, blobs, { now: Date.now() });
      // … and the transaction names it, as a queued mail does.
      await inTransaction(database, (trx) => batch.record(trx));
      await name([hash!]);
      assert.equal(await blobs.has(hash!), true, 'the entry is still there');
      assert.equal(await blobIntact(blobs, hash!), true, 'its bytes read back');
    });
  });
}

describe('blob packs on PostgreSQL: two batches storing the same blobs at once', () => {
  let store: TestStore;
  let database: Database;
  let blobs: BlobStore;

  withTestStore('postgres', (opened, db) => {
    store = opened;
    database = db;
    blobs = new BlobStore(store.dataDir, database);
  });

  /** Waits until `count` transactions wait for the one whose id is `xid`. */
  async function waitersOf(xid: string, count: number): Promise<void> {
    for (let i = 0; i < 300; i += 1) {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_locks
        where locktype = 'transactionid' and not granted and transactionid::text = ${xid}`.execute(
        database.db,
      );
      if (Number(rows[0]?.n) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`fewer than ${count} transactions waited`);
  }

  /**
   * Two batches staging the same two blobs in opposite orders meet a third writer that has just stored
   * the first one: once it commits, whichever batch takes that row first may want the other's next one.
   * Which one wins is up to the server, so the meeting is repeated.
   */
  test('wait for each other instead of deadlocking, whatever order each staged them in', async () => {
    for (let round = 0; round < 20; round += 1) {
      // Two attachments two mails share (a logo, a signature), staged in opposite orders by two builders.
      const [low, high] = [mail(1000 + 2 * round, 2_000), mail(1001 + 2 * round, 2_000)].sort((a, b) =>
        hashOf(a).localeCompare(hashOf(b)),
      ) as [Buffer, Buffer];
      const one = blobs.batch();
      one.putBuffer(low);
      one.putBuffer(high);
      const other = blobs.batch();
      other.putBuffer(high);
      other.putBuffer(low);
      await one.durable();
      await other.durable();

      let holds!: (xid: string) => void;
      const held = new Promise<string>((resolve) => (holds = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const third = inTransaction(database, async (trx) => {
        await trx
          .insertInto('blob_entries')
          .values({
            hash: hashOf(low),
            pack: 'elsewhere',
            pack_offset: 0,
            size: low.length,
            stored_at: new Date().toISOString(),
          })
          .execute();
        const { rows } = await sql<{ xid: string }>`select txid_current()::text as xid`.execute(trx);
        holds(rows[0]?.xid ?? '');
        await released;
      });
      const xid = await held;
      const recording = [one, other].map((batch) => inTransaction(database, (trx) => batch.record(trx)));
      for (const r of recording) r.catch(() => undefined);
      await waitersOf(xid, 2);
      release();
      await third;
      await Promise.all(recording);
    }
    const rows = await database.db.selectFrom('blob_entries').select('hash').execute();
    assert.equal(rows.length, 40);
  });
});
