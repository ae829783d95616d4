import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as corpus from '../support/corpus.js';
import { MODULES_ENTRY, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createModuleLog, loadedOf, type ModuleLog } from '../support/module-log.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const USER = 'modules@helpdesk.test';
const PASSWORD = 'secreto-modulos';

/** What building cases needs and intake never does: the MIME parser, the HTML parser, the charsets. */
const CASE_BUILDING = [
  '/src/inbound/parse/mail.parser.',
  '/node_modules/mailparser/',
  '/node_modules/htmlparser2/',
  '/node_modules/iconv-lite/',
];
/**
 * What no fetch on SQLite without a proxy needs: the connection test, sending, PostgreSQL, SOCKS, and the
 * sanitizing library of the remote-image view (mail HTML is sanitized on htmlparser2 directly).
 */
const NEVER_ON_FETCH = [
  '/src/diagnostics/',
  '/node_modules/sanitize-html/',
  '/node_modules/postcss/',
  // The sending side of nodemailer (the MIME parser uses its address parser only).
  '/node_modules/nodemailer/dist/esm/smtp-',
  '/node_modules/nodemailer/dist/esm/mail-composer/',
  '/node_modules/pg/',
  '/node_modules/socks/',
  '/node_modules/cli-progress/',
  // The REST APIs' sinks and Node's HTTP (the browser consent's listener, the APIs' client).
  '/src/transports/graph/graph.sink.',
  '/src/transports/gmail/gmail.sink.',
  'node:http',
];

interface Summary {
  readonly received: number;
  readonly newCases: number;
  readonly error: string | null;
}

describe('modules a fetch loads', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;
  let store: TestStore;
  let modules: ModuleLog;

  before(async () => {
    pki = createTestPki();
    dovecot = await startDovecot({ pki, users: [{ user: USER, password: PASSWORD }] });
    store = await createTestStore('sqlite');
    modules = createModuleLog();
  });
  after(async () => {
    await store?.drop();
    await dovecot?.stop();
    modules?.remove();
  });

  /** Runs `drobot fetch` and returns its summary with the modules it loaded. */
  const fetchLogged = async (...flags: string[]) => {
    const env = { ...store.env, ...modules.env() };
    const result = await runCli(['fetch', 'mesa', '--once', '--json', ...flags], {
      env,
      entry: MODULES_ENTRY,
    });
    assert.equal(result.code, 0, result.stderr);
    return { summary: JSON.parse(result.stdout) as Summary, loaded: modules.loaded() };
  };

  test('intake alone loads no case-building library; building a case loads them', async () => {
    const added = await runCli(
      [
        'accounts',
        'add',
        '--name',
        'mesa',
        '--direction',
        'inbound',
        '--protocol',
        'pop3',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.ports.pop3s),
        '--security',
        'implicit',
        '--username',
        USER,
        '--password-stdin',
        '--ca-file',
        pki.caFile,
        '--first-run',
        'all',
      ],
      { env: store.env, input: `${PASSWORD}\n` },
    );
    assert.equal(added.code, 0, added.stderr);

    const empty = await fetchLogged('--no-wait');
    assert.equal(empty.summary.error, null);
    // The hook sees modules loaded on demand too: the POP3 adapter is one, and the query builder is loaded.
    assert.deepEqual(loadedOf(empty.loaded, ['/src/transports/pop3/pop3.source.', '/node_modules/kysely/']), [
      '/src/transports/pop3/pop3.source.',
      '/node_modules/kysely/',
    ]);
    assert.deepEqual(loadedOf(empty.loaded, [...CASE_BUILDING, ...NEVER_ON_FETCH]), []);

    dovecot.deliver(USER, corpus.spanishUtf8Mail({ subject: 'Impresora sin tóner' }));
    const intake = await fetchLogged('--no-wait');
    assert.deepEqual([intake.summary.received, intake.summary.newCases, intake.summary.error], [1, 0, null]);
    assert.deepEqual(loadedOf(intake.loaded, [...CASE_BUILDING, ...NEVER_ON_FETCH]), []);

    // Waiting, the run builds the mail taken in above: now the parser and its libraries are loaded.
    const built = await fetchLogged();
    assert.deepEqual([built.summary.newCases, built.summary.error], [1, null]);
    assert.deepEqual(loadedOf(built.loaded, CASE_BUILDING), CASE_BUILDING);
    assert.deepEqual(loadedOf(built.loaded, NEVER_ON_FETCH), []);
  });
});
