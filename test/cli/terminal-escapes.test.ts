import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CaseService } from '../../src/cases/case.service.js';
import { visible } from '../../src/i18n/visible.js';
import { inTransaction, type Database } from '../../src/storage/database.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { pop3Script, startHostileServer, type HostileServer } from '../support/hostile-server.js';

// What an attacker puts in a subject or a greeting: set the window title, clear the screen, recolour,
// move the cursor back over a line, and reverse the text's direction.
const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const RED = '\u001b[31m';
const HOSTILE = `Impresora ${TITLE}${CLEAR}${RED}rota\r\u009b1A\u202eok`;

/** True when the text holds a character a terminal would act on instead of showing. */
function hasRawControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u.test(text);
}

describe('terminal escapes from mail and servers are rendered visibly', () => {
  let store: TestStore;
  let database: Database;
  let hostile: HostileServer;

  before(async () => {
    store = await createTestStore('sqlite');
    database = await store.open();
    hostile = await startHostileServer(
      pop3Script(
        { PASS: (p) => p.write(`-ERR ${RED}denied${TITLE}\r\n`) },
        `+OK ${TITLE}${CLEAR}hostile POP3\r\n`,
      ),
    );
  });
  after(async () => {
    await database?.close();
    await store?.drop();
    await hostile?.stop();
  });

  const cli = (args: string[], input?: string) =>
    runCli(args, { env: { ...store.env, DROBOT_LANG: 'en' }, ...(input ? { input } : {}) });

  test('visible(): \\xNN for controls, \\u{…} for bidi marks; line feeds and tabs stay', () => {
    assert.equal(visible('a\u001b[31mb'), 'a\\x1b[31mb');
    assert.equal(visible('x\u0007\u0000\u007f'), 'x\\x07\\x00\\x7f');
    assert.equal(visible('a\u009bb\u202ec'), 'a\\x9bb\\u{202e}c');
    assert.equal(visible('one\r\ntwo\tthree\rfour'), 'one\ntwo\tthree\\x0dfour');
    assert.equal(visible('Teléfono ñandú — ok ✓'), 'Teléfono ñandú — ok ✓');
    assert.equal(hasRawControl(visible(HOSTILE)), false);
  });

  test('cases list and cases show: a hostile subject and sender reach the terminal visibly', async () => {
    const cases = new CaseService(database);
    await inTransaction(database, (trx) =>
      cases.openCase(trx, {
        subject: HOSTILE,
        requester: { address: 'ana@example.test', name: `Ana ${CLEAR}` },
        sourceAccountId: null,
        message: {
          direction: 'in',
          classification: 'normal',
          from: { address: 'ana@example.test', name: `Ana ${CLEAR}` },
          to: [{ address: 'soporte@example.test' }],
          cc: [],
          subject: HOSTILE,
          sentAt: '2026-01-02T10:00:00.000Z',
          messageId: '<esc@example.test>',
          inReplyTo: null,
          references: [],
          text: `Body ${TITLE} text`,
          textReply: `Body ${TITLE} text`,
          html: null,
          rawHash: null,
          attachments: [],
        },
      }),
    );
    for (const args of [
      ['cases', 'list'],
      ['cases', 'show', '1'],
    ]) {
      const shown = await cli(args);
      assert.equal(shown.code, 0, shown.stderr);
      assert.equal(hasRawControl(shown.stdout), false, JSON.stringify(shown.stdout));
      assert.match(
        shown.stdout,
        /Impresora \\x1b\]0;pwned\\x07\\x1b\[2J\\x1b\[H\\x1b\[31mrota\\x0d\\x9b1A\\u\{202e\}ok/,
      );
    }
    const json = await cli(['cases', 'show', '1', '--json']);
    assert.equal(jsonOf<{ case: { subject: string } }>(json).case.subject, HOSTILE, 'JSON keeps the text');
    assert.ok(json.stdout.includes('\\u001b]0;pwned\\u0007'), 'escaped by JSON');
    assert.ok(json.stdout.includes('\\u009b1A\\u202eok'), 'C1 and bidi marks escaped too');
    assert.equal(hasRawControl(json.stdout.replace(/\n/g, '')), false);
  });

  test('accounts test and fetch: a hostile greeting and reply reach the terminal visibly', async () => {
    const added = await cli(
      [
        'accounts',
        'add',
        '--name',
        'hostil',
        '--direction',
        'inbound',
        '--protocol',
        'pop3',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        String(hostile.port),
        '--security',
        'none',
        '--username',
        'u',
        '--password-stdin',
      ],
      'clave-de-prueba\n',
    );
    assert.equal(added.code, 0, added.stderr);
    const tested = await cli(['accounts', 'test', 'hostil']);
    assert.equal(tested.code, 1, tested.stdout);
    const shown = tested.stdout + tested.stderr;
    assert.equal(hasRawControl(shown), false, JSON.stringify(shown));
    assert.match(shown, /\\x1b\]0;pwned\\x07\\x1b\[2J\\x1b\[Hhostile POP3/, 'the greeting is shown, visibly');
    assert.match(shown, /\\x1b\[31mdenied\\x1b\]0;pwned\\x07/, 'the reply is shown, visibly');

    const fetched = await cli(['fetch', 'hostil', '--once']);
    assert.equal(fetched.code, 1);
    const said = fetched.stdout + fetched.stderr;
    assert.equal(hasRawControl(said), false, JSON.stringify(said));
    assert.match(said, /\\x1b\[31mdenied/);
  });
});
