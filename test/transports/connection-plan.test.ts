import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.model.js';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import { connectionTestSpecOf } from '../../src/accounts/account-test.spec.js';
import { connectionPlanOf } from '../../src/accounts/connection-plan.js';
import { runConnectionTest, testedSecurity } from '../../src/diagnostics/index.js';
import { fetchPlanFor } from '../../src/inbound/fetch/account-source.js';
import { silentLogger } from '../../src/logging/logger.js';
import { smtpSettingsFor } from '../../src/notifications/outbound-accounts.js';
import { probeTargetOf } from '../../src/notifications/round-trip/round-trip.accounts.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { Database } from '../../src/storage/database.js';
import { smtpSecurityOf } from '../../src/transports/smtp/smtp.session.js';
import type { Endpoint, Security } from '../../src/transports/types.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createPipeline, type TestPipeline } from '../support/mail-pipeline.js';
import { protocolFetchPlan } from '../support/fetch-plans.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const SECURITIES: readonly Security[] = ['none', 'implicit', 'starttls', 'auto'];
/** 0 is "the protocol's default"; the rest: well-known TLS, well-known plain, and non-standard ports. */
const PORTS = [0, 993, 995, 465, 143, 110, 587, 25, 2525, 10143];
const PASSWORD = 'clave-plan';
const PROXY_PASSWORD = 'clave-proxy';

/** What a connection resolves to, whoever opens it. */
function shape(e: Endpoint): unknown {
  return { host: e.host, port: e.port, security: e.security, tls: e.tls, proxy: e.proxy };
}

/** What sending and the round trip read accounts and secrets through. */
function outboundDeps(accounts: AccountService) {
  return {
    getAccount: (id: number) => accounts.get(id),
    secret: (id: number, name: string) => accounts.secret(id, name),
  };
}

describe('one connection plan for fetching, sending, the connection test and the round trip', () => {
  let store: TestStore;
  let database: Database;
  let accounts: AccountService;
  let ca: string;
  let n = 0;

  before(async () => {
    ca = createTestPki().caPem;
    store = await createTestStore('sqlite');
    database = await store.open();
    const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
    accounts = new AccountService({
      database,
      repository: new AccountRepository(secrets),
      logger: silentLogger,
    });
  });
  after(async () => {
    await database.close();
    await store.drop();
  });

  async function account(
    protocol: 'pop3' | 'imap' | 'smtp',
    security: Security,
    port: number,
  ): Promise<Account> {
    n += 1;
    return accounts.create({
      name: `plan-${n}`,
      direction: protocol === 'smtp' ? 'outbound' : 'inbound',
      protocol,
      preset: 'domain',
      host: 'mail.example.test',
      port,
      security,
      username: 'mesa@example.test',
      password: PASSWORD,
      tls: { caPem: ca },
      proxy: {
        type: 'socks5',
        host: 'proxy.example.test',
        port: 1080,
        username: 'p',
        password: PROXY_PASSWORD,
      },
    });
  }

  for (const protocol of ['pop3', 'imap', 'smtp'] as const) {
    test(`${protocol}: every security × port resolves to the same endpoint everywhere`, async () => {
      for (const security of SECURITIES) {
        for (const port of PORTS) {
          const a = await account(protocol, security, port);
          const label = `${protocol} ${security} port ${port}`;
          const plan = connectionPlanOf(a);
          assert.ok(plan.transport === protocol, label);
          const expected = {
            host: 'mail.example.test',
            port: plan.port,
            security: plan.security,
            tls: plan.tls,
            proxy: { ...plan.proxy, password: PROXY_PASSWORD },
          };
          assert.notEqual(plan.security, 'auto' as never, label);
          const spec = connectionTestSpecOf(
            a,
            { password: PASSWORD, proxyPassword: PROXY_PASSWORD },
            { lang: 'en' },
          );
          assert.deepEqual(
            { ...(shape(spec.endpoint) as object), security: testedSecurity(spec) },
            expected,
            `test: ${label}`,
          );
          if (protocol === 'smtp') {
            const settings = await smtpSettingsFor(a, outboundDeps(accounts));
            assert.deepEqual(shape(settings.endpoint), expected, `send: ${label}`);
            assert.equal(smtpSecurityOf(settings), plan.security, `send: ${label}`);
            assert.deepEqual(settings.credentials, {
              kind: 'password',
              username: 'mesa@example.test',
              password: PASSWORD,
            });
          } else {
            const fetch = (await protocolFetchPlan(a, accounts)).source;
            assert.deepEqual(
              {
                host: fetch.host,
                port: fetch.port,
                security: fetch.security,
                tls: fetch.tls,
                proxy: fetch.proxy,
              },
              expected,
              `fetch: ${label}`,
            );
            const probe = await probeTargetOf(a, outboundDeps(accounts));
            assert.deepEqual(shape(probe.endpoint), expected, `round trip: ${label}`);
            assert.deepEqual(probe.credentials, fetch.credentials, `round trip credentials: ${label}`);
          }
          // `auto`: TLS from the first byte only on the well-known TLS ports, STARTTLS (required) elsewhere.
          if (security === 'auto') {
            const tlsPort = [993, 995, 465].includes(plan.port);
            assert.equal(plan.security, tlsPort ? 'implicit' : 'starttls', label);
          } else {
            assert.equal(plan.security, security, label);
          }
        }
      }
    });
  }
});

describe('auto on a non-standard port: the connection test and fetching agree', () => {
  let pki: TestPki;
  let server: DovecotServer;
  let smtp: TestSmtpServer;
  let store: TestStore;
  let database: Database;
  let accounts: AccountService;
  let pipeline: TestPipeline;
  let n = 0;

  before(async () => {
    pki = createTestPki();
    server = await startDovecot({
      pki,
      users: ['pop3', 'imap'].map((p) => ({ user: `auto-${p}@helpdesk.test`, password: PASSWORD })),
    });
    smtp = await startSmtpServer({ pki, users: { 'auto@helpdesk.test': PASSWORD } });
    store = await createTestStore('sqlite');
    database = await store.open();
    const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
    accounts = new AccountService({
      database,
      repository: new AccountRepository(secrets),
      logger: silentLogger,
    });
    pipeline = createPipeline(database, store.dataDir);
  });
  after(async () => {
    await database?.close();
    await store?.drop();
    await smtp?.stop();
    await server?.stop();
  });

  async function autoAccount(protocol: 'pop3' | 'imap' | 'smtp', port: number): Promise<Account> {
    const user = protocol === 'smtp' ? 'auto@helpdesk.test' : `auto-${protocol}@helpdesk.test`;
    n += 1;
    return accounts.create({
      name: `auto-${n}`,
      direction: protocol === 'smtp' ? 'outbound' : 'inbound',
      protocol,
      preset: 'domain',
      host: '127.0.0.1',
      port,
      security: 'auto',
      username: user,
      password: PASSWORD,
      timeoutMs: 3000,
      tls: { caPem: pki.caPem },
    });
  }

  for (const protocol of ['pop3', 'imap'] as const) {
    for (const tlsPort of [false, true]) {
      test(`${protocol}: auto on a loopback ${tlsPort ? 'implicit TLS' : 'STARTTLS'} port`, async () => {
        const port =
          protocol === 'imap'
            ? tlsPort
              ? server.ports.imaps
              : server.ports.imap
            : tlsPort
              ? server.ports.pop3s
              : server.ports.pop3;
        const a = await autoAccount(protocol, port);
        server.deliver(
          `auto-${protocol}@helpdesk.test`,
          corpus.plainMail({ subject: `auto ${protocol} ${port}` }),
        );
        const spec = connectionTestSpecOf(a, { password: PASSWORD }, { lang: 'en' });
        const tested = await runConnectionTest(spec);
        const fetched = await pipeline.runner.run(await fetchPlanFor(a, accounts));
        // A non-standard port under `auto` is STARTTLS for both: the STARTTLS port works for both, the
        // implicit TLS port fails for both (the test names the setting to choose).
        assert.equal(tested.ok, !tlsPort, JSON.stringify(tested.steps, null, 1));
        assert.equal(fetched.error === null, !tlsPort, fetched.error ?? 'fetched');
        if (tlsPort)
          assert.equal(tested.steps.find((s) => s.status === 'failed')?.error?.code, 'plain_on_tls_port');
        else assert.equal(fetched.newCases, 1);
      });
    }
  }

  test('smtp: auto on the loopback STARTTLS port, tested and sent alike', async () => {
    const a = await autoAccount('smtp', smtp.port);
    const tested = await runConnectionTest(connectionTestSpecOf(a, { password: PASSWORD }, { lang: 'en' }));
    assert.equal(tested.ok, true, JSON.stringify(tested.steps, null, 1));
    const settings = await smtpSettingsFor(a, outboundDeps(accounts));
    assert.equal(smtpSecurityOf(settings), 'starttls');
  });
});
