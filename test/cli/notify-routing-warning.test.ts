import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

const NONE_ENABLED = {
  es: /^Atención: ya no queda ninguna cuenta de salida activada \(([^)]*)\); las notificaciones esperarán sin enviarse hasta que active una \(drobot accounts enable NOMBRE\)\.$/,
  en: /^Warning: no outbound account is enabled any more \(([^)]*)\); notifications will wait unsent until one is enabled \(drobot accounts enable NAME\)\.$/,
};
const WARNING = {
  es: /^Atención: las notificaciones ya no tienen cuenta de salida por defecto.*DROBOT_NOTIFY_ACCOUNT/,
  en: /^Warning: notifications no longer have a default outbound account.*DROBOT_NOTIFY_ACCOUNT/,
};

describe('accounts add|enable|edit warn when notifications are left without a default account', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store?.drop();
  });

  function cli(args: string[], lang: 'es' | 'en', env: Record<string, string> = {}) {
    return runCli(args, { env: { ...store.env, DROBOT_LANG: lang, ...env } });
  }
  const addOutbound = (
    name: string,
    lang: 'es' | 'en',
    extra: string[] = [],
    env: Record<string, string> = {},
  ) =>
    cli(
      [
        ...['accounts', 'add', '--name', name, '--direction', 'outbound', '--protocol', 'smtp'],
        ...['--preset', 'domain', '--host', 'mail.example.test', '--security', 'none', '--no-smtp-auth'],
        ...['--from', `${name}@example.test`, ...extra],
      ],
      lang,
      env,
    );
  const lines = (stderr: string) => stderr.split('\n').filter((line) => line !== '');
  const warnings = (stderr: string) =>
    lines(stderr).filter((line) => WARNING.es.test(line) || WARNING.en.test(line));

  test('the first outbound account is the default: no warning', async () => {
    const added = await addOutbound('avisos', 'es');
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(warnings(added.stderr), []);
  });

  test('a second one: the success line, then one warning naming the variable and the accounts (es)', async () => {
    const added = await addOutbound('alarmas', 'es', ['--json']);
    assert.equal(added.code, 0, added.stderr);
    const said = lines(added.stderr);
    assert.equal(warnings(added.stderr).length, 1, added.stderr);
    assert.match(said.at(-1) ?? '', WARNING.es);
    assert.match(said.at(-1) ?? '', /avisos/);
    assert.match(said.at(-1) ?? '', /alarmas/);
    assert.ok(said.length >= 2, 'the usual success line comes first');
    assert.doesNotMatch(said[0] ?? '', WARNING.es);
    // --json: stdout is the account as before, nothing more.
    const view = JSON.parse(added.stdout) as { name: string; warnings?: unknown };
    assert.equal(view.name, 'alarmas');
    assert.equal(view.warnings, undefined);
  });

  test('disable says nothing; enable again warns (en)', async () => {
    const disabled = await cli(['accounts', 'disable', 'alarmas'], 'en');
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.deepEqual(warnings(disabled.stderr), []);
    const enabled = await cli(['accounts', 'enable', 'alarmas'], 'en');
    assert.equal(enabled.code, 0, enabled.stderr);
    assert.equal(warnings(enabled.stderr).length, 1, enabled.stderr);
    assert.match(lines(enabled.stderr).at(-1) ?? '', WARNING.en);
  });

  test('edit --enable warns; an edit that changes nothing about it does not', async () => {
    assert.equal((await cli(['accounts', 'disable', 'alarmas'], 'es')).code, 0);
    const edited = await cli(['accounts', 'edit', 'alarmas', '--enable'], 'es');
    assert.equal(edited.code, 0, edited.stderr);
    assert.equal(warnings(edited.stderr).length, 1, edited.stderr);
    assert.match(lines(edited.stderr).at(-1) ?? '', WARNING.es);
    const again = await cli(['accounts', 'edit', 'alarmas', '--timeout-ms', '5000'], 'en');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(warnings(again.stderr), []);
  });

  test('no warning when DROBOT_NOTIFY_ACCOUNT names the default', async () => {
    const added = await addOutbound('tercera', 'en', [], { DROBOT_NOTIFY_ACCOUNT: 'avisos' });
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(warnings(added.stderr), []);
  });

  test('disabling the account DROBOT_NOTIFY_ACCOUNT or DROBOT_NOTIFY_ACCOUNTS names warns (es, en)', async () => {
    const named = await cli(['accounts', 'disable', 'avisos'], 'es', { DROBOT_NOTIFY_ACCOUNT: 'avisos' });
    assert.equal(named.code, 0, named.stderr);
    assert.match(
      lines(named.stderr).at(-1) ?? '',
      /^Atención: DROBOT_NOTIFY_ACCOUNT nombra «avisos», que está desactivada: las notificaciones esperan sin enviarse\./,
    );
    assert.equal(
      (await cli(['accounts', 'enable', 'avisos'], 'es', { DROBOT_NOTIFY_ACCOUNT: 'avisos' })).code,
      0,
    );
    const routed = { DROBOT_NOTIFY_ACCOUNT: 'avisos', DROBOT_NOTIFY_ACCOUNTS: 'alarm=alarmas' };
    const typed = await cli(['accounts', 'disable', 'alarmas'], 'en', routed);
    assert.equal(typed.code, 0, typed.stderr);
    assert.match(
      lines(typed.stderr).at(-1) ?? '',
      /^Warning: DROBOT_NOTIFY_ACCOUNTS sends "Alarm" \(alarm\) notifications through "alarmas", which is disabled: they wait unsent\./,
    );
    assert.equal((await cli(['accounts', 'enable', 'alarmas'], 'en', routed)).code, 0);
    const typedEs = await cli(['accounts', 'disable', 'alarmas'], 'es', routed);
    assert.equal(typedEs.code, 0, typedEs.stderr);
    assert.match(
      lines(typedEs.stderr).at(-1) ?? '',
      /^Atención: DROBOT_NOTIFY_ACCOUNTS envía las notificaciones «Alarma» \(alarm\) por «alarmas», que está desactivada: esperan sin enviarse\./,
    );
    const enabled = await cli(['accounts', 'enable', 'alarmas'], 'en', routed);
    assert.doesNotMatch(enabled.stderr, /Warning/);
  });

  test('disabling the last enabled outbound account warns that none is left; so does removing one (es, en)', async () => {
    const noneLeft = (stderr: string, lang: 'es' | 'en') =>
      lines(stderr).flatMap((line) => NONE_ENABLED[lang].exec(line)?.[1] ?? []);
    for (const name of ['tercera', 'alarmas']) {
      const disabled = await cli(['accounts', 'disable', name], 'es');
      assert.equal(disabled.code, 0, disabled.stderr);
      assert.deepEqual(noneLeft(disabled.stderr, 'es'), [], 'others are still enabled');
    }
    const last = await cli(['accounts', 'disable', 'avisos'], 'es');
    assert.equal(last.code, 0, last.stderr);
    assert.deepEqual(noneLeft(last.stderr, 'es'), ['alarmas, avisos, tercera']);
    const again = await cli(['accounts', 'disable', 'avisos'], 'es');
    assert.deepEqual(noneLeft(again.stderr, 'es'), [], 'said once, when it happens');
    assert.equal((await cli(['accounts', 'enable', 'avisos'], 'en')).code, 0);
    const removed = await cli(['accounts', 'remove', 'avisos'], 'en');
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(noneLeft(removed.stderr, 'en'), ['alarmas, tercera']);
  });
});
