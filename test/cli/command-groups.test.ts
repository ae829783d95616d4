import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildsCasesAtOnce, COMMAND_GROUPS, groupsFor } from '../../src/cli/command-groups.js';
import { BUNDLE_ENTRY, MODULES_ENTRY, runCli } from '../support/cli.js';
import { createModuleLog, loadedOf } from '../support/module-log.js';

const argv = (...words: string[]) => ['node', 'drobot', ...words];

describe('commands loaded on demand', () => {
  test('a command line loads its own group, accounts with notify, and help or unknown words all', () => {
    assert.deepEqual(groupsFor(argv('--version')), []);
    assert.deepEqual(groupsFor(argv('-V')), []);
    assert.deepEqual(groupsFor(argv('fetch', 'bench', '--once')), ['fetch']);
    assert.deepEqual(groupsFor(argv('accounts', 'roundtrip')), ['accounts', 'notify']);
    assert.deepEqual(groupsFor(argv('--data-dir', '/srv/drobot', 'fetch')), ['fetch']);
    assert.deepEqual(groupsFor(argv('--data-dir=/srv/drobot', 'cases', 'list')), ['cases']);
    assert.deepEqual(groupsFor(argv()), COMMAND_GROUPS);
    assert.deepEqual(groupsFor(argv('--help')), COMMAND_GROUPS);
    assert.deepEqual(groupsFor(argv('help', 'fetch')), COMMAND_GROUPS);
    assert.deepEqual(groupsFor(argv('fetc')), COMMAND_GROUPS);
    assert.deepEqual(groupsFor(argv('constructor')), COMMAND_GROUPS);
  });

  test('a one-off fetch that builds cases is told from every other command line', () => {
    assert.equal(buildsCasesAtOnce(argv('fetch', 'mesa', '--once')), true);
    assert.equal(buildsCasesAtOnce(argv('--data-dir', '/srv/d', 'fetch', 'mesa', '--once', '--json')), true);
    assert.equal(buildsCasesAtOnce(argv('--data-dir=/srv/d', 'fetch', '--once', 'mesa')), true);
    assert.equal(buildsCasesAtOnce(argv('fetch', 'mesa')), false, 'polling: mail may never come');
    assert.equal(buildsCasesAtOnce(argv('fetch', 'mesa', '--once', '--no-wait')), false);
    assert.equal(buildsCasesAtOnce(argv('fetch', 'mesa', '--once', '--status')), false);
    assert.equal(buildsCasesAtOnce(argv('fetch', '--once', '--help')), false);
    assert.equal(buildsCasesAtOnce(argv('--data-dir', 'fetch', 'cases', 'list', '--once')), false);
    assert.equal(buildsCasesAtOnce(argv('serve')), false);
  });

  test('the CLI still prints its version, lists every group in help, and names an unknown command', async () => {
    const env = { DROBOT_LANG: 'en' };
    const version = await runCli(['--version'], { env });
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), '0.1.0');
    const help = await runCli(['--help'], { env });
    assert.equal(help.code, 0);
    const listed = [...help.stdout.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]).filter((w) => w !== 'help');
    assert.deepEqual(listed, [...COMMAND_GROUPS]);
    const accounts = await runCli(['accounts', '--help'], { env });
    assert.match(accounts.stdout, /^ {2}roundtrip /m);
    const unknown = await runCli(['fetc'], { env });
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /Unknown command/);
  });

  test('the version loads neither the configuration nor its schema library', async () => {
    const modules = createModuleLog();
    try {
      const version = await runCli(['--version'], {
        env: { DROBOT_LANG: 'en', ...modules.env() },
        entry: MODULES_ENTRY,
      });
      assert.equal(version.stdout.trim(), '0.1.0');
      // The hook sees the command line's own modules, so an empty answer below is not a silent hook.
      assert.deepEqual(loadedOf(modules.loaded(), ['/src/cli/main.', '/node_modules/commander/']), [
        '/src/cli/main.',
        '/node_modules/commander/',
      ]);
      assert.deepEqual(loadedOf(modules.loaded(), ['/src/config/config.', '/node_modules/zod/']), []);
    } finally {
      modules.remove();
    }
  });

  test("sending with nothing queued loads neither Node's HTTP and TLS nor the REST APIs' sinks", async () => {
    const modules = createModuleLog();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-send-modules-'));
    try {
      const sent = await runCli(['outbox', 'send', '--json'], {
        env: { DROBOT_LANG: 'en', DROBOT_DATA_DIR: dataDir, ...modules.env() },
        entry: MODULES_ENTRY,
      });
      assert.equal(sent.code, 0, sent.stderr);
      const loaded = modules.loaded();
      // The outbox's own modules are seen: an empty answer below is not a silent hook.
      assert.deepEqual(loadedOf(loaded, ['/src/notifications/outbox.worker.', '/src/transports/registry.']), [
        '/src/notifications/outbox.worker.',
        '/src/transports/registry.',
      ]);
      assert.deepEqual(
        loadedOf(loaded, [
          'node:http',
          'node:tls',
          '/src/transports/graph/graph.sink.',
          '/src/transports/gmail/gmail.sink.',
        ]),
        [],
      );
    } finally {
      modules.remove();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('the shipped command reads a few bundled files where its modules are hundreds', async () => {
    const modules = createModuleLog();
    try {
      const filesRead = async (entry: string) => {
        const help = await runCli(['fetch', '--help'], {
          env: { DROBOT_LANG: 'en', ...modules.env() },
          entry,
        });
        assert.equal(help.code, 0, help.stderr);
        assert.match(help.stdout, /--once/);
        return modules.loaded().filter((url) => url.startsWith('file:'));
      };
      const bundled = await filesRead(BUNDLE_ENTRY);
      const separate = await filesRead(MODULES_ENTRY);
      assert.ok(bundled.some((url) => url.endsWith('/bin/drobot.js')));
      // The libraries of many small modules are inside the bundle, not read from node_modules.
      assert.deepEqual(
        loadedOf(bundled, ['/node_modules/kysely/', '/node_modules/zod/', '/node_modules/commander/']),
        [],
      );
      assert.ok(
        bundled.length * 5 < separate.length,
        `the bundle read ${bundled.length} files, its modules ${separate.length}`,
      );
    } finally {
      modules.remove();
    }
  });
});
