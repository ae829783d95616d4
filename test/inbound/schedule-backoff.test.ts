import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import { failureBackoffMs } from '../../src/inbound/fetch/fetch-state.repository.js';
import { createInbound, type Inbound } from '../../src/inbound/inbound.factory.js';
import { FetchScheduler } from '../../src/inbound/schedule/fetch.scheduler.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { pop3Script, startHostileServer, type HostileServer } from '../support/hostile-server.js';

describe('a failing scheduled fetch backs off', () => {
  let store: TestStore;
  let database: Database;
  let accounts: AccountService;
  let inbound: Inbound;
  let refusing: HostileServer;

  before(async () => {
    // A server that refuses every login: each connection is one attempt of the scheduler.
    refusing = await startHostileServer(pop3Script({ PASS: (p) => p.write('-ERR [AUTH] no\r\n') }));
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
      threadingKey: Buffer.alloc(32, 2),
      instanceId: 'drobot-backoff-test',
    });
  });
  after(async () => {
    await database?.close();
    await store?.drop();
    await refusing?.stop();
  });

  test('exponential back-off: 30 s, 1 min, 2 min … capped at 30 min', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => failureBackoffMs(n)),
      [30_000, 60_000, 120_000, 240_000],
    );
    assert.equal(failureBackoffMs(50), 30 * 60_000);
  });

  test('the scheduler does not retry a failing account on every tick, only when its back-off ends', async () => {
    const account = await accounts.create({
      name: 'rechaza',
      direction: 'inbound',
      protocol: 'pop3',
      preset: 'domain',
      host: '127.0.0.1',
      port: refusing.port,
      security: 'none',
      username: 'u',
      password: 'clave',
      inbound: { pollIntervalSeconds: 5 },
    });
    let now = new Date();
    const scheduler = new FetchScheduler({
      service: inbound.service,
      accounts,
      logger: silentLogger,
      clock: () => now,
    });
    const health = async () => (await inbound.service.health()).find((h) => h.accountId === account.id);
    const failuresReach = async (n: number) => {
      for (let i = 0; i < 200 && ((await health())?.failures ?? 0) < n; i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.equal((await health())?.failures, n);
    };
    try {
      await scheduler.tick();
      await failuresReach(1);
      assert.equal(refusing.peers.length, 1);
      const first = await health();
      const lastRun = Date.parse(first?.lastRunAt ?? '');
      assert.equal(Date.parse(first?.nextAttemptAt ?? '') - lastRun, 30_000);

      // Past the 5 s poll interval, every 5 s for 25 s: no new attempt while the back-off lasts.
      for (let s = 5; s < 30; s += 5) {
        now = new Date(lastRun + s * 1000);
        await scheduler.tick();
      }
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(refusing.peers.length, 1, 'no attempt during the back-off');

      now = new Date(lastRun + 31_000);
      await scheduler.tick();
      await failuresReach(2);
      assert.equal(refusing.peers.length, 2, 'tried again once it ended');
      const second = await health();
      const secondRun = Date.parse(second?.lastRunAt ?? '');
      assert.equal(Date.parse(second?.nextAttemptAt ?? '') - secondRun, 60_000, 'and it doubles');
      now = new Date(secondRun + 45_000);
      await scheduler.tick();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(refusing.peers.length, 2);
    } finally {
      await scheduler.stop();
    }
  });
});
