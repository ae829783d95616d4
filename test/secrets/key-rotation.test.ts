import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountView } from '../../src/accounts/account.view.js';
import { keyRingRepository } from '../../src/secrets/key-ring.repository.js';
import type { KeysReport } from '../../src/secrets/key-status.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import type { RotationResult } from '../../src/secrets/key-rotation.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import { CLI_ENTRY, jsonOf, runCli, type CliOptions } from '../support/cli.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';

const fromSource = import.meta.url.endsWith('.ts');
const TOKEN = 'key-rotation-token-0123456789';

interface Serving {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the real `drobot serve` (no scheduled fetch) and waits until it listens. */
function startServe(env: Record<string, string>): Promise<Serving> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [...(fromSource ? ['--import', 'tsx'] : []), CLI_ENTRY, 'serve', '--port', '0'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          DROBOT_FETCH: 'off',
          DROBOT_LANG: 'en',
          DROBOT_ADMIN_TOKEN: TOKEN,
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const found = /listening on (http:\/\/[^\s]+?) \(/.exec(stderr);
      if (found?.[1]) {
        resolve({
          url: found[1],
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`serve exited (${String(code)}): ${stderr}`)));
  });
}

async function api(
  serving: Serving,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; json: <T>() => T; text: string }> {
  const res = await fetch(`${serving.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: <T>() => JSON.parse(text) as T };
}

const accountInput = (name: string, password: string) => ({
  name,
  direction: 'inbound',
  protocol: 'pop3',
  preset: 'domain',
  host: 'pop.example.org',
  username: `${name}@example.org`,
  password,
  security: 'implicit',
});

for (const dialect of DIALECTS) {
  describe(`master key rotation while other processes run (${dialect})`, () => {
    let store: TestStore;
    const passwords = new Map<string, string>();
    const cli = (args: string[], env: Record<string, string> = {}, input = '') =>
      runCli(args, { env: { ...store.env, DROBOT_LANG: 'en', ...env }, input, timeoutMs: 120_000 });
    const keysFile = () => path.join(store.dataDir, 'keys.json');
    const fileKeys = () =>
      JSON.parse(fs.readFileSync(keysFile(), 'utf8')) as { current: string; keys: Record<string, string> };

    /** Every stored password, decrypted as a freshly started process would, with the key file only. */
    async function readAll(): Promise<Map<string, string | undefined>> {
      const database = await store.open();
      try {
        const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
        const rows = await database.db.selectFrom('accounts').select(['id', 'name']).execute();
        const out = new Map<string, string | undefined>();
        for (const row of rows) {
          out.set(row.name, await secrets.get(database.db, { kind: 'account', id: row.id }, 'password'));
        }
        return out;
      } finally {
        await database.close();
      }
    }

    before(async () => {
      store = await createTestStore(dialect);
    });
    after(() => store.drop());

    it('a running server picks up a rotation done by another process; nothing it writes is lost', async () => {
      let serving = await startServe(store.env);
      try {
        const first = await api(serving, 'POST', '/api/accounts', accountInput('before', 'pw-before-1'));
        assert.equal(first.status, 201, first.text);
        passwords.set('before', 'pw-before-1');
        const oldKey = fileKeys().current;

        const rotated = await cli(['keys', 'rotate', '--json']);
        assert.equal(rotated.code, 0, rotated.stderr);
        const result = jsonOf<RotationResult>(rotated);
        assert.equal(result.previousKeyId, oldKey);
        assert.deepEqual(result.dropped, [oldKey], 'the retired key left the key file: no secret uses it');
        assert.deepEqual(Object.keys(fileKeys().keys), [result.keyId]);

        // The server still holds the retired key in memory: it must not encrypt with it.
        const during = await api(serving, 'POST', '/api/accounts', accountInput('after', 'pw-after-2'));
        assert.equal(during.status, 201, during.text);
        passwords.set('after', 'pw-after-2');
        const edited = await api(serving, 'PATCH', '/api/accounts/before', { password: 'pw-before-3' });
        assert.equal(edited.status, 200, edited.text);
        passwords.set('before', 'pw-before-3');
        const listed = await api(serving, 'GET', '/api/accounts');
        for (const a of listed.json<AccountView[]>()) assert.equal(a.state, 'ready', a.name);

        const status = jsonOf<KeysReport>(await cli(['keys', 'status', '--json']));
        assert.equal(status.currentKeyId, result.keyId);
        // Two passwords and the notification threading key, all under the current key.
        assert.deepEqual(
          status.keys.map((k) => [k.keyId, k.state, k.secrets, k.held]),
          [
            [result.keyId, 'current', 3, true],
            [oldKey, 'retired', 0, false],
          ],
        );
        assert.equal(status.unreadableSecrets, 0);
      } finally {
        await serving.stop();
      }
      // After a restart every password written before, during and after the rotation is readable.
      assert.deepEqual(await readAll(), passwords);
      serving = await startServe(store.env);
      try {
        const listed = await api(serving, 'GET', '/api/accounts');
        assert.deepEqual(
          listed.json<AccountView[]>().map((a) => [a.name, a.state]),
          [
            ['after', 'ready'],
            ['before', 'ready'],
          ],
        );
      } finally {
        await serving.stop();
      }
    });

    it('writes racing with rotations in other processes all stay readable', async () => {
      const serving = await startServe(store.env);
      try {
        const writes = (async () => {
          for (let i = 0; i < 12; i++) {
            const password = `pw-race-${i}-${crypto.randomBytes(4).toString('hex')}`;
            const name = `race${i % 3}`;
            const res = passwords.has(name)
              ? await api(serving, 'PATCH', `/api/accounts/${name}`, { password })
              : await api(serving, 'POST', '/api/accounts', accountInput(name, password));
            assert.ok(res.status === 200 || res.status === 201, res.text);
            passwords.set(name, password);
          }
        })();
        // Two rotations at once, and a third after them, while the server writes.
        const [a, b] = await Promise.all([
          cli(['keys', 'rotate', '--json']),
          cli(['keys', 'rotate', '--json']),
        ]);
        const c = await cli(['keys', 'rotate', '--json']);
        await writes;
        for (const run of [a, b, c]) assert.equal(run.code, 0, run.stderr);
        const [ra, rb, rc] = [a, b, c].map((r) => jsonOf<RotationResult>(r));
        assert.ok(ra && rb && rc);
        // The two concurrent rotations ran one after the other: one retired the other's key.
        assert.ok(ra.previousKeyId === rb.keyId || rb.previousKeyId === ra.keyId, 'serialized');
        assert.ok(rc.previousKeyId === ra.keyId || rc.previousKeyId === rb.keyId);
        assert.deepEqual(Object.keys(fileKeys().keys), [rc.keyId]);
      } finally {
        await serving.stop();
      }
      assert.deepEqual(await readAll(), passwords);
      const database = await store.open();
      try {
        const ring = await keyRingRepository.all(database.db);
        assert.equal(ring.filter((r) => r.state === 'current').length, 1);
        assert.deepEqual([...(await keyRingRepository.usage(database.db)).keys()], [fileKeys().current]);
      } finally {
        await database.close();
      }
    });

    it('a process without the current key shows the account unreadable, names it, and saves nothing', async () => {
      // Another host whose key file was not updated: only a retired key.
      const stale = crypto.randomBytes(32).toString('base64');
      const env = { DROBOT_MASTER_KEY: stale };
      const list = await cli(['accounts', 'list', '--json'], env);
      assert.equal(list.code, 0, list.stderr);
      for (const a of jsonOf<AccountView[]>(list)) assert.equal(a.state, 'secret_unreadable', a.name);
      assert.match(
        list.stderr,
        /The account "before" cannot use its secret "password": it was encrypted with key/,
      );
      const show = await cli(['accounts', 'show', 'after'], env);
      assert.match(show.stdout, /Secret unreadable \(Password: key \w+ not held\)/);
      assert.match(show.stderr, /The account "after" cannot use its secret/);

      const create = await cli(
        [
          'accounts',
          'add',
          '--name',
          'stale',
          '--direction',
          'inbound',
          '--protocol',
          'pop3',
          '--preset',
          'domain',
          '--host',
          'pop.example.org',
          '--username',
          'x@example.org',
          '--password-stdin',
        ],
        env,
        'pw-stale\n',
      );
      assert.notEqual(create.code, 0);
      assert.match(
        create.stderr,
        /The current master key, \w+ \(the database decides it\), is not in DROBOT_MASTER_KEY/,
      );
      const names = jsonOf<AccountView[]>(await cli(['accounts', 'list', '--json'])).map((a) => a.name);
      assert.equal(names.includes('stale'), false, 'nothing was saved');
      assert.deepEqual(await readAll(), passwords);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`master key rotation with DROBOT_MASTER_KEY (${dialect})`, () => {
    let store: TestStore;
    const OLD = crypto.randomBytes(32).toString('base64');
    const NEW = crypto.randomBytes(32).toString('base64');
    const cli = (args: string[], masterKey: string, input = '', more: CliOptions = {}) =>
      runCli(args, {
        env: { ...store.env, DROBOT_LANG: 'en', DROBOT_MASTER_KEY: masterKey },
        input,
        timeoutMs: 120_000,
        ...more,
      });

    before(async () => {
      store = await createTestStore(dialect);
    });
    after(() => store.drop());

    it('rotates to the prepared key listed with the old one, even in a database from before the key ring', async () => {
      const added = await cli(
        [
          'accounts',
          'add',
          '--name',
          'env-pop',
          '--direction',
          'inbound',
          '--protocol',
          'pop3',
          '--preset',
          'domain',
          '--host',
          'pop.example.org',
          '--username',
          'env@example.org',
          '--password-stdin',
          '--json',
        ],
        OLD,
        'pw-env-1\n',
      );
      assert.equal(added.code, 0, added.stderr);
      const id = jsonOf<AccountView>(added).id;
      // As an installation upgraded from before the key ring: secrets, but no record of the current key.
      const database = await store.open();
      try {
        await database.db.deleteFrom('key_ring').execute();
      } finally {
        await database.close();
      }
      // The new key is listed first on every process; the old one still decrypts.
      const both = `${NEW},${OLD}`;
      const rotated = await cli(['keys', 'rotate', '--json'], both);
      assert.equal(rotated.code, 0, rotated.stderr);
      const result = jsonOf<RotationResult>(rotated);
      const newId = loadKeyring({ masterKey: NEW, dataDir: store.dataDir }).current.id;
      const oldId = loadKeyring({ masterKey: OLD, dataDir: store.dataDir }).current.id;
      assert.deepEqual(
        [result.previousKeyId, result.keyId],
        [oldId, newId],
        'the key the database had never used became current',
      );
      // The log tells how many secrets were re-encrypted (not masked as if the count were a secret).
      const logged = fs
        .readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"master key rotated"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        logged.map((l) => [l.previousKeyId, l.keyId, l.count]),
        [[oldId, newId, result.reencrypted]],
      );
      assert.ok(result.reencrypted > 0);
      const status = jsonOf<KeysReport>(await cli(['keys', 'status', '--json'], NEW));
      assert.deepEqual(
        status.keys.map((k) => [k.keyId, k.state, k.held, k.secrets > 0]),
        [
          [newId, 'current', true, true],
          [oldId, 'retired', false, false],
        ],
      );
      // The old key can go: every process with only the new key reads every secret.
      const list = jsonOf<AccountView[]>(await cli(['accounts', 'list', '--json'], NEW));
      assert.deepEqual(
        list.map((a) => a.state),
        ['ready'],
      );
      const reopened = await store.open();
      try {
        const secrets = new SecretStore(loadKeyring({ masterKey: NEW, dataDir: store.dataDir }));
        assert.equal(await secrets.get(reopened.db, { kind: 'account', id }, 'password'), 'pw-env-1');
      } finally {
        await reopened.close();
      }
    });

    it('with no new key listed, refuses to make one and changes nothing, wherever its output goes', async () => {
      const newId = loadKeyring({ masterKey: NEW, dataDir: store.dataDir }).current.id;
      const before = jsonOf<KeysReport>(await cli(['keys', 'status', '--json'], NEW));
      const full = fs.openSync('/dev/full', 'w');
      try {
        // A key shown only on an output that fails (a full disk, a reader gone) would be lost with every secret.
        const runs = [
          await cli(['keys', 'rotate'], NEW, '', { stdout: full }),
          await cli(['keys', 'rotate'], NEW, '', { stdout: 'closed' }),
          await cli(['keys', 'rotate', '--json'], `${NEW},${OLD}`),
          await cli(['keys', 'rotate'], NEW, '', {
            env: { ...store.env, DROBOT_LANG: 'es', DROBOT_MASTER_KEY: NEW },
          }),
        ];
        for (const run of runs.slice(0, 3)) {
          assert.equal(run.code, 2, run.stderr);
          assert.match(run.stderr, /The master key cannot be rotated: DROBOT_MASTER_KEY holds no new key/);
          assert.match(run.stderr, new RegExp(`the current one is ${newId}`));
          assert.match(run.stderr, /openssl rand -base64 32/);
        }
        const spanish = runs[3];
        assert.ok(spanish);
        assert.notEqual(spanish.code, 0);
        assert.match(
          spanish.stderr,
          /No se puede rotar la clave maestra: DROBOT_MASTER_KEY no trae ninguna clave nueva/,
        );
        assert.match(spanish.stderr, /No se ha modificado nada/);
        for (const run of runs) assert.equal(run.stdout, '', 'no key is printed');
      } finally {
        fs.closeSync(full);
      }
      const after = jsonOf<KeysReport>(await cli(['keys', 'status', '--json'], NEW));
      assert.deepEqual(after, before, 'no key was made, no secret moved');
      assert.equal(after.unreadableSecrets, 0);
      assert.equal(after.currentKeyId, newId);
      const list = jsonOf<AccountView[]>(await cli(['accounts', 'list', '--json'], NEW));
      assert.deepEqual(
        list.map((a) => a.state),
        ['ready'],
      );
    });
  });
}
