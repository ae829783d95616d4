import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KINDS } from '../support/account-kinds.js';
import { CLI_ENTRY, jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import {
  startOAuthServer,
  storeAsEarlierRelay,
  TEST_CLIENTS,
  type TestOAuthServer,
} from '../support/oauth-server.js';
import { consentAsUser, enterDeviceCode } from '../support/oauth-user.js';
import { assertNoLeak, dumpStore, storedOAuthTokens } from '../support/store-dump.js';

let server: TestOAuthServer;
let store: TestStore;
const outputs: string[] = [];

before(async () => {
  server = await startOAuthServer();
  store = await createTestStore('sqlite');
});
after(async () => {
  await store.drop();
  await server.close();
});

const env = () => ({
  ...store.env,
  DROBOT_OAUTH_MICROSOFT_AUTHORITY: server.microsoftAuthority,
  DROBOT_OAUTH_GOOGLE_AUTHORITY: server.googleAuthority,
});

async function cli(args: string[], input?: string): Promise<CliResult> {
  const result = await runCli(args, { env: env(), input });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Runs `drobot` and hands each stderr line to `onLine` while it runs (to act on the URL it prints). */
function cliInteractive(args: string[], onLine: (line: string) => void): Promise<CliResult> {
  const nodeArgs = CLI_ENTRY.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArgs, CLI_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DROBOT_LANG: 'es', ...env() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(onLine);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      outputs.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const storedTokens = () => storedOAuthTokens(store);

const addOffice365 = (name: string, extra: string[] = []) =>
  cli([
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
    '--username',
    `${name}@contoso.test`,
    '--client-id',
    TEST_CLIENTS.msDesktop.clientId,
    '--tenant-id',
    'contoso',
    '--oauth-loopback',
    '--oauth-browser',
    ...extra,
  ]);

describe('drobot oauth', () => {
  it('authorize --no-browser prints the address and waits for the browser to come back', async () => {
    assert.equal((await addOffice365('desk')).code, 0);
    let consent: Promise<unknown> | undefined;
    const result = await cliInteractive(['oauth', 'authorize', 'desk', '--no-browser'], (line) => {
      if (line.startsWith('http://') && !consent) {
        consent = consentAsUser(line.trim(), { login: 'desk@contoso.test' });
      }
    });
    await consent;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Abra esta dirección/);
    assert.match(result.stderr, /Cuenta «desk» autorizada \(outlook, desk@contoso\.test\)/);
    const status = jsonOf<{ state: string; tokens: { audience: string; email: string }[] }>(
      await cli(['oauth', 'status', 'desk', '--json']),
    );
    assert.equal(status.state, 'ready');
    assert.equal(status.tokens[0]?.email, 'desk@contoso.test');
  });

  it('authorize --device shows the code and URL and stores the tokens once the user signed in', async () => {
    assert.equal((await addOffice365('headless')).code, 0);
    let entered: Promise<unknown> | undefined;
    const result = await cliInteractive(['oauth', 'authorize', 'headless', '--device', '--json'], (line) => {
      const m = /abra (\S+) e introduzca el código (\S+)/.exec(line);
      if (m && !entered)
        entered = enterDeviceCode(m[1] ?? '', m[2] ?? '', { login: 'headless@contoso.test' });
    });
    await entered;
    assert.equal(result.code, 0, result.stderr);
    const out = jsonOf<{ tokens: { email: string; hasRefreshToken: boolean }[] }>(result);
    assert.equal(out.tokens[0]?.email, 'headless@contoso.test');
    assert.equal(out.tokens[0]?.hasRefreshToken, true);
  });

  it('explains a provider error with a hint and exit code 2', async () => {
    assert.equal((await addOffice365('wrongtenant', ['--tenant-id', 'fabrikam'])).code, 0);
    const result = await cli(['oauth', 'authorize', 'wrongtenant', '--device']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /El inquilino no existe \(AADSTS90002\)/);
    assert.match(result.stderr, /Sugerencia: Corrija el TenantID/);
  });

  it('authorize refuses an SMTP account without authentication, in either language, and changes nothing', async () => {
    for (const name of ['relevo', 'relevo-viejo']) {
      assert.equal((await cli(['accounts', 'add', '--name', name, ...KINDS.smtpOffice365.flags])).code, 0);
    }
    // As an earlier version stored one: the preset's app registration kept, waiting for an authorization.
    const database = await store.open();
    try {
      await storeAsEarlierRelay(database, 'relevo-viejo');
    } finally {
      await database.close();
    }
    const tokens = await storedTokens();
    for (const name of ['relevo', 'relevo-viejo']) {
      const shown = (await cli(['accounts', 'show', name, '--json'])).stdout;
      for (const [lang, said] of [
        [
          'es',
          new RegExp(
            `La cuenta «${name}» no inicia sesión: .*no necesita ninguna autorización OAuth\\. No se ha cambiado nada\\.`,
          ),
        ],
        [
          'en',
          new RegExp(
            `The account "${name}" does not sign in: .*needs no OAuth authorization\\. Nothing was changed\\.`,
          ),
        ],
      ] as const) {
        const args = ['oauth', 'authorize', name, '--no-browser', '--timeout', '2'];
        const result = await runCli(args, { env: { ...env(), DROBOT_LANG: lang } });
        outputs.push(result.stdout, result.stderr);
        assert.equal(result.code, 2, `${name} (${lang}): ${result.stderr}`);
        assert.match(result.stderr, said, name);
        assert.doesNotMatch(result.stderr, /https?:\/\//, `${name}: a consent address was given`);
      }
      assert.equal((await cli(['accounts', 'show', name, '--json'])).stdout, shown, `${name} changed`);
    }
    assert.deepEqual(await storedTokens(), tokens);
  });

  it('never shows a token in CLI output, exports, the log, or the database in clear', async () => {
    outputs.push((await cli(['accounts', 'export'])).stdout);
    outputs.push((await cli(['accounts', 'list', '--json'])).stdout);
    outputs.push((await cli(['accounts', 'show', 'desk', '--json'])).stdout);
    const tokens = await storedTokens();
    assert.ok(tokens.length >= 4);
    const log = fs.readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8');
    assert.match(log, /oauth tokens stored/);
    const dump = await dumpStore(store);
    for (const token of tokens) {
      assertNoLeak(outputs.join('\n'), token, 'CLI output');
      assertNoLeak(log, token, 'the log');
      assertNoLeak(dump, token, 'the database');
    }
  });
});
