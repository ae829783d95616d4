import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sweepOrphanBlobs } from '../../src/inbound/blob-sweep.js';
import { blobIntact, storedHashes } from '../support/blob-listing.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { spawnSupportScript, runUntil } from '../support/mail-child.js';
import { startCuttingProxy } from '../support/mail-cutting-proxy.js';
import { createPipeline, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const PASSWORD = 'secreto-crash';
const MAILS = 200;

function serverCount(server: DovecotServer, user: string): number {
  return ['new', 'cur'].reduce((n, d) => n + fs.readdirSync(path.join(server.maildir(user), d)).length, 0);
}

/** Every Message-ID exactly once among the case messages. */
async function assertExactlyOnce(database: Database, ids: readonly string[]): Promise<void> {
  const rows = await database.db
    .selectFrom('case_messages')
    .select(['message_id'])
    .where('message_id', 'in', [...ids])
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.message_id ?? '', (counts.get(r.message_id ?? '') ?? 0) + 1);
  const missing = ids.filter((id) => !counts.has(id));
  const twice = [...counts].filter(([, n]) => n > 1);
  assert.deepEqual({ missing: missing.length, twice: twice.length }, { missing: 0, twice: 0 });
}

/** Every blob a row names is stored, and after the sweep every stored blob is named by a row. */
async function assertBlobsAccountedFor(database: Database, dataDir: string): Promise<void> {
  const p = createPipeline(database, dataDir);
  await sweepOrphanBlobs(database, p.blobs, { now: Date.now() + 2 * 3_600_000 });
  const named = new Set<string>();
  const rows = [
    ...(await database.db.selectFrom('case_messages').select('raw_hash as hash').execute()),
    ...(await database.db.selectFrom('case_attachments').select('hash').execute()),
    ...(await database.db.selectFrom('quarantine').select('raw_hash as hash').execute()),
    ...(await database.db.selectFrom('inbound_mails').select('raw_hash as hash').execute()),
  ];
  for (const r of rows) if (r.hash) named.add(r.hash);
  const stored = await storedHashes(p.blobs);
  const missing = [...named].filter((h) => !stored.has(h));
  const orphaned = [...stored].filter((h) => !named.has(h));
  const damaged: string[] = [];
  for (const hash of named) if (!(await blobIntact(p.blobs, hash))) damaged.push(hash);
  // What a crash left outside the index: packs no entry names (a batch that never committed), temp files.
  const entries = await database.db.selectFrom('blob_entries').select('pack').distinct().execute();
  const packs = fs.readdirSync(path.join(dataDir, 'blobs', 'packs'));
  const unnamedPacks = packs.filter((name) => !entries.some((e) => e.pack === name));
  // (named with their writer's pid: `own` marks this test process's, which the sweep leaves alone)
  const temp = fs
    .readdirSync(path.join(dataDir, 'blobs', 'tmp'))
    .map((name) => (name.includes(`-${process.pid}-`) ? `${name} (own)` : name));
  assert.deepEqual(
    { missing, orphaned, damaged, unnamedPacks, temp },
    { missing: [], orphaned: [], damaged: [], unnamedPacks: [], temp: [] },
  );
  assert.ok(packs.length > 0, 'small mails were stored in packs');
}

async function countOf(database: Database, accountId: number, outcome?: string): Promise<number> {
  let q = database.db
    .selectFrom('inbound_mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId);
  if (outcome !== undefined) q = q.where('outcome', '=', outcome);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

function mailbox(tag: string, n: number): { raws: Buffer[]; ids: string[] } {
  const ids: string[] = [];
  const raws: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const messageId = corpus.newMessageId(tag);
    ids.push(messageId);
    raws.push(
      i % 50 === 7
        ? corpus.largeAttachmentMail(
            { messageId, subject: `${tag} ${i}`, from: `u${i}@example.test` },
            512 * 1024,
          )
        : corpus.plainMail({ messageId, subject: `${tag} ${i}`, from: `u${i}@example.test` }),
    );
  }
  return { raws, ids };
}

for (const dialect of DIALECTS) {
  describe(`exactly once under crashes and cut connections (${dialect})`, () => {
    const protocols = ['imap', 'pop3'] as const;
    let pki: TestPki;
    let server: DovecotServer;
    let store: TestStore;
    let database: Database;

    before(async () => {
      pki = createTestPki();
      server = await startDovecot({
        pki,
        users: protocols.flatMap((proto) => [
          { user: `crash-${proto}@helpdesk.test`, password: PASSWORD },
          { user: `cut-${proto}@helpdesk.test`, password: PASSWORD },
          { user: `stages-${proto}@helpdesk.test`, password: PASSWORD },
        ]),
      });
      store = await createTestStore(dialect);
      database = await store.open();
    });
    after(async () => {
      await database?.close();
      await store?.drop();
      await server?.stop();
    });

    for (const protocol of protocols) {
      const accountBase = protocol === 'imap' ? 200 : 300;
      test(`${protocol}: SIGKILL at several points of a ${MAILS}-mail run, then restart`, async () => {
        const user = `crash-${protocol}@helpdesk.test`;
        const { raws, ids } = mailbox(`crash-${dialect}-${protocol}`, MAILS);
        server.deliverMany(user, raws);
        const plan = fetchPlan(
          accountBase + 1,
          dovecotSettings(server, pki, protocol, user, PASSWORD, { afterStore: 'delete' }),
        );
        // Cases are built ten to a transaction, so a kill after N lines lands at various points of a
        // batch; what a killed child had claimed is free for the next at once (its process has ended).
        const arg = JSON.stringify({
          databaseUrl: store.databaseUrl,
          dataDir: store.dataDir,
          plan,
          buildLimits: { count: 10 },
        });
        const kills: number[] = [];
        // Kill after N stored mails at several points; the last child runs to the end. A child builds on for
        // a batch or two before its kill lands, so the first four take in up to about 190 of the 200
        // mails: the fifth kill comes early enough to find mail left.
        for (const at of [1, 30, 31, 70, 10, 0]) {
          const child = spawnSupportScript('mail-fetch-child', [arg]);
          const outcome = await runUntil(child, /^mail /, at);
          if (at > 0) {
            assert.ok(outcome.killed, `child ${kills.length + 1} was not killed: ${outcome.stderr}`);
            kills.push(outcome.seen);
          } else {
            assert.match(outcome.stdout, /^done /m, outcome.stderr);
          }
        }
        // A kill right after start, before any mail.
        const early = spawnSupportScript('mail-fetch-child', [arg]);
        setTimeout(() => early.kill('SIGKILL'), 150);
        await runUntil(early, /^mail /, 0);

        const p = createPipeline(database, store.dataDir);
        const final = await p.runner.run(plan);
        assert.equal(final.error, null);
        await assertExactlyOnce(database, ids);
        assert.equal(await countOf(database, accountBase + 1, 'queued'), 0);
        const stored = await database.db
          .selectFrom('inbound_mails')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('account_id', '=', accountBase + 1)
          .executeTakeFirstOrThrow();
        assert.equal(Number(stored.n), MAILS);
        assert.equal(serverCount(server, user), 0, 'every stored mail deleted from the server');
        await assertBlobsAccountedFor(database, store.dataDir);
        console.log(
          `${dialect} ${protocol}: killed after ${kills.join(', ')} stored mails; all ${MAILS} exactly once`,
        );
      });

      test(`${protocol}: SIGKILL during intake batches, between intake and building, inside a build batch`, async () => {
        const user = `stages-${protocol}@helpdesk.test`;
        const accountId = accountBase + 3;
        const total = 120;
        const { raws, ids } = mailbox(`stages-${dialect}-${protocol}`, total);
        server.deliverMany(user, raws);
        const plan = fetchPlan(
          accountId,
          dovecotSettings(server, pki, protocol, user, PASSWORD, { afterStore: 'delete' }),
        );
        const base = { databaseUrl: store.databaseUrl, dataDir: store.dataDir, plan };
        const child = (extra: object) =>
          spawnSupportScript('mail-fetch-child', [JSON.stringify({ ...base, ...extra })]);

        // 1. Killed after three intake commits of ten: those are queued, nothing is built.
        const intake = { noWait: true, intakeLimits: { count: 10, ageMs: 60_000 } };
        const first = await runUntil(child(intake), /^received /, 3);
        assert.ok(first.killed, first.stderr);
        const queuedAfterKill = await countOf(database, accountId, 'queued');
        assert.ok(queuedAfterKill >= 30 && queuedAfterKill % 10 === 0, `queued: ${queuedAfterKill}`);
        assert.equal(await countOf(database, accountId), queuedAfterKill, 'nothing built yet');

        // 2. Intake runs to its end and the process ends before any case is built.
        const second = await runUntil(child(intake), /^received /, 0);
        assert.match(second.stdout, /^done /m, second.stderr);
        assert.equal(await countOf(database, accountId, 'queued'), total);
        assert.equal(serverCount(server, user), 0, 'every mail taken in is settled on the server');
        const cases = await database.db
          .selectFrom('case_messages')
          .select('id')
          .where('message_id', 'in', ids)
          .execute();
        assert.equal(cases.length, 0);

        // 3. A builder killed inside its second batch of ten: the first batch stays, the second is undone.
        const build = { mode: 'build', buildLimits: { count: 10 }, announceStores: true };
        const third = await runUntil(child(build), /^storing /, 15);
        assert.ok(third.killed, third.stderr);
        const built = total - (await countOf(database, accountId, 'queued'));
        assert.ok(built >= 10 && built % 10 === 0, `built before the kill: ${built}`);

        // 4. Another builder, killed right after start; then a run builds the rest at once: the batches the
        // killed builders had claimed are free, their processes having ended.
        const early = child(build);
        setTimeout(() => early.kill('SIGKILL'), 150);
        await runUntil(early, /^storing /, 0);
        const p = createPipeline(database, store.dataDir);
        const final = await p.runner.run(plan);
        assert.equal(final.error, null);
        await assertExactlyOnce(database, ids);
        assert.equal(await countOf(database, accountId), total);
        assert.equal(await countOf(database, accountId, 'queued'), 0);
        await assertBlobsAccountedFor(database, store.dataDir);
      });

      test(`${protocol}: connection cut in the middle of transfers, then a clean run`, async () => {
        const user = `cut-${protocol}@helpdesk.test`;
        const { raws, ids } = mailbox(`cut-${dialect}-${protocol}`, 40);
        server.deliverMany(user, raws);
        const proxy = await startCuttingProxy(protocol === 'imap' ? server.ports.imaps : server.ports.pop3s);
        try {
          const plan = fetchPlan(
            accountBase + 2,
            dovecotSettings(server, pki, protocol, user, PASSWORD, {
              port: proxy.port,
              afterStore: 'delete',
            }),
          );
          const p = createPipeline(database, store.dataDir);
          const errors: string[] = [];
          let deferred = 0;
          for (const cut of [30_000, 200_000, 400_000, 700_000]) {
            proxy.cutAfter = cut;
            const run = await p.runner.run(plan);
            if (run.error) errors.push(run.error);
            deferred += run.deferred;
          }
          assert.ok(proxy.cuts >= 2, `connections cut: ${proxy.cuts}`);
          assert.ok(
            errors.length + deferred >= 3,
            `failed runs ${errors.length}, mails deferred ${deferred}`,
          );
          proxy.cutAfter = undefined;
          // A mail whose download was cut more than once waits a few minutes before it is tried again.
          const later = createPipeline(database, store.dataDir, {
            clock: () => new Date(Date.now() + 3_600_000),
          });
          const clean = await later.runner.run(plan);
          assert.equal(clean.error, null);
          assert.equal(clean.deferred, 0);
          await assertExactlyOnce(database, ids);
          assert.equal(serverCount(server, user), 0);
        } finally {
          await proxy.close();
        }
      });
    }
  });
}
