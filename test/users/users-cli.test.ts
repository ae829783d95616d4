import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI_ENTRY, jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { assertNoLeak, dumpStore } from '../support/store-dump.js';

const fromSource = import.meta.url.endsWith('.ts');
const PASSWORD = 'una-contraseña-larga';

/** Starts the real `drobot serve` and resolves with the setup address it prints (then stops it later). */
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
  const address = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no setup address:\n${stderr}`)), 120_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const found = /(http:\/\/127\.0\.0\.1:\d+\/setup#[A-Za-z0-9_-]+)/.exec(stderr)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
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

  it('serve prints a single-use setup address while no user exists, and it creates the first admin', async () => {
    const serve = serveUntilSetup(env());
    try {
      const address = await serve.address;
      assert.match(
        serve.stderr(),
        /Todavía no hay usuarios\. Cree el primer administrador en esta dirección \(de un solo uso, caduca en 60 minutos\)/,
      );
      const url = new URL(address);
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
    const added = await runCli(['users', 'add', 'Luis', '--role', 'agent', '--password-stdin', '--json'], {
      env: env(),
      input: `${PASSWORD}\nignored second line\n`,
    });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /Usuario «luis» creado con el rol agente\./);
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
