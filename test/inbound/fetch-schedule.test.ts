import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { FetchLeases } from '../../src/inbound/fetch/fetch-lease.repository.js';
import { createInbound, type Inbound } from '../../src/inbound/inbound.factory.js';
import { isDue } from '../../src/inbound/schedule/due.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const PASSWORD = 'secreto-idle';

async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

describe('scheduler, IDLE and leases', () => {
  let pki: TestPki;
  let server: DovecotServer;
  let store: TestStore;
  let database: Database;
  let accounts: AccountService;
  let inbound: Inbound;

  before(async () => {
    pki = createTestPki();
    server = await startDovecot({
      pki,
      users: [
        { user: 'idle@helpdesk.test', password: PASSWORD },
        { user: 'lease@helpdesk.test', password: PASSWORD },
        { user: 'queue@helpdesk.test', password: PASSWORD },
      ],
    });
    store = await createTestStore('sqlite');
    database = await store.open();
    const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
    accounts = new AccountService({
      database,
      repository: new AccountRepository(secrets),
      logger: silentLogger,
    });
    inbound = createInbound({
      database,
      dataDir: store.dataDir,
      accounts,
      logger: silentLogger,
      threadingKey: Buffer.alloc(32, 1),
      instanceId: 'drobot-idle-test',
    });
  });
  after(async () => {
    await inbound?.scheduler.stop();
    await database?.close();
    await store?.drop();
    await server?.stop();
  });

  const createImapAccount = (name: string, user: string) =>
    accounts.create({
      name,
      direction: 'inbound',
      protocol: 'imap',
      preset: 'domain',
      host: '127.0.0.1',
      port: server.ports.imaps,
      security: 'implicit',
      username: user,
      password: PASSWORD,
      tls: { caPem: pki.caPem },
      inbound: { pollIntervalSeconds: 3600, firstRun: 'all', afterFetch: 'seen' },
    });

  const casesOf = async (accountId: number) =>
    (await inbound.cases.list({ limit: 1000 })).filter((c) => c.sourceAccountId === accountId);

  test('the first poll fetches; then a new mail arrives by IDLE within seconds, not by polling', async () => {
    const account = await createImapAccount('mesa-idle', 'idle@helpdesk.test');
    server.deliver('idle@helpdesk.test', corpus.plainMail({ subject: 'antes de arrancar' }));
    inbound.scheduler.start();
    const first = await waitFor(
      async () => ((await casesOf(account.id)).length === 1 ? true : undefined),
      10_000,
    );
    assert.ok(first, 'the first poll stored the waiting mail');
    // Let the IDLE connection settle, then deliver: the poll interval is an hour, so only IDLE can fetch it.
    await new Promise((r) => setTimeout(r, 500));
    const delivered = Date.now();
    server.deliver('idle@helpdesk.test', corpus.plainMail({ subject: 'llega por IDLE' }));
    const arrived = await waitFor(
      async () =>
        (await casesOf(account.id)).some((c) => c.subject === 'llega por IDLE') ? true : undefined,
      15_000,
    );
    assert.ok(arrived, 'the new mail became a case without a poll');
    console.log(`IDLE: new mail became a case ${Date.now() - delivered} ms after delivery`);
    await inbound.scheduler.stop();
  });

  test('a leased account is not fetched by another worker', async () => {
    const account = await createImapAccount('mesa-lease', 'lease@helpdesk.test');
    const leases = new FetchLeases(database);
    assert.equal(await leases.acquire(account.id, 'other-worker', 60_000), true);
    await assert.rejects(
      inbound.service.fetch('mesa-lease'),
      (e) => isDrobotError(e) && e.code === 'fetch_busy',
    );
    await leases.release(account.id, 'other-worker');
    server.deliver('lease@helpdesk.test', corpus.plainMail({ subject: 'con lease' }));
    const run = await inbound.service.fetch('mesa-lease');
    assert.equal(run.newCases, 1);
    assert.equal(await leases.acquire(account.id, 'other-worker', 60_000), true, 'released after the run');
  });

  test('mail taken in without waiting becomes cases once the scheduler starts: its builder takes the queue', async () => {
    const account = await createImapAccount('mesa-cola', 'queue@helpdesk.test');
    const subjects = ['en cola 1', 'en cola 2', 'en cola 3'];
    for (const subject of subjects) server.deliver('queue@helpdesk.test', corpus.plainMail({ subject }));
    const run = await inbound.service.fetch('mesa-cola', undefined, { noWait: true });
    assert.deepEqual([run.error, run.newCases], [null, 0]);
    const queued = await database.db
      .selectFrom('inbound_mails')
      .select('uid')
      .where('account_id', '=', account.id)
      .where('outcome', '=', 'queued')
      .execute();
    assert.equal(queued.length, 3, 'taken in, not built');
    assert.equal((await casesOf(account.id)).length, 0);
    // The account was just fetched and polls hourly: only the scheduler's builder can make these cases.
    inbound.scheduler.start();
    const built = await waitFor(
      async () => ((await casesOf(account.id)).length === 3 ? true : undefined),
      15_000,
    );
    await inbound.scheduler.stop();
    assert.ok(built, 'the queued mail became cases');
    assert.deepEqual((await casesOf(account.id)).map((c) => c.subject).sort(), subjects);
  });

  test('due times follow the poll interval and the back-off', () => {
    const now = new Date('2026-01-06T10:00:00Z');
    assert.equal(isDue(now, 60, { lastRunAt: null, nextAttemptAt: null }), true);
    assert.equal(isDue(now, 60, { lastRunAt: '2026-01-06T09:59:30Z', nextAttemptAt: null }), false);
    assert.equal(isDue(now, 60, { lastRunAt: '2026-01-06T09:59:00Z', nextAttemptAt: null }), true);
    assert.equal(
      isDue(now, 60, { lastRunAt: '2026-01-06T09:00:00Z', nextAttemptAt: '2026-01-06T10:05:00Z' }),
      false,
    );
  });
});
