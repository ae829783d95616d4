import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as corpus from '../support/corpus.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startScriptedImap, type ScriptedImapServer } from '../support/scripted-imap-mailbox.js';

interface Status {
  readonly waitingDownloads: ReadonlyArray<{ uid: string; attempts: number }>;
}

describe('fetch --status: the mails the server failed to deliver, and why, in the reader’s language', () => {
  let store: TestStore;
  let server: ScriptedImapServer;

  before(async () => {
    store = await createTestStore('sqlite');
    // The second mail drips a byte at a time: DRobot gives up on it and tries it again on a later run.
    server = await startScriptedImap({
      mails: [
        { uid: 1, body: corpus.plainMail({ subject: 'uno' }) },
        { uid: 2, body: corpus.plainMail({ subject: 'gota' }), dripMs: 300 },
      ],
    });
  });
  after(async () => {
    await server?.stop();
    await store?.drop();
  });
  const cli = (args: string[], lang: 'es' | 'en' = 'es', input?: string) =>
    runCli(args, { env: { ...store.env, DROBOT_LANG: lang }, ...(input ? { input } : {}) });

  test('a mail waiting for its next download says its last error in Spanish and in English', async () => {
    const added = await cli(
      [
        'accounts',
        'add',
        '--name',
        'mesa',
        '--direction',
        'inbound',
        '--protocol',
        'imap',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        String(server.port),
        '--security',
        'none',
        '--username',
        'u@example.org',
        '--password-stdin',
        '--timeout-ms',
        '1000',
        '--first-run',
        'all',
      ],
      'es',
      'pw\n',
    );
    assert.equal(added.code, 0, added.stderr);
    const run = await cli(['fetch', 'mesa', '--once']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /1 correo\(s\) que el servidor no pudo entregar se reintentarán/);

    const es = await cli(['fetch', 'mesa', '--status']);
    assert.equal(es.code, 0, es.stderr);
    assert.match(
      es.stdout,
      /^ {2}Correo 2: 1 descarga\(s\) fallida\(s\), próximo intento \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d; último error: el servidor se detuvo: \d+ bytes en \d+ s$/m,
    );
    const en = await cli(['fetch', 'mesa', '--status'], 'en');
    assert.match(
      en.stdout,
      /^ {2}Mail 2: 1 failed download\(s\), next attempt \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d; last error: the server stalled: \d+ bytes in \d+ s$/m,
    );
    const json = jsonOf<Status>(await cli(['fetch', 'mesa', '--status', '--json']));
    assert.deepEqual(
      json.waitingDownloads.map((w) => [w.uid, w.attempts]),
      [['2', 1]],
    );
  });
});
