import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { AccountTestReport } from '../../src/accounts/account-test.service.js';
import type { AccountView } from '../../src/accounts/account.view.js';
import { jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startServer, type RunningServer } from '../support/server.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { assertNoLeak, dumpStore } from '../support/store-dump.js';

const USER = 'mesa@example.test';
const PASSWORD = `Pw-${crypto.randomBytes(8).toString('hex')}`;
const WRONG = `Wrong-${crypto.randomBytes(8).toString('hex')}`;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** "Conexión de prueba" of stored accounts through the real CLI and API, against real servers. */
describe('accounts test (CLI and API)', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;
  let smtp: TestSmtpServer;
  let store: TestStore;
  let api: RunningServer;
  const outputs: string[] = [];
  const cli = async (args: string[], input?: string): Promise<CliResult> => {
    const r = await runCli(args, { env: store.env, input });
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  before(async () => {
    pki = createTestPki();
    dovecot = await startDovecot({ pki, users: [{ user: USER, password: PASSWORD }] });
    smtp = await startSmtpServer({ pki, users: { [USER]: PASSWORD } });
    store = await createTestStore('sqlite');
    api = await startServer(store.env);
  });
  after(async () => {
    await api?.stop();
    await smtp?.stop();
    await dovecot?.stop();
    await store?.drop();
  });

  it('passes every step of a POP3 account over implicit TLS and keeps the result', async () => {
    const add = await cli(
      [
        'accounts',
        'add',
        '--name',
        'pop',
        '--direction',
        'inbound',
        '--protocol',
        'pop3',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.ports.pop3s),
        '--security',
        'implicit',
        '--ca-file',
        pki.caFile,
        '--username',
        USER,
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    assert.equal(add.code, 0, add.stderr);
    const test = await cli(['accounts', 'test', 'pop', '--json']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    const report = jsonOf<AccountTestReport>(test);
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.steps.filter((s) => s.status === 'ok').map((s) => s.name),
      ['dns', 'tcp', 'tls', 'greeting', 'capabilities', 'auth', 'mailbox'],
    );
    const list = jsonOf<AccountView[]>(await cli(['accounts', 'list', '--json']));
    assert.equal(list[0]?.lastTest?.ok, true);
    const human = await cli(['accounts', 'test', 'pop']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /✓ auth/);
    assert.match(human.stdout, /Resultado: correcta/);
  });

  it('fails at the right step with a hint, changing nothing but the last result', async () => {
    const add = await cli(
      [
        'accounts',
        'add',
        '--name',
        'imap',
        '--direction',
        'inbound',
        '--protocol',
        'imap',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.ports.imap),
        '--security',
        'starttls',
        '--ca-file',
        pki.caFile,
        '--username',
        USER,
        '--password-stdin',
      ],
      `${WRONG}\n`,
    );
    assert.equal(add.code, 0, add.stderr);
    const before = (await cli(['accounts', 'export'])).stdout.replace(/"exportedAt": "[^"]+"/, '');
    const test = await cli(['accounts', 'test', 'imap', '--json']);
    assert.equal(test.code, 1);
    const report = jsonOf<AccountTestReport>(test);
    assert.equal(report.failedStep, 'auth');
    const auth = report.steps.find((s) => s.name === 'auth');
    assert.ok(auth?.error?.hint, 'a failing step carries a hint');
    assert.equal(report.steps.find((s) => s.name === 'mailbox')?.status, 'skipped');
    const after = (await cli(['accounts', 'export'])).stdout.replace(/"exportedAt": "[^"]+"/, '');
    assert.equal(after, before);
    const view = jsonOf<AccountView>(await cli(['accounts', 'show', 'imap', '--json']));
    assert.deepEqual([view.lastTest?.ok, view.lastTest?.failedStep], [false, 'auth']);
    const human = await cli(['accounts', 'list']);
    assert.match(human.stdout, /imap .*failed:auth/);
  });

  it('tests a saved account with unsaved changes and a draft through the API', async () => {
    const port = await closedPort();
    const changed = await api.api('POST', '/api/accounts/pop/test', { changes: { port } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json<AccountTestReport>().failedStep, 'tcp');
    const still = await api.api('GET', '/api/accounts/pop');
    assert.equal(still.json<AccountView>().port, dovecot.ports.pop3s, 'the changes were not saved');

    const draft = await api.api(
      'POST',
      '/api/accounts/test',
      {
        account: {
          name: 'borrador',
          direction: 'outbound',
          protocol: 'smtp',
          preset: 'domain',
          host: '127.0.0.1',
          port: smtp.port,
          security: 'starttls',
          username: USER,
          password: PASSWORD,
          tls: { caPem: pki.caPem },
        },
        sendTestTo: 'destino@example.test',
      },
      { 'accept-language': 'en' },
    );
    assert.equal(draft.status, 200, draft.text);
    const report = draft.json<AccountTestReport>();
    assert.equal(report.ok, true, draft.text);
    assert.equal(report.account, null);
    assert.equal(report.steps.find((s) => s.name === 'send')?.status, 'ok');
    const mails = await smtp.waitForMessages(1, 5000);
    assert.deepEqual(mails[0]?.envelope.to, ['destino@example.test']);
    assert.equal((await api.api('GET', '/api/accounts/borrador')).status, 404, 'a draft is never saved');

    const bad = await api.api('POST', '/api/accounts/test', {
      account: { name: 'x', direction: 'outbound', protocol: 'smtp', preset: 'domain', port: 'x' },
    });
    assert.equal(bad.status, 400);
  });

  it('never prints or stores the password', async () => {
    for (const secret of [PASSWORD, WRONG]) {
      assertNoLeak(outputs.join('\n'), secret, 'the command output');
      assertNoLeak(await dumpStore(store), secret, 'the database');
      assertNoLeak(api.stderr(), secret, 'the server log');
    }
  });
});
