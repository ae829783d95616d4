import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { googleError, startGmailServer, type GmailStandIn } from '../support/gmail-server.js';
import { graphError, startGraphServer, type GraphStandIn } from '../support/graph-server.js';
import { startOAuthServer, TEST_CLIENTS, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';
import { assertNoLeak, dumpStore, storedOAuthTokens } from '../support/store-dump.js';

/**
 * "Conexión de prueba" of Microsoft Graph and Gmail API accounts through the real `drobot` command:
 * `drobot oauth authorize` against the suite's authorization server, then `drobot accounts test` against
 * the Graph and Gmail stand-ins (test/support/graph-server.ts, gmail-server.ts), which check the tokens by
 * introspection.
 */

interface StepView {
  name: string;
  status: string;
  detail: string;
  data?: Record<string, unknown>;
  error?: { code: string; message: string; hint?: string; serverReply?: string };
}
interface ReportView {
  ok: boolean;
  protocol: string;
  failedStep?: string;
  steps: StepView[];
}

let server: TestOAuthServer;
let graph: GraphStandIn;
let gmail: GmailStandIn;
let store: TestStore;
const outputs: string[] = [];

before(async () => {
  server = await startOAuthServer();
  graph = await startGraphServer(server.introspectionUrl);
  gmail = await startGmailServer(server.introspectionUrl);
  for (const address of [
    'desk@contoso.test',
    'shared@contoso.test',
    'hidden@contoso.test',
    'onprem@contoso.test',
  ]) {
    graph.addMailbox(address);
  }
  graph.mailbox('onprem@contoso.test').restEnabled = false;
  graph.appPolicy.add('shared@contoso.test');
  gmail.addMailbox('desk@gmail.test');
  store = await createTestStore('sqlite');
});
after(async () => {
  await store?.drop();
  await gmail?.close();
  await graph?.close();
  await server?.close();
});

async function cli(
  args: string[],
  options: { input?: string; onStderrLine?: (line: string) => void } = {},
): Promise<CliResult> {
  const result = await runCli(args, { env: store.env, timeoutMs: 20_000, ...options });
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function addGraph(name: string, user: string, extra: string[] = []): Promise<void> {
  const result = await cli(
    [
      'accounts',
      'add',
      '--name',
      name,
      '--direction',
      'inbound',
      '--protocol',
      'imap',
      '--preset',
      'office365',
      '--connection',
      'graph',
      '--api-url',
      graph.url,
      '--username',
      user,
      '--tenant-id',
      'contoso',
      '--oauth-authority',
      server.microsoftAuthority,
      '--oauth-loopback',
      '--no-oauth-browser',
      ...(extra.length ? extra : ['--client-id', TEST_CLIENTS.msDesktop.clientId]),
    ],
    extra.includes('--client-secret-stdin') ? { input: `${TEST_CLIENTS.msApp.clientSecret}\n` } : {},
  );
  assert.equal(result.code, 0, result.stderr);
}

async function addGmail(name: string, user: string, direction = 'inbound'): Promise<void> {
  const result = await cli(
    [
      'accounts',
      'add',
      '--name',
      name,
      '--direction',
      direction,
      '--protocol',
      direction === 'inbound' ? 'imap' : 'smtp',
      '--preset',
      'gmail',
      '--connection',
      'gmail-api',
      '--api-url',
      gmail.url,
      '--username',
      user,
      '--client-id',
      TEST_CLIENTS.googleDesktop.clientId,
      '--client-secret-stdin',
      '--oauth-authority',
      server.googleAuthority,
      '--oauth-loopback',
      '--no-oauth-browser',
    ],
    { input: `${TEST_CLIENTS.googleDesktop.clientSecret}\n` },
  );
  assert.equal(result.code, 0, result.stderr);
}

/** `drobot oauth authorize NAME --no-browser`, the user consenting at the printed address. */
async function authorize(name: string, user: string): Promise<void> {
  let consent: Promise<unknown> | undefined;
  const result = await cli(['oauth', 'authorize', name, '--no-browser'], {
    onStderrLine: (line) => {
      if (line.startsWith('http://') && !consent) consent = consentAsUser(line.trim(), { login: user });
    },
  });
  await consent;
  assert.equal(result.code, 0, result.stderr);
}

async function test(name: string, extra: string[] = []): Promise<{ code: number; report: ReportView }> {
  const result = await cli(['accounts', 'test', name, '--json', ...extra]);
  return { code: result.code, report: jsonOf<ReportView>(result) };
}

function step(report: ReportView, name: string): StepView {
  const found = report.steps.find((s) => s.name === name);
  assert.ok(found, `no step ${name} in ${JSON.stringify(report.steps)}`);
  return found;
}

const statuses = (report: ReportView) => report.steps.map((s) => [s.name, s.status]);

describe('drobot accounts test with Microsoft Graph', () => {
  it('authorizes with the Graph scope and passes token and mailbox (the inbox folder)', async () => {
    graph.deliver('desk@contoso.test', 'Subject: x\r\n\r\nx\r\n');
    await addGraph('g365', 'desk@contoso.test');
    await authorize('g365', 'desk@contoso.test');
    const status = await cli(['oauth', 'status', 'g365', '--json']);
    assert.match(status.stdout, /graph/);
    const { code, report } = await test('g365');
    assert.equal(report.ok, true, JSON.stringify(report, null, 1));
    assert.equal(code, 0);
    assert.equal(report.protocol, 'graph');
    assert.deepEqual(statuses(report), [
      ['token', 'ok'],
      ['mailbox', 'ok'],
    ]);
    const token = step(report, 'token');
    assert.ok((token.data?.scopes as string[]).includes('https://graph.microsoft.com/Mail.ReadWrite'));
    assert.equal(token.data?.flow, 'delegated');
    assert.match(step(report, 'mailbox').detail, /Inbox.*desk@contoso\.test: 1 mensajes, 1 sin leer/);
    assert.ok(graph.received('GET', /\/me\/mailFolders\/inbox/).length > 0);
  });

  it('says how to fix an invalid audience, once renewing the token did not help', async () => {
    const invalid = graphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
    graph.failNext({ path: /mailFolders\/inbox/ }, invalid, 2);
    const { code, report } = await test('g365');
    assert.equal(code, 1);
    assert.equal(report.failedStep, 'mailbox');
    const failed = step(report, 'mailbox').error;
    assert.equal(failed?.code, 'api_unauthorized');
    assert.match(failed?.serverReply ?? '', /Invalid audience/);
    assert.match(failed?.hint ?? '', /otro recurso.*graph\.microsoft\.com/);
  });

  it('names MailboxNotEnabledForRESTAPI and ErrorAccessDenied with their own hints', async () => {
    await addGraph('onprem', 'onprem@contoso.test');
    await authorize('onprem', 'onprem@contoso.test');
    const onprem = await test('onprem');
    assert.equal(onprem.report.failedStep, 'mailbox');
    assert.match(step(onprem.report, 'mailbox').error?.hint ?? '', /no está en Exchange Online/);

    graph.failNext(
      { path: /mailFolders\/inbox/ },
      graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
    );
    const denied = await test('g365');
    assert.match(step(denied.report, 'mailbox').error?.hint ?? '', /Mail\.ReadWrite/);
  });

  it('checks the application access policy of an app-only account', async () => {
    const app = ['--client-id', TEST_CLIENTS.msApp.clientId, '--client-secret-stdin'];
    await addGraph('shared', 'shared@contoso.test', app);
    const authorized = await cli(['oauth', 'authorize', 'shared', '--app']);
    assert.equal(authorized.code, 0, authorized.stderr);
    const { code, report } = await test('shared');
    assert.equal(code, 0, JSON.stringify(report, null, 1));
    assert.deepEqual(statuses(report), [
      ['token', 'ok'],
      ['policy', 'ok'],
      ['mailbox', 'ok'],
    ]);
    assert.equal(step(report, 'token').data?.flow, 'app');
    assert.ok(graph.received('GET', /\/users\/shared%40contoso\.test\/mailFolders\/inbox/).length > 0);

    await addGraph('hidden', 'hidden@contoso.test', app);
    assert.equal((await cli(['oauth', 'authorize', 'hidden', '--app'])).code, 0);
    const refused = await test('hidden');
    assert.equal(refused.code, 1);
    assert.equal(refused.report.failedStep, 'policy');
    assert.match(step(refused.report, 'policy').error?.hint ?? '', /New-ApplicationAccessPolicy/);
    assert.equal(step(refused.report, 'mailbox').status, 'skipped');
  });

  it('sends a test message from an outbound account, and explains ErrorSendAsDenied', async () => {
    const added = await cli([
      'accounts',
      'add',
      '--name',
      'g365out',
      '--direction',
      'outbound',
      '--protocol',
      'smtp',
      '--preset',
      'office365',
      '--connection',
      'graph',
      '--api-url',
      graph.url,
      '--username',
      'desk@contoso.test',
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
    await authorize('g365out', 'desk@contoso.test');
    const drafts = graph.received('POST', /\/me\/messages$/).length;
    const { code, report } = await test('g365out', ['--send-to', 'usuario@example.test']);
    assert.equal(code, 0, JSON.stringify(report, null, 1));
    // A sending account is granted Mail.ReadWrite too: its mailbox is read, and it sends through a draft.
    assert.deepEqual(statuses(report), [
      ['token', 'ok'],
      ['mailbox', 'ok'],
      ['send', 'ok'],
    ]);
    assert.equal(graph.received('POST', /\/me\/messages$/).length, drafts + 1);
    const sent = graph.mailbox('desk@contoso.test').sent.at(-1)?.toString() ?? '';
    assert.match(sent, /^To: <usuario@example\.test>/m);

    graph.failNext(
      { method: 'POST', path: /\/messages\/[^/]+\/send$/ },
      graphError(
        403,
        'ErrorSendAsDenied',
        'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
      ),
    );
    const refused = await test('g365out', ['--send-to', 'usuario@example.test']);
    assert.equal(refused.report.failedStep, 'send');
    assert.match(step(refused.report, 'send').error?.hint ?? '', /Enviar como/);
  });
});

describe('drobot accounts test with the Gmail API', () => {
  it('authorizes with gmail.modify and passes token and mailbox (users.getProfile)', async () => {
    await addGmail('gm', 'desk@gmail.test');
    await authorize('gm', 'desk@gmail.test');
    const { code, report } = await test('gm');
    assert.equal(code, 0, JSON.stringify(report, null, 1));
    assert.equal(report.protocol, 'gmail');
    assert.deepEqual(statuses(report), [
      ['token', 'ok'],
      ['mailbox', 'ok'],
    ]);
    assert.ok(
      (step(report, 'token').data?.scopes as string[]).includes(
        'https://www.googleapis.com/auth/gmail.modify',
      ),
    );
    assert.match(step(report, 'mailbox').detail, /desk@gmail\.test/);
    assert.ok(gmail.received('GET', /\/users\/me\/profile$/).length > 0);
  });

  it('explains insufficientPermissions and Delegation denied', async () => {
    gmail.failNext(
      { path: /profile/ },
      googleError(
        403,
        'PERMISSION_DENIED',
        'Request had insufficient authentication scopes.',
        'insufficientPermissions',
      ),
    );
    const scopes = await test('gm');
    assert.equal(scopes.report.failedStep, 'mailbox');
    assert.equal(
      step(scopes.report, 'mailbox').error?.serverReply?.includes('insufficientPermissions'),
      true,
    );
    assert.match(step(scopes.report, 'mailbox').error?.hint ?? '', /gmail\.modify/);

    gmail.failNext(
      { path: /profile/ },
      googleError(403, 'PERMISSION_DENIED', 'Delegation denied for desk@gmail.test', 'forbidden'),
    );
    const delegation = await test('gm');
    assert.match(step(delegation.report, 'mailbox').error?.hint ?? '', /quien autorizó/);
  });

  it('sends a test message from an outbound account with gmail.send only', async () => {
    await addGmail('gmout', 'desk@gmail.test', 'outbound');
    await authorize('gmout', 'desk@gmail.test');
    const { code, report } = await test('gmout', ['--send-to', 'usuario@example.test']);
    assert.equal(code, 0, JSON.stringify(report, null, 1));
    assert.deepEqual(statuses(report), [
      ['token', 'ok'],
      ['mailbox', 'skipped'],
      ['send', 'ok'],
    ]);
    assert.match(
      gmail.mailbox('desk@gmail.test').sent.at(-1)?.raw.toString() ?? '',
      /^To: <usuario@example\.test>/m,
    );
  });

  it('fails at the token step once the grant was revoked, and the account needs authorizing again', async () => {
    server.setAccessTokenTtl(2);
    await authorize('gm', 'desk@gmail.test');
    server.setAccessTokenTtl(3600);
    await server.revokeUser('desk@gmail.test');
    const { code, report } = await test('gm');
    assert.equal(code, 1);
    assert.equal(report.failedStep, 'token');
    assert.equal(step(report, 'token').error?.code, 'oauth_authorization_required');
    const shown = jsonOf<{ state: string }>(await cli(['accounts', 'show', 'gm', '--json']));
    assert.equal(shown.state, 'authorization_required');
  });

  it('never shows an access or refresh token in CLI output, the log or the database', async () => {
    const tokens = await storedOAuthTokens(store);
    assert.ok(tokens.length >= 4);
    const log = fs.readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8');
    const dump = await dumpStore(store);
    for (const token of tokens) {
      assertNoLeak(outputs.join('\n'), token, 'CLI output');
      assertNoLeak(log, token, 'the log');
      assertNoLeak(dump, token, 'the database');
    }
  });
});
