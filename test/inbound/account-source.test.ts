import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { afterStoreOf, fetchPlanFor } from '../../src/inbound/fetch/account-source.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { Database } from '../../src/storage/database.js';
import type { TestStore } from '../support/databases.js';
import { protocolFetchPlan } from '../support/fetch-plans.js';
import { withTestStore } from '../support/store-hooks.js';

describe('fetch plans from accounts', () => {
  let store: TestStore;
  let database: Database;
  let accounts: AccountService;

  withTestStore('sqlite', (opened, db) => {
    store = opened;
    database = db;
    const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
    accounts = new AccountService({
      database,
      repository: new AccountRepository(secrets),
      logger: silentLogger,
    });
  });

  const base = {
    direction: 'inbound',
    preset: 'domain',
    host: 'mail.example.test',
    username: 'mesa@example.test',
  };

  test('POP3 on port 0 with auto security: port 995, implicit TLS, password from the secret store', async () => {
    const a = await accounts.create({
      ...base,
      name: 'pop',
      protocol: 'pop3',
      password: 'clave-pop',
      security: 'auto',
    });
    const plan = await protocolFetchPlan(a, accounts);
    assert.equal(plan.source.port, 995);
    assert.equal(plan.source.security, 'implicit');
    assert.deepEqual(plan.source.credentials, {
      kind: 'password',
      username: 'mesa@example.test',
      password: 'clave-pop',
    });
    assert.equal(plan.source.afterStore, 'delete');
    assert.equal(plan.limits.firstRun, 'unread', 'unread mail waiting on the server is pending work');
  });

  test('leave a copy: POP3 keeps, IMAP never deletes', async () => {
    const pop = await accounts.create({
      ...base,
      name: 'pop-copy',
      protocol: 'pop3',
      password: 'x',
      leaveCopy: true,
    });
    assert.equal(afterStoreOf(pop), 'keep');
    const imap = await accounts.create({
      ...base,
      name: 'imap-copy',
      protocol: 'imap',
      password: 'x',
      leaveCopy: true,
      inbound: { afterFetch: 'delete' },
    });
    assert.equal(afterStoreOf(imap), 'seen');
    const moving = await accounts.create({
      ...base,
      name: 'imap-move',
      protocol: 'imap',
      password: 'x',
      security: 'starttls',
      inbound: { afterFetch: 'move', moveToFolder: 'Procesados', maxMessagesPerRun: 7 },
    });
    const plan = await protocolFetchPlan(moving, accounts);
    assert.deepEqual(
      [
        plan.source.port,
        plan.source.security,
        plan.source.afterStore,
        plan.source.moveTo,
        plan.limits.maxMessagesPerRun,
      ],
      [143, 'starttls', 'move', 'Procesados', 7],
    );
  });

  test('disabled, password-less and outbound accounts are refused with a reason', async () => {
    const off = await accounts.create({
      ...base,
      name: 'off',
      protocol: 'imap',
      password: 'x',
      enabled: false,
    });
    await assert.rejects(fetchPlanFor(off, accounts), (e) => {
      assert.ok(isDrobotError(e) && e.code === 'account_disabled');
      assert.match(e.render('es').hint ?? '', /Habilítela: drobot accounts enable off/);
      assert.match(e.render('en').hint ?? '', /Enable it: drobot accounts enable off/);
      return true;
    });
    const nopass = await accounts.create({ ...base, name: 'nopass', protocol: 'imap' });
    await assert.rejects(
      fetchPlanFor(nopass, accounts),
      (e) => isDrobotError(e) && e.code === 'account_not_usable',
    );
    const out = await accounts.create({
      ...base,
      name: 'smtp',
      direction: 'outbound',
      protocol: 'smtp',
      password: 'x',
    });
    await assert.rejects(
      fetchPlanFor(out, accounts),
      (e) => isDrobotError(e) && e.code === 'account_not_inbound',
    );
  });
});
