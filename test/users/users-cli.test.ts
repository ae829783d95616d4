import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ENTRY, jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { assertNoLeak, dumpStore } from '../support/store-dump.js';

const fromSource = import.meta.url.endsWith('.ts');
const PASSWORD = 'una-contraseña-larga';

/** Starts the real `drobot serve` and resolves with the setup address and its file (then stops it later). */
function serveUntilSetup(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [...(fromSource ? ['--import', 'tsx'] : []), CLI_ENTRY, 'serve', '--port', '0'],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DROBOT_FETCH: 'off', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  let found = false;
  const address = new Promise<{ file: string; url: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no setup address:\n${stderr}`)), 120_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // Its output is no terminal (a service's journal, say): it names the owner-only file, not the address.
      const file = /(?:está en|is in) (\S+\/setup-address),/.exec(stderr)?.[1];
      if (file && !found) {
        found = true;
        clearTimeout(timer);
        resolve({ file, url: fs.readFileSync(file, 'utf8').trim() });
      }
    });
    child.on('exit', () => reject(new Error(`serve ended:\n${stderr}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { address, stop, stderr: () => stderr };
}

describe('drobot users and the first-run setup address', () => {
  let store: TestStore;
  const env = () => ({
    ...store.env,
    DROBOT_ADMIN_TOKEN: 'users-cli-token-0123456789',
    DROBOT_LOG_LEVEL: 'silent',
  });

  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(() => store.drop());

  it('serve shows the setup address on a terminal only', async () => {
    // `script` gives serve a terminal; `timeout` ends it, the address once seen.
    const command = [
      process.execPath,
      ...(fromSource ? ['--import', 'tsx'] : []),
      CLI_ENTRY,
      'serve',
      '--port',
      '0',
    ]
      .map((word) => `'${word}'`)
      .join(' ');
    const child = spawn('script', ['-qec', `timeout 60 ${command}`, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DROBOT_FETCH: 'off', ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let terminal = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no setup address:\n${terminal}`)), 120_000);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        terminal += chunk;
        if (/\/setup#[A-Za-z0-9_-]{20,}\s/.test(terminal)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`serve ended:\n${terminal}`)));
    });
    process.kill(-(child.pid ?? 0), 'SIGTERM');
    assert.match(
      terminal,
      /Todavía no hay usuarios\. Cree el primer administrador en esta dirección \(de un solo uso, caduca en 60 minutos\): http:\/\/127\.0\.0\.1:\d+\/setup#/,
    );
  });

  it('serve keeps the single-use setup address in an owner-only file, never in its output, and it creates the first admin', async () => {
    const serve = serveUntilSetup(env());
    const file = path.join(store.env.DROBOT_DATA_DIR ?? '', 'setup-address');
    try {
      const address = await serve.address;
      assert.equal(address.file, file);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.match(
        serve.stderr(),
        /Todavía no hay usuarios\. La dirección que crea el primer administrador \(de un solo uso, caduca en 60 minutos\) está en \S+\/setup-address, legible solo por su dueño; o créelo con drobot users add NOMBRE --role admin\./,
      );
      assert.doesNotMatch(serve.stderr(), /setup#/, 'the address is not in the output');
      assert.doesNotMatch(serve.stderr(), new RegExp(new URL(address.url).hash.slice(1)));
      const url = new URL(address.url);
      const token = url.hash.slice(1);
      const setup = (name: string) =>
        fetch(new URL('/api/setup', url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token, name, password: PASSWORD }),
        });
      const first = await setup('jefa');
      assert.equal(first.status, 200, await first.clone().text());
      assert.match(first.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
      assert.equal((await setup('otra')).status, 403, 'the address works once');
      assert.equal(fs.existsSync(file), false, 'the file goes once the first administrator exists');
    } finally {
      await serve.stop();
    }
    const log = await runCli(['users', 'list', '--json'], { env: env() });
    assert.deepEqual(
      jsonOf<{ name: string; role: string }[]>(log).map((u) => [u.name, u.role]),
      [['jefa', 'admin']],
    );
  });

  it('adds, lists, sets a password and removes users; passwords come from stdin, never back', async () => {
    // A setup address a start left behind (its first user made with the CLI, say) goes with the next user.
    const setupFile = path.join(store.env.DROBOT_DATA_DIR ?? '', 'setup-address');
    fs.writeFileSync(setupFile, 'http://127.0.0.1:1/setup#old\n', { mode: 0o600 });
    const added = await runCli(['users', 'add', 'Luis', '--role', 'agent', '--password-stdin', '--json'], {
      env: env(),
      input: `${PASSWORD}\nignored second line\n`,
    });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /Usuario «luis» creado con el rol agente\./);
    assert.equal(fs.existsSync(setupFile), false);
    const list = await runCli(['users', 'list', '--json'], { env: env() });
    const users = jsonOf<{ name: string; role: string }[]>(list);
    assert.deepEqual(
      users.map((u) => [u.name, u.role]),
      [
        ['jefa', 'admin'],
        ['luis', 'agent'],
      ],
    );
    // The role in the reader's language; --json above keeps its key.
    const human = await runCli(['users', 'list'], { env: { ...env(), DROBOT_LANG: 'en' } });
    assert.match(human.stdout, /^NAME\s+ROLE\s+CREATED\njefa\s+administrator\s.*\nluis\s+agent\s/);
    const spanish = await runCli(['users', 'list'], { env: env() });
    assert.match(spanish.stdout, /^NOMBRE\s+ROL\s+CREADO\njefa\s+administrador\s.*\nluis\s+agente\s/);

    const dup = await runCli(['users', 'add', 'LUIS', '--password-stdin'], {
      env: env(),
      input: `${PASSWORD}\n`,
    });
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /Ya existe el usuario «luis»/);
    const weak = await runCli(['users', 'add', 'eva', '--password-stdin'], { env: env(), input: 'corta\n' });
    assert.equal(weak.code, 2);
    assert.match(weak.stderr, /al menos 10 caracteres/);
    const badRole = await runCli(['users', 'add', 'eva', '--role', 'root'], {
      env: env(),
      input: `${PASSWORD}\n`,
    });
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /El rol «root» no es válido/);
    const empty = await runCli(['users', 'add', 'eva'], { env: { ...env(), DROBOT_LANG: 'en' }, input: '' });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /The password is missing/);

    const set = await runCli(['users', 'set-password', 'luis'], {
      env: env(),
      input: 'otra-contraseña-larga\n',
    });
    assert.equal(set.code, 0, set.stderr);
    const lastAdmin = await runCli(['users', 'remove', 'jefa'], { env: env() });
    assert.equal(lastAdmin.code, 2);
    assert.match(lastAdmin.stderr, /único administrador/);
    const removed = await runCli(['users', 'remove', 'luis'], { env: env() });
    assert.equal(removed.code, 0, removed.stderr);
    const missing = await runCli(['users', 'remove', 'luis'], { env: env() });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No existe el usuario «luis»/);

    const everything = [added, list, human, dup, weak, set].map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of [PASSWORD, 'otra-contraseña-larga']) {
      assertNoLeak(everything, secret, 'the output');
      assertNoLeak(await dumpStore(store), secret, 'the database');
    }
    assert.doesNotMatch(everything, /scrypt\$/);
  });
});
