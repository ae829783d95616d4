import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountTestReport } from '../../src/accounts/account-test.service.js';
import { jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startHttpConnectProxy, type HttpConnectProxy } from '../support/http-connect-proxy.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const USER = 'entrada@example.test';
const PASSWORD = `Pw-${crypto.randomBytes(8).toString('hex')}`;

function mail(n: number): Buffer {
  return Buffer.from(
    `From: usuario${n}@example.test\r\nTo: ${USER}\r\nSubject: Incidencia ${n}\r\n` +
      `Message-ID: <adapter-${n}@example.test>\r\n\r\nNo funciona la impresora ${n}.\r\n`,
  );
}

/** Every mail file of a Maildir folder and whether it carries the Seen flag (`:2,…S…` in its name). */
function mailFlags(maildir: string): { files: number; seen: number } {
  let files = 0;
  let seen = 0;
  for (const sub of ['new', 'cur']) {
    for (const name of fs.readdirSync(path.join(maildir, sub))) {
      files++;
      const info = name.split(':2,')[1];
      if (info?.includes('S')) seen++;
    }
  }
  return { files, seen };
}

/**
 * The connection test of an inbound account also opens the mailbox with the adapter fetching uses (the
 * same plan, trust and proxy), lists it, and leaves it as it was.
 */
describe('accounts test lists the mailbox through the fetching adapter', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;
  let proxy: HttpConnectProxy;
  let store: TestStore;
  const cli = (args: string[], input?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli(args, { env: { ...store.env, ...env }, input });

  const add = async (name: string, flags: string[]): Promise<void> => {
    const added = await cli(
      [
        'accounts',
        'add',
        '--name',
        name,
        '--direction',
        'inbound',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--username',
        USER,
        '--password-stdin',
        ...flags,
      ],
      `${PASSWORD}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
  };

  before(async () => {
    pki = createTestPki();
    dovecot = await startDovecot({ pki, users: [{ user: USER, password: PASSWORD }] });
    dovecot.deliverMany(USER, [mail(1), mail(2)]);
    dovecot.deliver(USER, mail(3), { seen: true });
    proxy = await startHttpConnectProxy();
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await proxy?.stop();
    await dovecot?.stop();
    await store?.drop();
  });

  for (const protocol of ['pop3', 'imap'] as const) {
    it(`${protocol.toUpperCase()}: opens and lists the mailbox a second time, through the proxy, changing nothing`, async () => {
      // POP3 upgrades with STLS, IMAP speaks TLS from the first byte: both of the adapters' ways in.
      const [port, security] =
        protocol === 'pop3' ? [dovecot.ports.pop3, 'starttls'] : [dovecot.ports.imaps, 'implicit'];
      await add(protocol, [
        '--protocol',
        protocol,
        '--port',
        String(port),
        '--security',
        security,
        '--ca-file',
        pki.caFile,
        '--proxy',
        `http://127.0.0.1:${proxy.port}`,
      ]);
      const beforeFlags = mailFlags(dovecot.maildir(USER));
      assert.deepEqual(beforeFlags, { files: 3, seen: 1 });
      const tunnels = proxy.connections;
      const test = await cli(['accounts', 'test', protocol, '--json']);
      assert.equal(test.code, 0, test.stdout + test.stderr);
      const report = jsonOf<AccountTestReport>(test);
      assert.equal(report.ok, true);
      const order =
        protocol === 'pop3'
          ? ['dns', 'tcp', 'proxy', 'greeting', 'capabilities', 'starttls', 'tls', 'auth', 'mailbox']
          : ['dns', 'tcp', 'proxy', 'tls', 'greeting', 'capabilities', 'auth', 'mailbox'];
      assert.deepEqual(
        report.steps.filter((s) => s.status === 'ok').map((s) => s.name),
        order,
      );
      const mailbox = report.steps.find((s) => s.name === 'mailbox');
      assert.equal(mailbox?.data?.[protocol === 'pop3' ? 'count' : 'exists'], 3);
      // One tunnel for the probe's steps, one for the adapter fetching opens.
      assert.equal(proxy.connections - tunnels, 2);
      assert.equal(dovecot.count(USER), 3, 'nothing deleted');
      assert.equal(mailFlags(dovecot.maildir(USER)).seen, beforeFlags.seen, 'no mail marked read');
    });
  }

  it('fails the mailbox step with the adapter error where only fetching would fail', async () => {
    // IMAP fetching cannot pin a certificate through a proxy; the probe's own connection can.
    const pinned = ['--protocol', 'imap', '--port', String(dovecot.ports.imaps), '--security', 'implicit'];
    await add('fijada', [...pinned, '--pin-sha256', pki.server.sha256]);
    const direct = jsonOf<AccountTestReport>(await cli(['accounts', 'test', 'fijada', '--json']));
    assert.equal(direct.ok, true, JSON.stringify(direct.steps));

    await add('fijada-proxy', [
      ...pinned,
      '--pin-sha256',
      pki.server.sha256,
      '--proxy',
      `http://127.0.0.1:${proxy.port}`,
    ]);
    const test = await cli(['accounts', 'test', 'fijada-proxy', '--json']);
    assert.equal(test.code, 1, test.stdout + test.stderr);
    const report = jsonOf<AccountTestReport>(test);
    assert.equal(report.failedStep, 'mailbox');
    assert.deepEqual(
      report.steps.filter((s) => s.status === 'ok').map((s) => s.name),
      ['dns', 'tcp', 'proxy', 'tls', 'greeting', 'capabilities', 'auth'],
    );
    const failed = report.steps.find((s) => s.name === 'mailbox');
    assert.equal(failed?.error?.code, 'imap_pin_with_proxy');
    assert.match(failed?.error?.message ?? '', /huella de certificado fijada y un proxy/);
    assert.match(failed?.error?.hint ?? '', /certificado de la CA/);

    const english = await cli(['accounts', 'test', 'fijada-proxy', '--json'], undefined, {
      DROBOT_LANG: 'en',
    });
    const step = jsonOf<AccountTestReport>(english).steps.find((s) => s.name === 'mailbox');
    assert.match(step?.error?.message ?? '', /pinned certificate fingerprint together with a proxy/);
    assert.match(step?.error?.hint ?? '', /CA certificate/);
  });
});
