import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import type { DrobotError } from '../../src/errors/drobot-error.js';
import { silentLogger } from '../../src/logging/logger.js';
import { verifyCaseMessageId } from '../../src/notifications/message-id.js';
import { createNotifications, type Notifications } from '../../src/notifications/notifications.factory.js';
import { loadThreadingKey } from '../../src/notifications/threading-key.js';
import { masterKeyFrom } from '../../src/secrets/cipher.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { SAMPLE_DATA } from './outbox.fixture.js';

const PASSWORD = 'desk-Passw0rd';
let pki: TestPki;
let server: TestSmtpServer;

before(async () => {
  pki = createTestPki();
  server = await startSmtpServer({
    pki,
    users: { 'desk@drobot.test': PASSWORD, 'alerts@drobot.test': PASSWORD },
  });
});
after(() => server.stop());

for (const dialect of DIALECTS) {
  describe(`notifications through stored accounts (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let secrets: SecretStore;
    let accounts: AccountService;
    let notifications: Notifications;

    before(async () => {
      store = await createTestStore(dialect);
      database = await store.open();
      const key = masterKeyFrom(crypto.randomBytes(32));
      secrets = new SecretStore({ current: key, all: new Map([[key.id, key]]), file: undefined });
      accounts = new AccountService({
        database,
        repository: new AccountRepository(secrets),
        logger: silentLogger,
      });
      for (const [name, user] of [
        ['desk', 'desk@drobot.test'],
        ['alerts', 'alerts@drobot.test'],
      ] as const) {
        await accounts.create({
          name,
          direction: 'outbound',
          protocol: 'smtp',
          preset: 'domain',
          host: '127.0.0.1',
          port: server.port,
          security: 'starttls',
          username: user,
          password: PASSWORD,
          tls: { caPem: pki.caPem },
          outbound: { fromName: `DRobot ${name}`, ratePerMinute: 100 },
        });
      }
      notifications = await createNotifications({
        database,
        secrets,
        accounts,
        settings: {
          account: 'desk',
          accountByType: { alarm: 'alerts' },
          templatesDir: undefined,
          lang: 'es',
        },
        idleCloseMs: 300,
      });
    });
    after(async () => {
      await notifications.close();
      await database.close();
      await store.drop();
    });

    test('the threading key is made once and kept encrypted', async () => {
      assert.equal(notifications.threadingKey.length, 32);
      assert.deepEqual(await loadThreadingKey(database, secrets), notifications.threadingKey);
      const row = await database.db
        .selectFrom('secrets')
        .select(['ciphertext'])
        .where('owner_kind', '=', 'system')
        .where('name', '=', 'threading_key')
        .executeTakeFirstOrThrow();
      assert.ok(!row.ciphertext.includes(notifications.threadingKey.toString('base64')));
    });

    test('drobot serve closes the connections of an account left unused, and opens them again', async () => {
      server.reset();
      const closed = async () => {
        for (let waited = 0; server.openSessions() > 0; waited += 50) {
          assert.ok(waited < 15_000, `${server.openSessions()} connections still open`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      notifications.worker.start(50);
      try {
        for (const to of ['uno@example.test', 'dos@example.test']) {
          const opened = server.connectionCount();
          const queued = await notifications.outbox.enqueue({ type: 'alarm', to, data: SAMPLE_DATA.alarm });
          assert.equal(queued.status, 'queued');
          await server.waitForMessages(server.messages.length + 1, 15_000);
          assert.ok(server.connectionCount() > opened, 'a connection was opened for the mail');
          await closed();
        }
      } finally {
        await notifications.worker.stop();
      }
      assert.deepEqual(
        server.messages.map((m) => m.envelope.to[0]),
        ['uno@example.test', 'dos@example.test'],
      );
    });

    test('each type goes out through its routed account, logged in with the stored password', async () => {
      server.reset();
      const ack = await notifications.outbox.enqueue({
        type: 'case-created',
        to: 'ana@example.test',
        data: SAMPLE_DATA['case-created'],
      });
      const alarm = await notifications.outbox.enqueue({
        type: 'alarm',
        to: 'ops@example.test',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal(ack.status, 'queued');
      assert.equal(alarm.status, 'queued');
      assert.equal((await notifications.worker.drain()).sent, 2);
      const byTo = new Map(server.messages.map((m) => [m.envelope.to[0], m]));
      const ackMail = byTo.get('ana@example.test');
      const alarmMail = byTo.get('ops@example.test');
      assert.equal(ackMail?.user, 'desk@drobot.test');
      assert.equal(ackMail?.envelope.from, 'desk@drobot.test');
      assert.match(ackMail?.headers.from ?? '', /DRobot desk/);
      assert.equal(ackMail?.headers['x-drobot-loop'], notifications.instanceId);
      assert.match(ackMail?.messageId ?? '', /@drobot\.test>$/);
      assert.equal(verifyCaseMessageId(ackMail?.messageId ?? '', notifications.threadingKey), 123);
      assert.equal(alarmMail?.user, 'alerts@drobot.test');
    });

    test("no notification to DRobot's own addresses", async () => {
      const result = await notifications.outbox.enqueue({
        type: 'case-created',
        to: 'Alerts@drobot.test',
        data: SAMPLE_DATA['case-created'],
      });
      assert.deepEqual(result, { status: 'skipped', reason: 'own-address' });
    });

    test('a disabled account keeps its notifications waiting, retryable', async () => {
      await accounts.edit('desk', { enabled: false });
      const result = await notifications.outbox.enqueue({
        type: 'case-created',
        to: 'luis@example.test',
        data: SAMPLE_DATA['case-created'],
      });
      assert.equal(result.status, 'queued');
      const summary = await notifications.worker.runOnce();
      assert.equal(summary.retrying, 1);
      if (result.status !== 'queued') return;
      const entry = await notifications.outbox.show(result.id);
      assert.equal(entry.lastErrorCode, 'outbound_account_disabled');
      assert.match(entry.lastError ?? '', /disabled|desactivada/);
      await accounts.edit('desk', { enabled: true });
    });

    test('disabled accounts are no routing candidates; without one, the error names the settings', async () => {
      for (const name of ['old1', 'old2']) {
        await accounts.create({
          name,
          direction: 'outbound',
          protocol: 'smtp',
          preset: 'domain',
          host: '127.0.0.1',
          port: server.port,
          security: 'starttls',
          username: `${name}@drobot.test`,
          password: PASSWORD,
          enabled: false,
        });
      }
      await accounts.edit('alerts', { enabled: false });
      // No account configured: one enabled (desk) and three disabled ones.
      const unrouted = await createNotifications({
        database,
        secrets,
        accounts,
        settings: { account: undefined, accountByType: {}, templatesDir: undefined, lang: 'es' },
      });
      try {
        const desk = await accounts.get('desk');
        const routed = await unrouted.outbox.enqueue({
          type: 'case-created',
          to: 'marta@example.test',
          data: SAMPLE_DATA['case-created'],
        });
        assert.equal(routed.status, 'queued');
        if (routed.status === 'queued') {
          assert.equal((await unrouted.outbox.show(routed.id)).accountId, desk.id);
        }

        await accounts.edit('desk', { enabled: false });
        const none = await unrouted.outbox
          .enqueue({ type: 'case-created', to: 'marta@example.test', data: SAMPLE_DATA['case-created'] })
          .then(
            () => assert.fail('enqueued without an enabled account'),
            (error: unknown) => error as DrobotError,
          );
        assert.equal(none.code, 'no_outbound_account');
        const rendered = none.render('en');
        assert.match(rendered.hint ?? '', /DROBOT_NOTIFY_ACCOUNT=NAME/);
        assert.match(rendered.hint ?? '', /--account NAME/);
        assert.match(none.render('es').hint ?? '', /DROBOT_NOTIFY_ACCOUNT=NOMBRE .* --account NOMBRE/);

        await accounts.edit('desk', { enabled: true });
        await accounts.edit('alerts', { enabled: true });
        const several = await unrouted.outbox
          .enqueue({ type: 'case-created', to: 'marta@example.test', data: SAMPLE_DATA['case-created'] })
          .then(
            () => assert.fail('guessed among several enabled accounts'),
            (error: unknown) => error as DrobotError,
          );
        assert.equal(several.code, 'outbound_account_ambiguous');
        assert.match(several.render('en').message, /\(alerts, desk\)/);
        assert.match(several.render('en').hint ?? '', /DROBOT_NOTIFY_ACCOUNT=NAME.*--account NAME/);
      } finally {
        await unrouted.close();
      }
    });
  });
}
