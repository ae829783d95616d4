import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { listenError } from '../../src/server/listen.js';
import { CLI_ENTRY, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { assertNoLeak } from '../support/store-dump.js';

const fromSource = import.meta.url.endsWith('.ts');

interface ServeRun {
  readonly code: number | null;
  readonly stderr: string;
  /** Whether it got as far as listening (then it was stopped with SIGTERM). */
  readonly listened: boolean;
}

/** Runs the real `drobot serve` until it listens (then stops it) or exits on its own. */
function serve(args: readonly string[], env: Record<string, string>): Promise<ServeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(fromSource ? ['--import', 'tsx'] : []), CLI_ENTRY, 'serve', ...args],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DROBOT_FETCH: 'off', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let listened = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!listened && /(escuchando en|listening on) http:/.test(stderr)) {
        listened = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, listened });
    });
  });
}

async function occupiedPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const TOKEN = 'serve-cli-token-0123456789';

describe('drobot serve: where it listens, and what it says when it cannot', () => {
  let store: TestStore;
  let busy: { port: number; close(): Promise<void> };
  const env = () => ({ ...store.env, DROBOT_ADMIN_TOKEN: TOKEN });

  before(async () => {
    store = await createTestStore('sqlite');
    busy = await occupiedPort();
  });
  after(async () => {
    await busy.close();
    await store.drop();
  });

  it('refuses a port out of range naming --port or DROBOT_PORT, in Spanish and English', async () => {
    for (const value of ['99999', 'abc']) {
      const run = await serve(['--port', value], env());
      assert.equal(run.listened, false);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`El puerto «${value}» de --port no es válido`));
      assert.doesNotMatch(run.stderr, /Error interno/);
    }
    const english = await serve(['--port', '99999'], { ...env(), DROBOT_LANG: 'en' });
    assert.match(
      english.stderr,
      /The port "99999" of --port is not valid: it must be a number from 0 to 65535/,
    );
    const fromEnv = await serve([], { ...env(), DROBOT_PORT: '99999' });
    assert.equal(fromEnv.code, 2);
    assert.match(fromEnv.stderr, /DROBOT_PORT/);
  });

  it('says which address and port are taken, and what to do', async () => {
    const run = await serve(['--port', String(busy.port)], env());
    assert.equal(run.listened, false);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(`No se puede escuchar en 127\\.0\\.0\\.1:${busy.port}: ese puerto ya está en uso`),
    );
    assert.match(run.stderr, /--port o DROBOT_PORT/);
    assert.doesNotMatch(run.stderr, /Error interno/);
    const english = await serve(['--port', String(busy.port)], { ...env(), DROBOT_LANG: 'en' });
    assert.match(english.stderr, /that port is already in use/);
    assert.match(english.stderr, /--port or DROBOT_PORT/);
  });

  it('warns before listening beyond loopback over plain HTTP', async () => {
    // Both fail to bind (a port in use, an address of no interface here): nothing is exposed by the test.
    const all = await serve(['--host', '0.0.0.0', '--port', String(busy.port)], env());
    assert.match(
      all.stderr,
      /AVISO: la API escucha en 0\.0\.0\.0, alcanzable desde la red, por HTTP sin cifrar/,
    );
    assert.match(all.stderr, /proxy inverso con TLS/);
    assert.match(all.stderr, /DROBOT_PUBLIC_URL/);
    assert.match(all.stderr, /ya está en uso/);
    const remote = await serve(['--host', '192.0.2.1', '--port', '0'], { ...env(), DROBOT_LANG: 'en' });
    assert.match(
      remote.stderr,
      /WARNING: the API listens on 192\.0\.2\.1, reachable from the network, over plain HTTP/,
    );
    assert.match(remote.stderr, /Cannot listen on 192\.0\.2\.1:0: that address is not one of this machine/);
    assert.equal(remote.code, 1);
    const loopback = await serve(['--host', '127.0.0.1', '--port', '0'], env());
    assert.equal(loopback.listened, true, loopback.stderr);
    assert.doesNotMatch(loopback.stderr, /AVISO/);
  });

  it('names the cause of a refused address (EACCES)', () => {
    const error = listenError(Object.assign(new Error('listen EACCES'), { code: 'EACCES' }), {
      host: '127.0.0.1',
      port: 80,
    }) as { code: string; message: string };
    assert.equal(error.code, 'address_denied');
    assert.match(error.message, /Cannot listen on 127\.0\.0\.1:80: permission denied/);
  });

  it('refuses a DROBOT_PUBLIC_URL that is not a bare http(s) origin', async () => {
    for (const value of [
      'desk.example.org',
      'https://desk.example.org/console',
      'ftp://desk.example.org',
      'https://admin:pw@desk.example.org',
      'https://desk.example.org?x',
      'https://desk.example.org#',
    ]) {
      assert.throws(() => loadConfig({ DROBOT_PUBLIC_URL: value }), /DROBOT_PUBLIC_URL/, value);
    }
    assert.equal(
      loadConfig({ DROBOT_PUBLIC_URL: 'HTTPS://Desk.Example.org:443/' }).publicUrl,
      'https://desk.example.org',
    );
    const run = await serve(['--port', '0'], {
      ...env(),
      DROBOT_PUBLIC_URL: 'https://desk.example.org/console',
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /DROBOT_PUBLIC_URL no es válida: debe ser un origen como https:\/\/desk\.example\.org/,
    );
    const good = await serve(['--port', '0'], { ...env(), DROBOT_PUBLIC_URL: 'https://desk.example.org/' });
    assert.equal(good.listened, true, good.stderr);
  });
});

describe('drobot serve: a failure after it listens ends it', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(() => store.drop());

  it('exits with the error, without leaving the API listening, when its threading key cannot be read', async () => {
    const key = () => crypto.randomBytes(32).toString('base64');
    const [oldKey, newKey] = [key(), key()];
    const env = (masterKey: string) => ({
      ...store.env,
      DROBOT_MASTER_KEY: masterKey,
      DROBOT_ADMIN_TOKEN: TOKEN,
    });
    // A first start makes the threading key (a secret); a rotation puts it under a key this process lacks.
    assert.equal((await serve(['--port', '0'], env(oldKey))).listened, true);
    const rotated = await runCli(['keys', 'rotate'], { env: env(`${newKey},${oldKey}`) });
    assert.equal(rotated.code, 0, rotated.stderr);
    const started = Date.now();
    const run = await serve(['--port', '0'], { ...env(oldKey), DROBOT_LANG: 'en' });
    assert.equal(run.listened, false);
    assert.notEqual(run.code, 0, run.stderr);
    assert.equal(run.code !== null, true, 'it ended on its own, not killed');
    assert.match(run.stderr, /threading_key/);
    assert.ok(Date.now() - started < 60_000, 'it ended at once');
  });
});

describe('the token file and the data directory are private', () => {
  let store: TestStore;
  let tokenFile: string;

  before(async () => {
    store = await createTestStore('sqlite');
    tokenFile = path.join(store.dataDir, 'admin.token');
  });
  after(() => store.drop());

  it('makes an owner-only token file at first start and serves with it', async () => {
    const run = await serve(['--port', '0'], store.env);
    assert.equal(run.listened, true, run.stderr);
    assert.equal(fs.statSync(tokenFile).mode & 0o777, 0o600);
    assertNoLeak(run.stderr, fs.readFileSync(tokenFile, 'utf8').trim(), 'the server output');
  });

  it('refuses a token file others can read, saying to chmod 600 it', async () => {
    fs.chmodSync(tokenFile, 0o644);
    const run = await serve(['--port', '0'], store.env);
    assert.equal(run.listened, false, 'the API did not start');
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `Otros usuarios pueden leer o cambiar el archivo del token de administrador ${tokenFile} \\(permisos 0644\\)`,
      ),
    );
    assert.match(run.stderr, new RegExp(`chmod 600 ${tokenFile}`));
    fs.chmodSync(tokenFile, 0o640);
    const english = await serve(['--port', '0'], { ...store.env, DROBOT_LANG: 'en' });
    assert.equal(english.listened, false, 'group-readable is refused too');
    assert.match(
      english.stderr,
      /Other users can read or change the admin token file .* \(mode 0640\); it must be 0600/,
    );
    assert.match(english.stderr, /Run "chmod 600 /);
    // Writable by the group without being readable: changed by another user all the same.
    fs.chmodSync(tokenFile, 0o620);
    const writable = await serve(['--port', '0'], { ...store.env, DROBOT_LANG: 'en' });
    assert.equal(writable.listened, false);
    assert.match(writable.stderr, /can read or change .* \(mode 0620\)/);
  });

  it('refuses a token file too short to be a secret', async () => {
    fs.writeFileSync(tokenFile, 'abc\n');
    fs.chmodSync(tokenFile, 0o600);
    const run = await serve(['--port', '0'], store.env);
    assert.equal(run.listened, false);
    assert.match(run.stderr, /tiene menos de 16 caracteres/);
    fs.rmSync(tokenFile);
  });

  it('tightens a data directory open to others at start, and says so once', async () => {
    fs.chmodSync(store.dataDir, 0o755);
    const first = await runCli(['accounts', 'list'], { env: store.env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(fs.statSync(store.dataDir).mode & 0o777, 0o700);
    assert.match(
      first.stderr,
      new RegExp(
        `el directorio de datos ${store.dataDir} era accesible para otros usuarios \\(permisos 0755\\)`,
      ),
    );
    const log = fs.readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8');
    assert.match(log, /data directory permissions tightened/);
    const second = await runCli(['accounts', 'list'], { env: store.env });
    assert.doesNotMatch(second.stderr, /directorio de datos/);
  });
});
