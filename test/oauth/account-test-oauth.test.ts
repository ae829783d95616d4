import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import {
  INTROSPECTION_CLIENT,
  startOAuthServer,
  TEST_CLIENTS,
  type TestOAuthServer,
} from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { assertNoLeak, dumpStore, storedOAuthTokens } from '../support/store-dump.js';

/**
 * "Conexión de prueba" of Office 365 accounts through the real `drobot` command: the token step against
 * the suite's authorization server, then XOAUTH2/OAUTHBEARER against a Dovecot that checks the token by
 * introspection.
 */

interface StepView {
  name: string;
  status: string;
  detail: string;
  data?: Record<string, unknown>;
  error?: { code: string; message: string; hint?: string };
}
interface ReportView {
  ok: boolean;
  account: string;
  failedStep?: string;
  steps: StepView[];
}

const IMAP_USER = 'desk@contoso.test';
const POP3_USER = 'popdesk@contoso.test';

let pki: TestPki;
let server: TestOAuthServer;
let dovecot: DovecotServer;
let store: TestStore;
const outputs: string[] = [];
const tokens = new Set<string>();

before(async () => {
  pki = createTestPki();
  server = await startOAuthServer();
  const introspection = new URL(server.introspectionUrl);
  introspection.username = INTROSPECTION_CLIENT.clientId;
  introspection.password = INTROSPECTION_CLIENT.clientSecret;
  dovecot = await startDovecot({
    pki,
    users: [
      { user: IMAP_USER, password: 'not-used-here' },
      { user: POP3_USER, password: 'not-used-here' },
    ],
    oauth2: { introspectionUrl: introspection.href },
  });
  store = await createTestStore('sqlite');
});
after(async () => {
  await store?.drop();
  await dovecot?.stop();
  await server?.close();
});

async function cli(args: string[], onStderrLine?: (line: string) => void): Promise<CliResult> {
  const result = await runCli(args, {
    env: store.env,
    timeoutMs: 20_000,
    ...(onStderrLine ? { onStderrLine } : {}),
  });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Keeps every token the store held so far: the last test proves none of them leaked. */
async function remember(): Promise<void> {
  for (const token of await storedOAuthTokens(store)) tokens.add(token);
}

/** An Office 365 account on the local Dovecot, its authority the suite's server (per account). */
async function addAccount(name: string, protocol: 'imap' | 'pop3', user: string): Promise<void> {
  const port = protocol === 'imap' ? dovecot.ports.imaps : dovecot.ports.pop3s;
  const result = await cli([
    'accounts',
    'add',
    '--name',
    name,
    '--direction',
    'inbound',
    '--protocol',
    protocol,
    '--preset',
    'office365',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--ca-file',
    pki.caFile,
    '--username',
    user,
    '--client-id',
    TEST_CLIENTS.msDesktop.clientId,
    '--tenant-id',
    'contoso',
    '--oauth-authority',
    server.microsoftAuthority,
    '--oauth-loopback',
    '--no-oauth-browser',
  ]);
  assert.equal(result.code, 0, result.stderr);
}

/** `drobot oauth authorize NAME --no-browser`, the user consenting at the address it prints. */
async function authorize(name: string, user: string): Promise<void> {
  let consent: Promise<unknown> | undefined;
  const result = await cli(['oauth', 'authorize', name, '--no-browser'], (line) => {
    if (line.startsWith('http://') && !consent) consent = consentAsUser(line.trim(), { login: user });
  });
  await consent;
  assert.equal(result.code, 0, result.stderr);
  await remember();
}

async function connectionTest(name: string): Promise<{ code: number; report: ReportView }> {
  const result = await cli(['accounts', 'test', name, '--json']);
  return { code: result.code, report: jsonOf<ReportView>(result) };
}

function step(report: ReportView, name: string): StepView {
  const found = report.steps.find((s) => s.name === name);
  assert.ok(found, `no step ${name} in ${JSON.stringify(report.steps.map((s) => s.name))}`);
  return found;
}

const ALL_STEPS = ['token', 'dns', 'tcp', 'tls', 'greeting', 'capabilities', 'auth', 'mailbox'];

function assertPassed(code: number, report: ReportView): void {
  assert.equal(report.ok, true, `${JSON.stringify(report, null, 1)}\n${dovecot.log().slice(-2000)}`);
  assert.equal(code, 0);
  assert.deepEqual(
    report.steps.map((s) => [s.name, s.status]),
    ALL_STEPS.map((s) => [s, 'ok']),
  );
  assert.match(JSON.stringify(step(report, 'auth')), /XOAUTH2|OAUTHBEARER/);
}

describe('drobot accounts test with OAuth 2.0 against Dovecot', () => {
  it('passes every step of an Office 365 IMAP account, logging in with an OAuth mechanism', async () => {
    server.setAccessTokenTtl(3600);
    await addAccount('desk', 'imap', IMAP_USER);
    await authorize('desk', IMAP_USER);
    const { code, report } = await connectionTest('desk');
    assertPassed(code, report);
    assert.equal(report.account, 'desk');
    assert.equal(step(report, 'token').data?.refreshed, false);
    assert.equal(step(report, 'token').detail, 'Token de acceso obtenido.');
  });

  it('passes every step of an Office 365 POP3 account', async () => {
    server.setAccessTokenTtl(3600);
    await addAccount('popdesk', 'pop3', POP3_USER);
    await authorize('popdesk', POP3_USER);
    const { code, report } = await connectionTest('popdesk');
    assertPassed(code, report);
  });

  it('refreshes an expired access token in the token step and still passes', async () => {
    // Tokens that live less than the refresh margin are stale at once: the next use refreshes them.
    server.setAccessTokenTtl(1);
    await authorize('desk', IMAP_USER);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    server.setAccessTokenTtl(3600);
    const refreshesBefore = server.grants.refresh_token ?? 0;
    const { code, report } = await connectionTest('desk');
    await remember();
    assertPassed(code, report);
    assert.equal((server.grants.refresh_token ?? 0) - refreshesBefore, 1);
    const token = step(report, 'token');
    assert.equal(token.data?.refreshed, true, JSON.stringify(token));
    assert.match(token.detail, /renov/i);
  });

  it('fails at the token step once the grant was revoked, and the account needs authorizing again', async () => {
    server.setAccessTokenTtl(2);
    await authorize('desk', IMAP_USER);
    server.setAccessTokenTtl(3600);
    await server.revokeUser(IMAP_USER);
    const { code, report } = await connectionTest('desk');
    assert.equal(code, 1);
    assert.equal(report.ok, false);
    assert.equal(report.failedStep, 'token');
    const token = step(report, 'token');
    assert.equal(token.status, 'failed');
    assert.equal(token.error?.code, 'oauth_authorization_required');
    assert.match(token.error?.message ?? '', /«desk» necesita autorizarse de nuevo/);
    assert.match(token.error?.hint ?? '', /drobot oauth authorize desk/);
    assert.ok(report.steps.slice(1).every((s) => s.status === 'skipped'));
    const shown = jsonOf<{ state: string }>(await cli(['accounts', 'show', 'desk', '--json']));
    assert.equal(shown.state, 'authorization_required');
    // The text report names the failure and the hint as well.
    const text = await cli(['accounts', 'test', 'desk']);
    assert.equal(text.code, 1);
    assert.match(text.stdout + text.stderr, /Sugerencia: .*drobot oauth authorize desk/);
  });

  it('never shows an access or refresh token in CLI output, the log or the database', async () => {
    await remember();
    assert.ok(tokens.size >= 6, `only ${tokens.size} tokens seen`);
    const log = fs.readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8');
    assert.match(log, /connection test/);
    const dump = await dumpStore(store);
    const output = outputs.join('\n');
    for (const token of tokens) {
      assertNoLeak(output, token, 'CLI output');
      assertNoLeak(log, token, 'the log');
      assertNoLeak(dump, token, 'the database');
    }
  });
});
