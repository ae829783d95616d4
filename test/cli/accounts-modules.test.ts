import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MODULES_ENTRY, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { createModuleLog, loadedOf, type ModuleLog } from '../support/module-log.js';

/** What listing or showing accounts never needs: composing and sending mail, reading a mailbox, parsing one. */
const NEVER_ON_ACCOUNTS = [
  '/src/transports/mime/outgoing-mail.',
  '/node_modules/nodemailer/',
  '/node_modules/imapflow/',
  '/node_modules/mailparser/',
  '/node_modules/iconv-lite/',
  '/node_modules/pg/',
];

describe('modules an accounts command loads', () => {
  let store: TestStore;
  let modules: ModuleLog;
  before(async () => {
    store = await createTestStore('sqlite');
    modules = createModuleLog();
  });
  after(async () => {
    await store?.drop();
    modules?.remove();
  });

  test('accounts list and show load the account code, not the mail composer nor any protocol library', async () => {
    const added = await runCli(
      [
        ...['accounts', 'add', '--name', 'salida', '--direction', 'outbound', '--protocol', 'smtp'],
        ...['--preset', 'domain', '--host', '127.0.0.1', '--port', '2525', '--security', 'none'],
        ...['--no-smtp-auth', '--from', 'soporte@helpdesk.test'],
      ],
      { env: store.env },
    );
    assert.equal(added.code, 0, added.stderr);
    for (const args of [
      ['accounts', 'list'],
      ['accounts', 'show', 'salida'],
    ]) {
      const result = await runCli(args, { env: { ...store.env, ...modules.env() }, entry: MODULES_ENTRY });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /salida/);
      const loaded = modules.loaded();
      // The hook saw the command's own modules (the account code and the query builder it uses).
      assert.deepEqual(loadedOf(loaded, ['/src/cli/commands/accounts.', '/node_modules/kysely/']), [
        '/src/cli/commands/accounts.',
        '/node_modules/kysely/',
      ]);
      assert.deepEqual(loadedOf(loaded, NEVER_ON_ACCOUNTS), [], args.join(' '));
    }
  });
});
