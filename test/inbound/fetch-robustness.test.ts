import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sweepOrphanBlobs } from '../../src/inbound/blob-sweep.js';
import { storedHashes } from '../support/blob-listing.js';
import { FetchLeases, holderIsAlive } from '../../src/inbound/fetch/fetch-lease.repository.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createPipeline, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const PASSWORD = 'robusto';

/** A pid that no process of this machine has now. */
function deadPid(): number {
  for (let pid = 4_000_000; ; pid++) if (!holderIsAlive(`${os.hostname()}:${pid}:x`)) return pid;
}

for (const dialect of DIALECTS) {
  describe(`fetch leases (${dialect})`, () => {
    let database: Database;
    withTestStore(dialect, (_store, opened) => {
      database = opened;
    });

    test('a lease held by a live process is refused, naming it; a crashed local holder is taken over at once', async () => {
      const leases = new FetchLeases(database);
      const live = `${os.hostname()}:${process.pid}:live`;
      assert.equal(await leases.acquire(1, live, 60_000), true);
      const refused = await leases.acquire(1, 'me', 60_000);
      assert.notEqual(refused, true);
      assert.equal(refused !== true && refused.holder, live);
      await leases.release(1, live);

      const crashed = `${os.hostname()}:${deadPid()}:gone`;
      assert.equal(await leases.acquire(2, crashed, 60_000), true);
      assert.equal(await leases.acquire(2, 'me', 60_000), true, 'a dead local holder does not block');
      assert.equal(await leases.renew(2, crashed, 60_000), false, 'the old holder lost it');
      assert.equal(await leases.renew(2, 'me', 60_000), true);
    });

    test('a lease of another host expires by itself, soon', async () => {
      let now = new Date('2026-03-01T10:00:00Z');
      const leases = new FetchLeases(database, () => now);
      assert.equal(await leases.acquire(3, 'otra-maquina:12:abc', 60_000), true);
      assert.notEqual(await leases.acquire(3, 'me', 60_000), true);
      now = new Date(now.getTime() + 61_000);
      assert.equal(await leases.acquire(3, 'me', 60_000), true);
    });
  });

  describe(`one request is one case across accounts (${dialect})`, () => {
    let pki: TestPki;
    let server: DovecotServer;
    let store: TestStore;
    let database: Database;
    before(async () => {
      pki = createTestPki();
      server = await startDovecot({
        pki,
        users: ['mesa@helpdesk.test', 'soporte@helpdesk.test', 'copia@helpdesk.test'].map((user) => ({
          user,
          password: PASSWORD,
        })),
      });
      store = await createTestStore(dialect);
      database = await store.open();
    });
    after(async () => {
      await database.close();
      await store.drop();
      await server.stop();
    });

    test('a mail written to two help desk addresses makes one case, and both server copies are settled', async () => {
      const p = createPipeline(database, store.dataDir);
      const mail = corpus.plainMail({ subject: 'a las dos direcciones', from: 'ana@example.test' });
      // Each mailbox's copy carries its own trace header, as delivered by an MTA.
      server.deliver('mesa@helpdesk.test', Buffer.concat([Buffer.from('Delivered-To: mesa\r\n'), mail]));
      server.deliver(
        'soporte@helpdesk.test',
        Buffer.concat([Buffer.from('Delivered-To: soporte\r\n'), mail]),
      );
      const settings = (user: string) =>
        dovecotSettings(server, pki, 'imap', user, PASSWORD, { afterStore: 'delete' });
      const first = await p.runner.run(fetchPlan(41, settings('mesa@helpdesk.test')));
      const second = await p.runner.run(fetchPlan(42, settings('soporte@helpdesk.test')));
      assert.deepEqual([first.newCases, second.newCases, second.skipped], [1, 0, 1]);
      const rows = await database.db.selectFrom('inbound_mails').select(['account_id', 'outcome']).execute();
      assert.deepEqual(
        rows.filter((r) => r.account_id === 41 || r.account_id === 42).map((r) => r.outcome),
        ['new_case', 'duplicate'],
      );
      const onServer = (user: string) => server.count(user);
      assert.deepEqual([onServer('mesa@helpdesk.test'), onServer('soporte@helpdesk.test')], [0, 0]);
    });

    test('two workers storing two copies at once still make one case', async () => {
      const mail = corpus.plainMail({ subject: 'carrera', from: 'luis@example.test' });
      const a = createPipeline(database, store.dataDir);
      const b = createPipeline(database, store.dataDir);
      const file = (name: string, header: string) => {
        const f = path.join(store.dataDir, name);
        fs.writeFileSync(f, Buffer.concat([Buffer.from(header), mail]));
        return f;
      };
      const results = await Promise.all([
        a.ingestor.ingestFile({ accountId: 51, mailbox: 'x', uid: '1' }, file('a.eml', 'X-A: 1\r\n'), {
          settled: false,
        }),
        b.ingestor.ingestFile({ accountId: 52, mailbox: 'y', uid: '1' }, file('b.eml', 'X-B: 1\r\n'), {
          settled: false,
        }),
      ]);
      assert.deepEqual(results.map((r) => r.kind).sort(), ['duplicate', 'new_case']);
    });
  });
}

describe('the first run leaves nobody waiting', () => {
  let pki: TestPki;
  let server: DovecotServer;
  let store: TestStore;
  let database: Database;
  before(async () => {
    pki = createTestPki();
    server = await startDovecot({
      pki,
      users: ['primera-imap@helpdesk.test', 'primera-pop3@helpdesk.test'].map((user) => ({
        user,
        password: PASSWORD,
      })),
    });
    store = await createTestStore('sqlite');
    database = await store.open();
  });
  after(async () => {
    await database.close();
    await store.drop();
    await server.stop();
  });

  test('IMAP "unread": unread mail becomes cases; read mail is left, counted, and taken with --all', async () => {
    const p = createPipeline(database, store.dataDir);
    const user = 'primera-imap@helpdesk.test';
    for (let i = 0; i < 3; i++) server.deliver(user, corpus.plainMail({ subject: `sin leer ${i}` }));
    for (let i = 0; i < 2; i++)
      server.deliver(user, corpus.plainMail({ subject: `leído ${i}` }), { seen: true });
    const plan = fetchPlan(71, dovecotSettings(server, pki, 'imap', user, PASSWORD, { afterStore: 'seen' }), {
      firstRun: 'unread',
    });
    const first = await p.runner.run(plan);
    assert.deepEqual([first.newCases, first.setAside, first.error], [3, 2, null]);
    const again = await p.runner.run(plan);
    assert.deepEqual([again.fetched, again.setAside], [0, 0]);
    const all = await p.runner.run(plan, undefined, { includeSetAside: true });
    assert.deepEqual([all.newCases, all.error], [2, null]);
  });

  test('POP3 "new": what waits is left, counted, and taken with --all', async () => {
    const p = createPipeline(database, store.dataDir);
    const user = 'primera-pop3@helpdesk.test';
    for (let i = 0; i < 4; i++) server.deliver(user, corpus.plainMail({ subject: `esperando ${i}` }));
    const plan = fetchPlan(72, dovecotSettings(server, pki, 'pop3', user, PASSWORD, { afterStore: 'keep' }), {
      firstRun: 'new',
    });
    const first = await p.runner.run(plan);
    assert.deepEqual([first.fetched, first.setAside], [0, 4]);
    const all = await p.runner.run(plan, undefined, { includeSetAside: true });
    assert.deepEqual([all.newCases, all.error], [4, null]);
    const unread = fetchPlan(
      73,
      dovecotSettings(server, pki, 'pop3', user, PASSWORD, { afterStore: 'keep' }),
      {
        firstRun: 'unread',
      },
    );
    const other = await p.runner.run(unread);
    assert.equal(other.fetched, 4, 'POP3 has no flags: "unread" takes everything waiting');
  });
});

describe('what a crash leaves on disk', () => {
  let store: TestStore;
  let database: Database;
  withTestStore('sqlite', (opened, db) => {
    store = opened;
    database = db;
  });

  test('temp files of a process that died are removed by the next one; a running one keeps its own', () => {
    const p = createPipeline(database, store.dataDir);
    const tmp = path.dirname(p.blobs.tempPath());
    const dead = path.join(tmp, `fetch-${deadPid()}-0011223344556677`);
    const mine = p.blobs.tempPath('fetch');
    fs.writeFileSync(dead, 'half a mail');
    fs.writeFileSync(mine, 'in progress');
    assert.equal(p.blobs.sweepTemp(), 1);
    assert.deepEqual([fs.existsSync(dead), fs.existsSync(mine)], [false, true]);
    fs.rmSync(mine);
  });

  test('temp names never repeat in a process, across stores, and carry its pid for the sweep', () => {
    const one = createPipeline(database, store.dataDir).blobs;
    const two = createPipeline(database, store.dataDir).blobs;
    const names = Array.from({ length: 5000 }, (_, i) =>
      path.basename((i % 2 ? one : two).tempPath('fetch')),
    );
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, new RegExp(`^fetch-${process.pid}-[0-9a-f]+$`));
  });

  test('attachments of a mail that ended in quarantine are swept; what cases and quarantine use stays', async () => {
    const p = createPipeline(database, store.dataDir, { throttleLimit: 1 });
    const write = (name: string, raw: Buffer) => {
      const f = path.join(store.dataDir, name);
      fs.writeFileSync(f, raw);
      return f;
    };
    const key = (uid: string) => ({ accountId: 61, mailbox: 'z', uid });
    const from = 'rafaga@example.test';
    const kept = await p.ingestor.ingestFile(
      key('1'),
      write('1.eml', corpus.largeAttachmentMail({ from, subject: 'primero' }, 40_000, 'uno')),
      { settled: false },
    );
    const held = await p.ingestor.ingestFile(
      key('2'),
      write('2.eml', corpus.largeAttachmentMail({ from, subject: 'segundo' }, 40_000, 'dos')),
      { settled: false },
    );
    assert.deepEqual([kept.kind, held.kind], ['new_case', 'quarantined']);
    const before = (await storedHashes(p.blobs)).size;
    const removed = await sweepOrphanBlobs(database, p.blobs, { graceMs: 0, now: Date.now() + 1000 });
    assert.equal(removed, 1, 'the quarantined mail’s attachment');
    assert.equal((await storedHashes(p.blobs)).size, before - 1);
    const entry = (await p.quarantine.list(61))[0];
    assert.equal(entry?.rawKept, true);
    const retried = await p.quarantine.retry(entry?.id ?? 0);
    assert.equal(retried.kind, 'new_case', 'the raw mail kept in quarantine still works');
    const attachments = await database.db.selectFrom('case_attachments').select('hash').execute();
    for (const a of attachments) assert.ok(await p.blobs.has(a.hash), 'no attachment of a case is missing');
  });
});
