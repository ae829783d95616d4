import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

/**
 * `drobot notify` without `--account`, when no outbound account is chosen for the type: the refusal names
 * the type as the console does, in the reader's language, with the key DROBOT_NOTIFY_ACCOUNTS takes beside it.
 */
describe('drobot notify names the notification type it has no account for', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store?.drop();
  });

  const cli = (args: string[], lang: 'es' | 'en') =>
    runCli(args, { env: { ...store.env, DROBOT_LANG: lang } });
  const addOutbound = (name: string) =>
    cli(
      [
        ...['accounts', 'add', '--name', name, '--direction', 'outbound', '--protocol', 'smtp'],
        ...['--preset', 'domain', '--host', 'mail.example.test', '--security', 'none', '--no-smtp-auth'],
        ...['--from', `${name}@example.test`],
      ],
      'es',
    );
  const notify = (lang: 'es' | 'en') =>
    cli(
      [
        ...['notify', 'case-created', '--to', 'ana@example.test'],
        ...['--data', JSON.stringify({ caseId: 1, caseSubject: 'Impresora', requesterName: 'Ana' })],
      ],
      lang,
    );

  test('no outbound account: the type by its label and its key (es, en)', async () => {
    const es = await notify('es');
    assert.notEqual(es.code, 0);
    assert.match(es.stderr, /para las notificaciones «Caso creado» \(case-created\)\./);
    const en = await notify('en');
    assert.notEqual(en.code, 0);
    assert.match(en.stderr, /for "Case created" \(case-created\) notifications\./);
  });

  test('several outbound accounts and none chosen: the same, with the accounts (es, en)', async () => {
    for (const name of ['avisos', 'alarmas']) {
      const added = await addOutbound(name);
      assert.equal(added.code, 0, added.stderr);
    }
    const es = await notify('es');
    assert.notEqual(es.code, 0);
    assert.match(
      es.stderr,
      /Hay varias cuentas de salida activadas \(alarmas, avisos\) y ninguna elegida para las notificaciones «Caso creado» \(case-created\)\./,
    );
    assert.match(es.stderr, /DROBOT_NOTIFY_ACCOUNTS/);
    const en = await notify('en');
    assert.notEqual(en.code, 0);
    assert.match(
      en.stderr,
      /Several outbound accounts are enabled \(alarmas, avisos\) and none is chosen for "Case created" \(case-created\) notifications\./,
    );
    assert.doesNotMatch(en.stderr, /Caso creado/);
  });
});
