import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

/** A fresh place for a data directory that does not exist yet. */
function freshDataDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-config-cli-')), 'data');
}

describe('the configuration as the command checks it', () => {
  const made: string[] = [];
  const dataDir = () => {
    const dir = freshDataDir();
    made.push(path.dirname(dir));
    return dir;
  };
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a malformed DROBOT_MASTER_KEY with the other bad variables, having made nothing', async () => {
    const dir = dataDir();
    const run = await runCli(['accounts', 'list'], {
      env: { DROBOT_DATA_DIR: dir, DROBOT_MASTER_KEY: '=abc', DROBOT_PORT: 'x' },
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /Configuración no válida:\n {2}- DROBOT_MASTER_KEY no es válida: debe ser una o varias claves en base64 de 32 bytes, separadas por comas\n {2}- DROBOT_PORT no es válida/,
    );
    assert.equal(fs.existsSync(dir), false, 'no data directory nor database was made');

    const alone = await runCli(['accounts', 'list'], {
      env: { DROBOT_DATA_DIR: dir, DROBOT_LANG: 'en', DROBOT_MASTER_KEY: '=abc' },
    });
    assert.equal(alone.code, 2, alone.stderr);
    assert.match(alone.stderr, /Invalid configuration:\n {2}- DROBOT_MASTER_KEY is not valid/);
    assert.equal(fs.existsSync(dir), false);
  });

  it('refuses a missing DROBOT_TEMPLATES_DIR at start, naming it, on any command', async () => {
    for (const args of [
      ['outbox', 'list'],
      ['notify', 'alarm', '--to', 'a@example.org', '--data', '{}'],
    ]) {
      const dir = dataDir();
      const run = await runCli(args, { env: { DROBOT_DATA_DIR: dir, DROBOT_TEMPLATES_DIR: '/nonexistent' } });
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        /Configuración no válida:\n {2}- DROBOT_TEMPLATES_DIR no es válida: \/nonexistent no existe/,
      );
      assert.doesNotMatch(run.stderr, /Error interno|ENOENT/);
      assert.equal(fs.existsSync(dir), false, args.join(' '));
    }
  });

  it('reports every bad variable in one message, in the reader language, having made nothing', async () => {
    const dir = dataDir();
    const env = {
      DROBOT_DATA_DIR: dir,
      DROBOT_MASTER_KEY: '=abc',
      DROBOT_PORT: ' ',
      DROBOT_OAUTH_GOOGLE_AUTHORITY: 'ftp://accounts.example.org',
      DROBOT_TEMPLATES_DIR: '/nonexistent',
      DROBOT_ACK_WINDOW_SECONDS: '-1',
      DROBOT_NOTIFY_STATUSES: 'abierto',
      DROBOT_NOTIFY_ACCOUNTS: 'bogus=avisos',
    };
    const run = await runCli(['serve'], { env });
    assert.equal(run.code, 2, run.stderr);
    const named = [...run.stderr.matchAll(/^ {2}- (\S+) no es válida: /gm)].map((m) => m[1]);
    assert.deepEqual(named, [
      'DROBOT_MASTER_KEY',
      'DROBOT_PORT',
      'DROBOT_OAUTH_GOOGLE_AUTHORITY',
      'DROBOT_ACK_WINDOW_SECONDS',
      'DROBOT_NOTIFY_STATUSES',
      'DROBOT_TEMPLATES_DIR',
      'DROBOT_NOTIFY_ACCOUNTS',
    ]);
    assert.equal(run.stderr.split('\n').filter((l) => l.startsWith('  - ')).length, named.length, run.stderr);
    assert.equal(fs.existsSync(dir), false);
    const english = await runCli(['serve'], { env: { ...env, DROBOT_LANG: 'en' } });
    assert.equal(english.code, 2);
    assert.equal([...english.stderr.matchAll(/^ {2}- DROBOT_\w+ is not valid: /gm)].length, named.length);
  });
});
