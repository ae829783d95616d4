import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { storedSecretIssues } from '../../src/accounts/account-test.secrets.js';
import type { AccountTestReport } from '../../src/accounts/account-test.service.js';
import { applyPatch, draftFromCreate, type AccountDraft } from '../../src/accounts/account.draft.js';
import type { SecretPresence } from '../../src/accounts/account.model.js';
import { accountSchemas, type AccountCreateInput } from '../../src/accounts/account.schema.js';
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
    assert.match(human.stdout, /✓ Autenticación /);
    assert.match(human.stdout, /✓ Saludo del servidor /);
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
    assert.match(human.stdout, /imap .*fallida en «Autenticación»/);
  });

  it('tests a saved account with unsaved changes and a draft through the API', async () => {
    const port = await closedPort();
    const changed = await api.api('POST', '/api/accounts/pop/test', { changes: { port, password: WRONG } });
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

  it('never sends the stored password to a server the changes name: they must carry it', async () => {
    const recorder = await startRecorder();
    const call = async (...args: Parameters<RunningServer['api']>) => {
      const response = await api.api(...args);
      outputs.push(response.text);
      return response;
    };
    try {
      const viewBefore = (await call('GET', '/api/accounts/pop')).json<AccountView>();
      assert.equal(viewBefore.lastTest?.ok, true);
      const elsewhere = [
        { port: recorder.port, security: 'none' },
        { host: 'localhost', port: recorder.port, security: 'none' },
        { port: recorder.port, security: 'none', username: 'otro@example.test' },
      ];
      for (const changes of elsewhere) {
        const refused = await call('POST', '/api/accounts/pop/test', { changes });
        assert.equal(refused.status, 400, refused.text);
        const error = refused.json<{
          error: { field: string; issues: { field: string; message: string }[] };
        }>().error;
        assert.equal(error.field, 'password');
        assert.match(error.issues[0]?.message ?? '', /escriba de nuevo «password»/);
      }
      const english = await call(
        'POST',
        '/api/accounts/pop/test',
        { changes: elsewhere[0] },
        { 'accept-language': 'en' },
      );
      assert.match(english.text, /To test with changes to port, security, enter \\"password\\" again/);
      assert.equal(recorder.connections, 0, 'nothing reached the unsaved server');

      // Carrying a password, the test goes there with that password and no other.
      const carried = await call('POST', '/api/accounts/pop/test', {
        changes: { ...elsewhere[1], password: WRONG },
      });
      assert.equal(carried.status, 200, carried.text);
      assert.equal(carried.json<AccountTestReport>().failedStep, 'auth');
      assert.equal(recorder.connections, 1);
      assert.ok(recorder.decoded().includes(WRONG), recorder.received());
      assertNoLeak(recorder.decoded(), PASSWORD, 'the unsaved server');

      // Changes that keep the password's way (a timeout) may use it; still, only a test of the saved
      // settings is kept as the account's last result.
      const harmless = await call('POST', '/api/accounts/pop/test', { changes: { timeoutMs: 4000 } });
      assert.equal(harmless.json<AccountTestReport>().ok, true, harmless.text);
      const viewAfter = (await call('GET', '/api/accounts/pop')).json<AccountView>();
      assert.deepEqual(viewAfter.lastTest, viewBefore.lastTest);
      const saved = await call('POST', '/api/accounts/pop/test', {});
      assert.equal(saved.json<AccountTestReport>().ok, true);
      const viewSaved = (await call('GET', '/api/accounts/pop')).json<AccountView>();
      assert.notEqual(
        viewSaved.lastTest?.at,
        viewBefore.lastTest?.at,
        'a test of the saved settings is kept',
      );
    } finally {
      await recorder.stop();
    }
  });

  it('never prints or stores the password', async () => {
    for (const secret of [PASSWORD, WRONG]) {
      assertNoLeak(outputs.join('\n'), secret, 'the command output');
      assertNoLeak(await dumpStore(store), secret, 'the database');
      assertNoLeak(api.stderr(), secret, 'the server log');
    }
  });
});

/** A POP3 server that accepts any connection in plain text and writes down every line it is sent. */
interface Recorder {
  readonly port: number;
  readonly connections: number;
  /** Every line received, as sent. */
  received(): string;
  /** The lines, plus every base64 word in them decoded (a SASL exchange carries the password so). */
  decoded(): string;
  stop(): Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  const lines: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('+OK recorder ready\r\n');
    let buffer = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'CAPA') socket.write('+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n');
        else if (verb === 'USER') socket.write('+OK\r\n');
        else if (verb === 'QUIT') socket.end('+OK\r\n');
        else socket.write('-ERR recorded\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const received = () => lines.join('\n');
  return {
    port,
    get connections() {
      return connections;
    },
    received,
    decoded: () =>
      [
        received(),
        ...lines.flatMap((l) => l.split(' ')).map((w) => Buffer.from(w, 'base64').toString('latin1')),
      ].join('\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('which stored secrets a test with unsaved changes may reuse', () => {
  const PIN = 'sha256/' + 'A'.repeat(43) + '=';
  const base: AccountCreateInput = accountSchemas().create.parse({
    name: 'mesa',
    direction: 'inbound',
    protocol: 'imap',
    preset: 'domain',
    host: 'imap.example.org',
    port: 1143,
    security: 'starttls',
    username: 'mesa@example.org',
    proxy: { type: 'socks5', host: 'proxy.example.org', port: 1080, username: 'pu' },
    tls: { pinSha256: PIN },
  });
  const oauthBase: AccountCreateInput = accountSchemas().create.parse({
    name: 'o365',
    direction: 'inbound',
    protocol: 'imap',
    preset: 'office365',
    username: 'mesa@contoso.test',
    oauth: { clientId: 'client-1', tenantId: 'contoso' },
  });
  const everything: SecretPresence = { password: true, proxyPassword: true, clientSecret: true, tokens: [] };
  const fieldsOf = (saved: AccountDraft, changes: unknown, presence: SecretPresence = everything) => {
    const patch = accountSchemas().patch.parse(changes);
    return storedSecretIssues(saved, presence, patch, applyPatch(saved, patch)).map((i) => i.field);
  };

  it('refuses changes that send the password elsewhere or less safely, unless they carry it', () => {
    const saved = draftFromCreate(base);
    const elsewhere: unknown[] = [
      { host: 'attacker.example' },
      { port: 1 },
      { protocol: 'pop3' },
      { username: 'other@example.org' },
      { security: 'none' },
      { security: 'auto' },
      { tls: { insecureSkipVerify: true } },
      { tls: { caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' } },
      { tls: { pinSha256: null } },
      { tls: { pinSha256: 'sha256/' + 'B'.repeat(43) + '=' } },
      { proxy: { type: 'http' } },
      { proxy: { type: 'socks5', host: 'attacker.example' } },
      { proxy: { type: 'socks5', port: 1081 } },
      { proxy: { type: 'none' } },
    ];
    for (const changes of elsewhere) {
      assert.ok(fieldsOf(saved, changes).includes('password'), JSON.stringify(changes));
      const carried = { ...(changes as object), password: 'typed-again' };
      assert.ok(!fieldsOf(saved, carried).includes('password'), JSON.stringify(carried));
    }
    for (const changes of [
      {},
      { timeoutMs: 900 },
      { folder: 'Soporte' },
      { host: ' IMAP.Example.ORG ' },
      { security: 'implicit' },
      { tls: { insecureSkipVerify: false } },
      { sasl: 'login' },
      { proxy: { type: 'socks5', username: 'pu', password: 'proxy-typed' } },
    ]) {
      assert.deepEqual(fieldsOf(saved, changes), [], JSON.stringify(changes));
    }
    const unpinned = draftFromCreate({ ...base, tls: { pinSha256: null } });
    assert.deepEqual(fieldsOf(unpinned, { tls: { pinSha256: PIN } }), [], 'a new pin narrows trust');
    assert.deepEqual(fieldsOf(saved, { host: 'x.example' }, { ...everything, password: false }), []);
    const noAuth = draftFromCreate({ ...base, direction: 'outbound', protocol: 'smtp', smtpAuth: false });
    assert.deepEqual(fieldsOf(noAuth, { host: 'x.example', proxy: { type: 'none' } }), []);
  });

  it('asks for the proxy password again when the proxy or its user changes', () => {
    const saved = draftFromCreate(base);
    assert.deepEqual(fieldsOf(saved, { proxy: { type: 'socks5', username: 'other' } }), ['proxy.password']);
    assert.deepEqual(fieldsOf(saved, { proxy: { type: 'http' }, password: 'p' }), ['proxy.password']);
    assert.deepEqual(fieldsOf(saved, { proxy: { type: 'http', password: 'q' }, password: 'p' }), []);
  });

  it('keeps the OAuth client secret and tokens to the saved app registration and server', () => {
    const saved = draftFromCreate(oauthBase);
    const held: SecretPresence = { ...everything, tokens: ['outlook'] };
    for (const oauth of [
      { tenantId: 'fabrikam' },
      { clientId: 'client-2' },
      { authority: 'https://idp.example' },
    ]) {
      assert.deepEqual(fieldsOf(saved, { oauth }, held), ['oauth.clientSecret', 'oauth.tokens']);
      assert.deepEqual(fieldsOf(saved, { oauth: { ...oauth, clientSecret: 's' } }, held), ['oauth.tokens']);
    }
    assert.deepEqual(fieldsOf(saved, { host: 'imap.attacker.example' }, held), ['oauth.tokens']);
    assert.deepEqual(fieldsOf(saved, { oauth: { useBrowser: false }, timeoutMs: 900 }, held), []);
    const password = draftFromCreate({ ...base, auth: 'password' });
    assert.deepEqual(
      fieldsOf(password, { auth: 'oauth2', password: 'p' }, held).includes('oauth.tokens'),
      true,
    );
  });
});
