import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountTestReport } from '../../src/accounts/account-test.service.js';
import { jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startOAuthServer, TEST_CLIENTS, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { storedOAuthTokens } from '../support/store-dump.js';

const USER = 'envios@contoso.test';

/**
 * The connection test of an Office 365 sending account: the token step gets the access token, the probe
 * logs in with it, and the outbox's sink sends the test message logged in with the same token.
 */
describe('drobot accounts test --send-to with an OAuth SMTP account', () => {
  let pki: TestPki;
  let server: TestOAuthServer;
  let smtp: TestSmtpServer;
  let store: TestStore;
  const presented: string[] = [];
  const cli = (args: string[], onStderrLine?: (line: string) => void): Promise<CliResult> =>
    runCli(args, { env: store.env, timeoutMs: 20_000, ...(onStderrLine ? { onStderrLine } : {}) });

  before(async () => {
    pki = createTestPki();
    server = await startOAuthServer();
    smtp = await startSmtpServer({
      pki,
      xoauth2: (user, token) => {
        presented.push(token);
        return user === USER && token.length > 0;
      },
    });
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store?.drop();
    await smtp?.stop();
    await server?.close();
  });

  it('sends the test message through the sink with the token the token step got', async () => {
    const added = await cli([
      'accounts',
      'add',
      '--name',
      'envios',
      '--direction',
      'outbound',
      '--protocol',
      'smtp',
      '--preset',
      'office365',
      '--host',
      '127.0.0.1',
      '--port',
      String(smtp.port),
      '--security',
      'starttls',
      '--ca-file',
      pki.caFile,
      '--username',
      USER,
      '--client-id',
      TEST_CLIENTS.msDesktop.clientId,
      '--tenant-id',
      'contoso',
      '--oauth-authority',
      server.microsoftAuthority,
      '--oauth-loopback',
      '--no-oauth-browser',
    ]);
    assert.equal(added.code, 0, added.stderr);
    let consent: Promise<unknown> | undefined;
    const authorized = await cli(['oauth', 'authorize', 'envios', '--no-browser'], (line) => {
      if (line.startsWith('http://') && !consent) consent = consentAsUser(line.trim(), { login: USER });
    });
    await consent;
    assert.equal(authorized.code, 0, authorized.stderr);

    const test = await cli(['accounts', 'test', 'envios', '--send-to', 'destino@contoso.test', '--json']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    const report = jsonOf<AccountTestReport>(test);
    assert.deepEqual(
      report.steps.map((s) => [s.name, s.status]),
      ['token', 'dns', 'tcp', 'greeting', 'capabilities', 'starttls', 'tls', 'auth', 'send'].map((s) => [
        s,
        'ok',
      ]),
    );
    const mail = smtp.messages.at(-1);
    assert.deepEqual(mail?.envelope, { from: USER, to: ['destino@contoso.test'] });
    assert.equal(mail?.authMethod, 'XOAUTH2');
    // The probe's login and the sink's, both with the stored access token; never shown in the report.
    const stored = await storedOAuthTokens(store);
    assert.equal(presented.length, 2);
    for (const token of presented) {
      assert.ok(stored.includes(token), 'a token the account holds');
      assert.ok(!test.stdout.includes(token), 'the token is never shown');
    }
  });
});
