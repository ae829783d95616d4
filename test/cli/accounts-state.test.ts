import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountView } from '../../src/accounts/account.view.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startServer, type RunningServer } from '../support/server.js';

describe('accounts enable|disable, and one state everywhere', () => {
  let store: TestStore;
  let server: RunningServer;

  before(async () => {
    store = await createTestStore('sqlite');
    for (const [name, direction, protocol, extra] of [
      ['buzon', 'inbound', 'imap', ['--folder', 'Soporte', '--after-fetch', 'seen']],
      ['avisos', 'outbound', 'smtp', ['--from', 'avisos@example.test']],
    ] as const) {
      const added = await cli(
        [
          'accounts',
          'add',
          '--name',
          name,
          '--direction',
          direction,
          '--protocol',
          protocol,
          '--preset',
          'domain',
          '--host',
          'mail.example.test',
          '--username',
          `${name}@example.test`,
          '--password-stdin',
          ...extra,
        ],
        'clave\n',
      );
      assert.equal(added.code, 0, added.stderr);
    }
    server = await startServer(store.env);
  });
  after(async () => {
    await server?.stop();
    await store?.drop();
  });

  function cli(args: string[], input?: string, lang: 'es' | 'en' = 'es') {
    return runCli(args, { env: { ...store.env, DROBOT_LANG: lang }, ...(input ? { input } : {}) });
  }

  const stateInList = async (name: string, lang: 'es' | 'en') => {
    const list = await cli(['accounts', 'list'], undefined, lang);
    const row = list.stdout.split('\n').find((line) => line.startsWith(`${name} `)) ?? '';
    return row;
  };
  const stateInShow = async (name: string, lang: 'es' | 'en') => {
    const shown = await cli(['accounts', 'show', name], undefined, lang);
    return (
      new RegExp(`^ {2}${lang === 'es' ? 'Estado' : 'State'}\\s+(.+)$`, 'm').exec(shown.stdout)?.[1] ?? ''
    );
  };

  test('drobot accounts disable|enable NAME; list and show say the same', async () => {
    // The console's words for the state, in the listing and in show.
    assert.equal(await stateInShow('buzon', 'es'), 'Correcta');
    assert.match(await stateInList('buzon', 'es'), /\bCorrecta\b/);

    const off = await cli(['accounts', 'disable', 'buzon']);
    assert.equal(off.code, 0, off.stderr);
    assert.match(off.stderr, /Cuenta «buzon» desactivada/);
    assert.equal(await stateInShow('buzon', 'es'), 'Desactivada');
    assert.match(await stateInList('buzon', 'es'), /\bDesactivada\b/);
    assert.equal(await stateInShow('buzon', 'en'), 'Disabled');
    assert.match(await stateInList('buzon', 'en'), /\bDisabled\b/);

    const fetch = await cli(['fetch', 'buzon', '--once']);
    assert.notEqual(fetch.code, 0);
    assert.match(fetch.stderr, /Habilítela: drobot accounts enable buzon/);

    const on = await cli(['accounts', 'enable', 'buzon', '--json']);
    assert.equal(on.code, 0, on.stderr);
    assert.equal(jsonOf<AccountView>(on).enabled, true);
    assert.equal(await stateInShow('buzon', 'es'), 'Correcta');
    const missing = await cli(['accounts', 'enable', 'nadie']);
    assert.equal(missing.code, 2);
  });

  test('POST /api/accounts/{ref}/disable and /enable', async () => {
    const off = await server.api('POST', '/api/accounts/avisos/disable', {});
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json<AccountView>().enabled, false);
    assert.equal(await stateInShow('avisos', 'en'), 'Disabled');
    const on = await server.api('POST', '/api/accounts/avisos/enable', {});
    assert.equal(on.json<AccountView>().enabled, true);
    assert.equal((await server.api('POST', '/api/accounts/nadie/enable', {})).status, 404);
  });

  test('accounts show: only the fields of the kind, grouped; no raw JSON', async () => {
    const inbound = (await cli(['accounts', 'show', 'buzon'], undefined, 'en')).stdout;
    assert.match(inbound, /^Account:\n {2}Account name\s+buzon/);
    assert.match(inbound, /^Fetching:$/m);
    assert.match(inbound, /^ {2}Folder\s+Soporte$/m);
    assert.match(inbound, /^ {2}After fetching a mail\s+Mark it read$/m);
    assert.match(inbound, /^ {2}Acknowledge new cases\s+yes$/m);
    assert.doesNotMatch(
      inbound,
      /Sender address|Mails per minute|Server requires|Client ID|OAuth|Leave a copy|\{"/,
    );
    const outbound = (await cli(['accounts', 'show', 'avisos'], undefined, 'en')).stdout;
    assert.match(outbound, /^Sending:\n {2}Sender address\s+avisos@example\.test/m);
    assert.match(outbound, /^ {2}Server requires user authentication\s+yes$/m);
    assert.doesNotMatch(
      outbound,
      /Folder|After fetching|Poll interval|First run|Client ID|OAuth|Acknowledg|\{"/,
    );
    // In Spanish, the same fields by their Spanish names.
    const spanish = (await cli(['accounts', 'show', 'buzon'], undefined, 'es')).stdout;
    assert.match(spanish, /^Recogida:$/m);
    assert.match(spanish, /^ {2}Carpeta\s+Soporte$/m);
    assert.match(spanish, /^ {2}Intervalo de consulta \(s\)\s+\d+$/m);
    assert.match(spanish, /^ {2}Acuse de recibo de los casos nuevos\s+sí$/m);
    assert.doesNotMatch(spanish, /pollIntervalSeconds|afterFetch|Poll interval/);
  });

  test("accounts show: a port left at 0 says which port that is, in the reader's language", async () => {
    // Both accounts were added without --port: 0, the protocol's port (IMAP with TLS, SMTP by security).
    const es = (await cli(['accounts', 'show', 'buzon'], undefined, 'es')).stdout;
    assert.match(es, /^ {2}Puerto del servidor\s+0 \(el del protocolo: 993\)$/m);
    const en = (await cli(['accounts', 'show', 'buzon'], undefined, 'en')).stdout;
    assert.match(en, /^ {2}Server port\s+0 \(the protocol's: 993\)$/m);
    const set = await cli(['accounts', 'edit', 'buzon', '--port', '1993']);
    assert.equal(set.code, 0, set.stderr);
    const shown = (await cli(['accounts', 'show', 'buzon'], undefined, 'en')).stdout;
    assert.match(shown, /^ {2}Server port\s+1993$/m);
    const back = await cli(['accounts', 'edit', 'buzon', '--port', '0']);
    assert.equal(back.code, 0, back.stderr);
  });
  test("an account that cannot fetch says its state in the reader's words, not its code", async () => {
    const added = await cli([
      'accounts',
      'add',
      '--name',
      'sinclave',
      '--direction',
      'inbound',
      '--protocol',
      'imap',
      '--preset',
      'domain',
      '--host',
      'mail.example.test',
      '--username',
      'sinclave@example.test',
    ]);
    assert.equal(added.code, 0, added.stderr);
    const es = await cli(['fetch', 'sinclave', '--once']);
    assert.equal(es.code, 2, es.stderr);
    assert.match(es.stderr, /no está lista para recibir correo \(estado: Falta la contraseña\)/);
    const en = await cli(['fetch', 'sinclave', '--once'], undefined, 'en');
    assert.match(en.stderr, /not ready to receive mail \(state: Password required\)/);
    assert.doesNotMatch(es.stderr + en.stderr, /password_required/);
    assert.equal((await cli(['accounts', 'remove', 'sinclave'])).code, 0);
  });
});
