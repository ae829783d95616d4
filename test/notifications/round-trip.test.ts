import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fsModule from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import { silentLogger } from '../../src/logging/logger.js';
import { roundTripAccounts } from '../../src/notifications/round-trip/round-trip.accounts.js';
import { masterKeyFrom } from '../../src/secrets/cipher.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import type { Database } from '../../src/storage/database.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const INBOX_USER = 'soporte@example.test';
const INBOX_PASSWORD = 'inbox-pass';
const OTHER_MAIL = Buffer.from(
  'From: ana@example.test\r\nTo: soporte@example.test\r\nSubject: a real request\r\nMessage-ID: <real.1@example.test>\r\n\r\nPlease help.\r\n',
);

let pki: TestPki;
let dovecot: DovecotServer;
let smtp: TestSmtpServer;
let store: TestStore;
let database: Database;
let accounts: AccountService;
let deps: Parameters<typeof roundTripAccounts>[0];

/** Delivers what the SMTP server accepts into the Dovecot mailbox, like a real MTA would. */
let deliver = true;

before(async () => {
  pki = createTestPki();
  dovecot = await startDovecot({ pki, users: [{ user: INBOX_USER, password: INBOX_PASSWORD }] });
  smtp = await startSmtpServer({
    pki,
    users: { 'desk@drobot.test': 'out-pass' },
    script: {
      onData: (ctx) => {
        if (deliver && ctx.raw) dovecot.deliver(INBOX_USER, ctx.raw);
        return undefined;
      },
    },
  });
  store = await createTestStore('sqlite');
  database = await store.open();
  const key = masterKeyFrom(crypto.randomBytes(32));
  const secrets = new SecretStore({ current: key, all: new Map([[key.id, key]]), file: undefined });
  accounts = new AccountService({
    database,
    repository: new AccountRepository(secrets),
    logger: silentLogger,
  });
  await accounts.create({
    name: 'out',
    direction: 'outbound',
    protocol: 'smtp',
    preset: 'domain',
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    username: 'desk@drobot.test',
    password: 'out-pass',
    tls: { caPem: pki.caPem },
  });
  for (const [name, protocol, port, security] of [
    ['imap-in', 'imap', dovecot.ports.imaps, 'implicit'],
    ['imap-starttls', 'imap', dovecot.ports.imap, 'starttls'],
    ['pop3-in', 'pop3', dovecot.ports.pop3s, 'implicit'],
    ['pop3-stls', 'pop3', dovecot.ports.pop3, 'starttls'],
  ] as const) {
    await accounts.create({
      name,
      direction: 'inbound',
      protocol,
      preset: 'domain',
      host: '127.0.0.1',
      port,
      security,
      username: INBOX_USER,
      password: INBOX_PASSWORD,
      tls: { caPem: pki.caPem },
    });
  }
  deps = {
    getAccount: (ref) => accounts.get(ref),
    secret: (id, name) => accounts.secret(id, name),
  };
});

after(async () => {
  await smtp.stop();
  await dovecot.stop();
  await database.close();
  await store.drop();
});

describe('round trip between the SMTP server and Dovecot', () => {
  for (const inbound of ['imap-in', 'imap-starttls', 'pop3-in', 'pop3-stls']) {
    test(`out → ${inbound}: both legs pass; only the test mail is deleted`, async () => {
      dovecot.deliver(INBOX_USER, OTHER_MAIL);
      const report = await roundTripAccounts(deps, 'out', inbound, {
        timeoutMs: 5000,
        pollMs: 100,
        lang: 'en',
      });
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.equal(report.failedLeg, undefined);
      assert.match(report.send.serverReply ?? '', /^250 /);
      assert.ok(report.receive?.ok);
      assert.ok((report.delayMs ?? -1) >= 0);
      assert.ok(report.delayMs !== undefined && report.delayMs >= report.send.durationMs);
      // The test mail is gone; the real mails are still there.
      const again = await roundTripAccounts(
        { ...deps, getAccount: (ref) => accounts.get(ref) },
        'out',
        inbound,
        { timeoutMs: 3000, pollMs: 100 },
      );
      assert.equal(again.ok, true);
      assert.ok(mailboxHas(/real\.1@example\.test/), 'the real mail was kept');
      assert.ok(!mailboxHas(new RegExp(report.tag)), 'the test mail was deleted');
    });
  }

  test('the send leg fails: reported with the server reply, nothing waited for', async () => {
    smtp.reset({ onData: () => ({ code: 554, message: '5.7.1 Relay denied' }) });
    const report = await roundTripAccounts(deps, 'out', 'imap-in', { timeoutMs: 5000, lang: 'es' });
    assert.equal(report.ok, false);
    assert.equal(report.failedLeg, 'send');
    assert.equal(report.send.ok, false);
    assert.equal(report.send.error?.code, 'smtp_permanent');
    assert.match(report.send.serverReply ?? '', /554 5\.7\.1 Relay denied/);
    assert.equal(report.receive, undefined);
  });

  test('the mail never arrives: the receive leg fails after the limit', async () => {
    deliver = false;
    smtp.reset({ onData: () => undefined });
    // Virtual time: each pause moves the clock on by what it asked for, so a loaded machine (slow TLS
    // logins) does not change how many times the mailbox is looked into before the limit.
    let now = 0;
    const report = await roundTripAccounts(deps, 'out', 'pop3-in', {
      timeoutMs: 600,
      pollMs: 100,
      lang: 'en',
      clock: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    });
    deliver = true;
    assert.equal(report.ok, false);
    assert.equal(report.failedLeg, 'receive');
    assert.equal(report.send.ok, true);
    assert.equal(report.receive?.error?.code, 'roundtrip_not_received');
    assert.match(report.receive?.error?.hint ?? '', /--to is the address of the inbound mailbox/);
    assert.equal(report.receive?.checks, 7, 'one look at 0 ms, then one every 100 ms up to the 600 ms limit');
  });

  test('the inbound login fails: the receive leg says so, without the password', async () => {
    smtp.reset({
      onData: (ctx) => {
        if (ctx.raw) dovecot.deliver(INBOX_USER, ctx.raw);
        return undefined;
      },
    });
    await accounts.edit('imap-in', { password: 'wrong-password' });
    const report = await roundTripAccounts(deps, 'out', 'imap-in', {
      timeoutMs: 3000,
      pollMs: 100,
      lang: 'en',
    });
    await accounts.edit('imap-in', { password: INBOX_PASSWORD });
    assert.equal(report.failedLeg, 'receive');
    assert.equal(report.receive?.error?.code, 'roundtrip_inbound_login_failed');
    assert.ok(!JSON.stringify(report).includes('wrong-password'));
  });
});

/** Whether any mail in the Dovecot mailbox matches. */
function mailboxHas(pattern: RegExp): boolean {
  return listFiles(dovecot.maildir(INBOX_USER)).some((file) => pattern.test(readFile(file)));
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of ['cur', 'new']) {
    const folder = path.join(dir, sub);
    if (!fsModule.existsSync(folder)) continue;
    for (const name of fsModule.readdirSync(folder)) out.push(path.join(folder, name));
  }
  return out;
}

function readFile(file: string): string {
  return fsModule.readFileSync(file, 'latin1');
}
