import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI_ENTRY, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

const fromSource = import.meta.url.endsWith('.ts');

/** Runs the real `drobot serve` until it says where it listens (then stops it); its stderr. */
function serveUntilListening(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(fromSource ? ['--import', 'tsx'] : []), CLI_ENTRY, 'serve', '--port', '0'],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DROBOT_FETCH: 'off', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (/(escuchando en|listening on) http:/.test(stderr)) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(stderr);
    });
  });
}

const TOKEN = 'serve-routing-token-0123456789';
const WARNED = /notifications have no outbound account to go by/;

describe('drobot serve warns at start when notifications have no outbound account to go by', () => {
  let store: TestStore;
  const env = (extra: Record<string, string> = {}) => ({ ...store.env, DROBOT_ADMIN_TOKEN: TOKEN, ...extra });
  const addOutbound = async (name: string) => {
    const added = await runCli(
      [
        ...['accounts', 'add', '--name', name, '--direction', 'outbound', '--protocol', 'smtp'],
        ...['--preset', 'domain', '--host', 'mail.example.test', '--security', 'none', '--no-smtp-auth'],
        ...['--from', `${name}@example.test`],
      ],
      { env: env() },
    );
    assert.equal(added.code, 0, added.stderr);
  };

  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store.drop();
  });

  it('one outbound account: no warning; two and no DROBOT_NOTIFY_ACCOUNT: one, naming them (es, en)', async () => {
    await addOutbound('avisos');
    assert.doesNotMatch(await serveUntilListening(env()), WARNED);

    await addOutbound('alarmas');
    const es = await serveUntilListening(env({ DROBOT_LANG: 'es' }));
    const warned = es.split('\n').filter((line) => WARNED.test(line));
    assert.equal(warned.length, 1, es);
    assert.match(warned[0] ?? '', /avisos/);
    assert.match(warned[0] ?? '', /alarmas/);
    assert.match(
      warned[0] ?? '',
      /Ponga DROBOT_NOTIFY_ACCOUNT con el nombre de una de ellas y reinicie DRobot/,
    );
    const en = await serveUntilListening(env({ DROBOT_LANG: 'en' }));
    assert.match(en, /Set DROBOT_NOTIFY_ACCOUNT to the name of one of them and restart DRobot/);

    assert.doesNotMatch(await serveUntilListening(env({ DROBOT_NOTIFY_ACCOUNT: 'avisos' })), WARNED);
  });

  it('a DROBOT_NOTIFY_ACCOUNT that names no outbound account', async () => {
    const stderr = await serveUntilListening(env({ DROBOT_NOTIFY_ACCOUNT: 'avisso', DROBOT_LANG: 'en' }));
    assert.match(stderr, WARNED);
    assert.match(stderr, /avisso\\?", which is not an outbound account/);
  });
});
