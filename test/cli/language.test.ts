import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AccountView } from '../../src/accounts/account.view.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { KINDS } from '../support/account-kinds.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { createPipeline } from '../support/mail-pipeline.js';
import {
  InboundMailRepository,
  type QuarantineReason,
} from '../../src/inbound/ingest/inbound-mail.repository.js';

type Lang = 'es' | 'en';

/**
 * What an administrator reads speaks one language: Spanish by default, English with DROBOT_LANG=en. Column
 * headers, labels and state words are translated; the codes stay in `--json`.
 */
describe('the command speaks the reader’s language in every listing', () => {
  let store: TestStore;
  let database: Database;
  let accountId: number;

  const cli = (args: string[], lang: Lang, env: Record<string, string> = {}, input?: string) =>
    runCli(args, { env: { ...store.env, DROBOT_LANG: lang, ...env }, ...(input ? { input } : {}) });
  /** The command's whole output, checked to have succeeded unless `code` says otherwise. */
  const read = async (args: string[], lang: Lang, code = 0, env: Record<string, string> = {}) => {
    const res = await cli(args, lang, env);
    assert.equal(res.code, code, `${args.join(' ')}: ${res.stderr}`);
    return `${res.stdout}\n${res.stderr}`;
  };
  const absent = (text: string, words: readonly RegExp[]) => {
    for (const word of words) assert.doesNotMatch(text, word);
  };
  const present = (text: string, words: readonly RegExp[]) => {
    for (const word of words) assert.match(text, word);
  };

  before(async () => {
    store = await createTestStore('sqlite');
    const pop3 = await cli(
      ['accounts', 'add', '--name', 'mesa', ...KINDS.pop3.flags, '--password-stdin', '--json'],
      'es',
      {},
      'pw\n',
    );
    assert.equal(pop3.code, 0, pop3.stderr);
    accountId = jsonOf<{ id: number }>(pop3).id;
    // A Graph account never authorized: nothing was revoked, it only needs its first authorization.
    const graph = await cli(
      ['accounts', 'add', '--name', 'graf', ...KINDS.graph.flags, '--api-url', 'http://127.0.0.1:9'],
      'es',
    );
    assert.equal(graph.code, 0, graph.stderr);
    const gmail = await cli(['accounts', 'add', '--name', 'gm', ...KINDS.gmail.flags], 'es');
    assert.equal(gmail.code, 0, gmail.stderr);
    assert.equal((await cli(['outbox', 'suppress', 'nadie@example.test'], 'es')).code, 0);

    // A mail that does not parse, and a sender over the throttle: two quarantine entries.
    database = await store.open();
    const pipeline = createPipeline(database, store.dataDir, { throttleLimit: 1 });
    const ingest = (uid: string, raw: Buffer) => {
      const file = path.join(store.dataDir, `in-${uid}.eml`);
      fs.writeFileSync(file, raw);
      return pipeline.ingestor.ingestFile({ accountId, mailbox: 'pop3', uid }, file, { settled: true });
    };
    const from = 'Ana <ana@example.test>';
    assert.equal((await ingest('u1', corpus.plainMail({ subject: 'Uno', from }))).kind, 'new_case');
    assert.equal((await ingest('u2', corpus.malformedMail())).kind, 'quarantined');
    const throttled = await ingest('u3', corpus.plainMail({ subject: 'Dos', from }));
    assert.deepEqual(
      [throttled.kind, throttled.kind === 'quarantined' && throttled.reason],
      ['quarantined', 'throttled'],
    );
  });
  after(async () => {
    await database?.close();
    await store?.drop();
  });

  test('keys status: headers and key states', async () => {
    const es = await read(['keys', 'status'], 'es');
    absent(es, [
      /KEY ID/,
      /STATE/,
      /SECRETS/,
      /HELD HERE/,
      /FINGERPRINT/,
      /CREATED/,
      /RETIRED/,
      /\bcurrent\b/,
    ]);
    present(es, [/ID DE CLAVE/, /ESTADO/, /HUELLA/, /\bactual\b/]);
    const en = await read(['keys', 'status'], 'en');
    present(en, [/KEY ID/, /HELD HERE/, /FINGERPRINT/, /\bcurrent\b/]);
    const json = jsonOf<{ keys: { state: string }[] }>(await cli(['keys', 'status', '--json'], 'es'));
    assert.equal(json.keys[0]?.state, 'current', 'codes stay in JSON');
  });

  test('accounts show: an API account without an address of its own names the default one; a Google one has no tenant', async () => {
    const es = await read(['accounts', 'show', 'gm'], 'es');
    assert.match(es, /URL de la API +https:\/\/gmail\.googleapis\.com\/gmail\/v1 \(por omisión\)\n/);
    absent(es, [/TenantID/, /Tenant ID/]);
    assert.match(es, /Tokens +ninguno \(falta autorizar\)\n/);
    const en = await read(['accounts', 'show', 'gm'], 'en');
    assert.match(en, /API URL +https:\/\/gmail\.googleapis\.com\/gmail\/v1 \(default\)\n/);
    // Its own address as it is; a Microsoft account shows its tenant.
    const graph = await read(['accounts', 'show', 'graf'], 'en');
    assert.match(graph, /API URL +http:\/\/127\.0\.0\.1:9\n/);
    assert.match(graph, /Tenant ID/);
    assert.match(
      await read(['accounts', 'list'], 'en'),
      /\ngm +inbound .* https:\/\/gmail\.googleapis\.com\/gmail\/v1 /,
    );
  });

  test('accounts show: an OAuth account without an authority of its own names the one it signs in at, said to be the default', async () => {
    const gmail = await read(['accounts', 'show', 'gm'], 'es');
    assert.match(gmail, /Autoridad OAuth +https:\/\/accounts\.google\.com \(por omisión\)\n/);
    const graph = await read(['accounts', 'show', 'graf'], 'en');
    assert.match(graph, /OAuth authority +https:\/\/login\.microsoftonline\.com \(default\)\n/);
    assert.match(
      await read(['accounts', 'show', 'graf'], 'es'),
      /Autoridad OAuth +https:\/\/login\.microsoftonline\.com \(por omisión\)\n/,
    );
    // The configured one, where it is set, naming its setting; the account's own as it is.
    const configured = await read(['accounts', 'show', 'graf'], 'en', 0, {
      DROBOT_OAUTH_MICROSOFT_AUTHORITY: 'http://127.0.0.1:9',
    });
    assert.match(
      configured,
      /OAuth authority +http:\/\/127\.0\.0\.1:9 \(DROBOT_OAUTH_MICROSOFT_AUTHORITY\)\n/,
    );
    const own = await read(
      ['accounts', 'add', '--name', 'gm2', ...KINDS.gmail.flags, '--oauth-authority', 'http://127.0.0.1:8'],
      'en',
      0,
      { DROBOT_OAUTH_GOOGLE_AUTHORITY: 'http://127.0.0.1:9' },
    );
    assert.match(own, /OAuth authority +http:\/\/127\.0\.0\.1:8\n/);
    assert.equal((await cli(['accounts', 'remove', 'gm2'], 'en')).code, 0);
  });

  test('account states: in messages, in oauth status and for a secret this process cannot read', async () => {
    const es = await read(['accounts', 'enable', 'mesa'], 'es');
    assert.match(es, /activada \(estado: Correcta\)/);
    absent(es, [/\bready\b/]);
    assert.match(await read(['accounts', 'enable', 'mesa'], 'en'), /enabled \(state: OK\)/);
    absent(es, [/oauth authorize/]);
    // An OAuth account waiting for its authorization says what comes next.
    assert.match(
      await read(['accounts', 'enable', 'graf'], 'es'),
      /activada \(estado: Falta autorizar\)\.\nSiguiente paso: autorice la cuenta «graf» con drobot oauth authorize graf \(o en la consola, en Cuentas\); hasta entonces no se usa\./,
    );
    assert.match(
      await read(['accounts', 'enable', 'graf'], 'en'),
      /Next step: authorize account "graf" with drobot oauth authorize graf \(or in the console, under Accounts\); until then it is not used\./,
    );

    const status = await read(['oauth', 'status', 'graf'], 'es');
    assert.match(status, /Estado de «graf»: Falta autorizar/);
    absent(status, [/authorization_required/]);
    assert.match(await read(['oauth', 'status', 'graf'], 'en'), /State of "graf": Authorization required/);
    const json = jsonOf<{ state: string }>(await cli(['oauth', 'status', 'graf', '--json'], 'es'));
    assert.equal(json.state, 'authorization_required');

    // Another host whose key file lacks the key the password was saved under.
    const stale = { DROBOT_MASTER_KEY: crypto.randomBytes(32).toString('base64') };
    const list = await read(['accounts', 'list'], 'es', 0, stale);
    assert.match(list, /Secreto ilegible \(Contraseña: este proceso no tiene la clave \w+\)/);
    absent(list, [/secret_unreadable/, /not held/, /password:/]);
    const listEn = await read(['accounts', 'list'], 'en', 0, stale);
    assert.match(listEn, /Secret unreadable \(Password: key \w+ not held\)/);
  });

  test('accounts show and list: settings in the console’s words, the codes only in --json', async () => {
    assert.equal((await cli(['accounts', 'edit', 'mesa', '--language', 'en'], 'es')).code, 0);
    const es = await read(['accounts', 'show', 'mesa'], 'es');
    present(es, [
      /^ {2}Tipo de conexión\s+Protocolo de correo \(POP3\)$/m,
      /^ {2}Proveedor\s+Dominio \(cualquier servidor estándar\)$/m,
      /^ {2}Seguridad\s+Implícita \(SSL\/TLS\)$/m,
      /^ {2}Tipo de autenticación\s+Usuario y contraseña$/m,
      /^ {2}Método\s+Auto$/m,
      /^ {2}Primera consulta\s+El correo no leído$/m,
      /^ {2}Idioma de los acuses\s+Inglés$/m,
    ]);
    absent(es, [/\bprotocol\b/, /\bpop3\b/, /\bdomain\b/, /\bimplicit\b/, /\bpassword\b/, /\bunread\b/]);
    present(await read(['accounts', 'show', 'mesa'], 'en'), [
      /^ {2}Connection type\s+Mail protocol \(POP3\)$/m,
      /^ {2}Provider\s+Domain \(any standards server\)$/m,
      /^ {2}Security\s+Implicit \(SSL\/TLS\)$/m,
      /^ {2}Authentication type\s+User name and password$/m,
      /^ {2}First run\s+Unread mail$/m,
      /^ {2}Acknowledgment language\s+English$/m,
    ]);
    const graph = await read(['accounts', 'show', 'graf'], 'es');
    present(graph, [
      /^ {2}Tipo de conexión\s+OAuth de Microsoft \+ API de Graph$/m,
      /^ {2}Proveedor\s+Office 365$/m,
      /^ {2}Tipo de autenticación\s+OAuth 2\.0$/m,
      /^ {2}Tras recoger un correo\s+Marcarlo como leído$/m,
    ]);
    absent(graph, [/\bgraph\b/, /\boffice365\b/, /\boauth2\b/, /\bseen\b/]);
    assert.match(
      await read(['accounts', 'show', 'graf'], 'en'),
      /^ {2}After fetching a mail\s+Mark it read$/m,
    );

    const list = await read(['accounts', 'list'], 'es');
    assert.match(
      list,
      /^mesa +entrada +POP3 +Dominio \(cualquier servidor estándar\) +pop\.example\.test:995 /m,
    );
    assert.match(list, /^graf +entrada +OAuth de Microsoft \+ API de Graph +Office 365 /m);
    const listEn = await read(['accounts', 'list'], 'en');
    assert.match(listEn, /^mesa +inbound +POP3 +Domain \(any standards server\) +pop\.example\.test:995 /m);

    const view = jsonOf<AccountView>(await cli(['accounts', 'show', 'mesa', '--json'], 'es'));
    assert.deepEqual(
      [view.connection, view.protocol, view.preset, view.security, view.auth, view.sasl],
      ['protocol', 'pop3', 'domain', 'implicit', 'password', 'auto'],
    );
    assert.deepEqual([view.inbound.firstRun, view.inbound.lang], ['unread', 'en']);
    const graphView = jsonOf<AccountView>(await cli(['accounts', 'show', 'graf', '--json'], 'es'));
    assert.deepEqual(
      [graphView.connection, graphView.preset, graphView.auth, graphView.inbound.afterFetch],
      ['graph', 'office365', 'oauth2', 'seen'],
    );
  });

  test('an SMTP account without authentication shows none, and no user name nor SASL method, even ones stored before, nor OAuth', async () => {
    const add = await cli(['accounts', 'add', '--name', 'avisos', ...KINDS.smtp.flags], 'es');
    assert.equal(add.code, 0, add.stderr);
    const legacy = await cli(['accounts', 'add', '--name', 'avisos-viejo', ...KINDS.smtp.flags], 'es');
    assert.equal(legacy.code, 0, legacy.stderr);
    // An Office 365 one (OAuth 2.0 by its preset) needs no app registration nor any authorization.
    const o365 = await cli(['accounts', 'add', '--name', 'avisos-365', ...KINDS.smtpOffice365.flags], 'es');
    assert.equal(o365.code, 0, o365.stderr);
    assert.match(o365.stdout, /^ {2}Estado\s+Correcta$/m);
    // As an earlier version stored it: a user name and a SASL method, and no From (the user name was its
    // sender).
    const stored = await database.db
      .selectFrom('accounts')
      .select('settings_json')
      .where('name', '=', 'avisos-viejo')
      .executeTakeFirstOrThrow();
    const settings = JSON.parse(stored.settings_json) as { outbound: { fromAddress: string | null } };
    settings.outbound.fromAddress = null;
    await database.db
      .updateTable('accounts')
      .set({ username: 'avisos@example.test', sasl: 'plain', settings_json: JSON.stringify(settings) })
      .where('name', '=', 'avisos-viejo')
      .execute();
    for (const name of ['avisos', 'avisos-viejo', 'avisos-365']) {
      const es = await read(['accounts', 'show', name], 'es');
      present(es, [
        /^ {2}Tipo de autenticación\s+Sin autenticación$/m,
        /^ {2}El servidor requiere autenticación\s+no$/m,
      ]);
      absent(es, [
        /Usuario y contraseña/,
        /OAuth 2\.0/,
        /^ {2}Usuario\b/m,
        /^ {2}Contraseña\b/m,
        /^ {2}Método\b/m,
        /ClientID/,
      ]);
      const en = await read(['accounts', 'show', name], 'en');
      present(en, [/^ {2}Authentication type\s+None$/m, /^ {2}Server requires user authentication\s+no$/m]);
      absent(en, [
        /User name and password/,
        /OAuth 2\.0/,
        /^ {2}User name\b/m,
        /^ {2}Password\b/m,
        /^ {2}Method\b/m,
        /Client ID/,
      ]);
    }
    // The method applies to every login over a mail protocol, with a token as with a password.
    const imap365 = await cli(['accounts', 'add', '--name', 'mesa-365', ...KINDS.imapOauth.flags], 'es');
    assert.equal(imap365.code, 0, imap365.stderr);
    present(await read(['accounts', 'show', 'mesa-365'], 'es'), [/^ {2}Método\s+Auto$/m]);
    present(await read(['accounts', 'show', 'mesa-365'], 'en'), [/^ {2}Method\s+Auto$/m]);
    // The earlier version's account still says the address it sends from.
    assert.match(
      await read(['accounts', 'show', 'avisos-viejo'], 'es'),
      /^ {2}Dirección del remitente\s+avisos@example\.test$/m,
    );
    const row = async (lang: Lang, name: string) =>
      (await read(['accounts', 'list'], lang)).split('\n').find((line) => line.startsWith(`${name} `)) ?? '';
    for (const name of ['avisos', 'avisos-viejo']) {
      assert.match(await row('es', name), / smtp\.example\.test:587 +Sin autenticación +Correcta /);
      assert.match(await row('en', name), / smtp\.example\.test:587 +None +OK /);
    }
    assert.match(await row('en', 'avisos-365'), / smtp\.office365\.com:587 +None +OK /);
    for (const name of ['avisos', 'avisos-viejo', 'avisos-365', 'mesa-365']) {
      assert.equal((await cli(['accounts', 'remove', name], 'es')).code, 0);
    }
  });

  test('account states: the console’s words; a ready account whose last test failed shows an error', async () => {
    // A port nothing listens on: the connection test fails at its TCP step.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const flags = [...KINDS.imap.flags, '--host', '127.0.0.1', '--port', String(port), '--security', 'none'];
    const added = await cli(
      ['accounts', 'add', '--name', 'rota', ...flags, '--password-stdin'],
      'es',
      {},
      'pw\n',
    );
    assert.equal(added.code, 0, added.stderr);
    const row = async (lang: Lang) =>
      (await read(['accounts', 'list'], lang)).split('\n').find((line) => line.startsWith('rota ')) ?? '';
    assert.match(await row('es'), / Correcta +- *$/);
    assert.match(await row('en'), / OK +- *$/);

    assert.equal((await cli(['accounts', 'test', 'rota'], 'es')).code, 1);
    assert.match(await row('es'), / Con errores +fallida en «Conexión TCP» /);
    assert.match(await row('en'), / Error +failed at "TCP connection" /);
    assert.match(await read(['accounts', 'show', 'rota'], 'es'), /^ {2}Estado\s+Con errores$/m);
    const view = jsonOf<AccountView>(await cli(['accounts', 'show', 'rota', '--json'], 'es'));
    assert.deepEqual([view.state, view.lastTest?.failedStep], ['ready', 'tcp'], 'codes stay in JSON');

    assert.match(await read(['accounts', 'disable', 'rota'], 'es'), /desactivada/);
    assert.match(await row('es'), / Desactivada /);
    assert.match(await row('en'), / Disabled /);
    assert.equal((await cli(['accounts', 'remove', 'rota'], 'es')).code, 0);
  });

  test('quarantine list and show: labels, reasons and the throttled detail', async () => {
    const es = await read(['quarantine', 'list'], 'es');
    present(es, [/cuenta=mesa/, /intentos=1/, /\blimitado\b/, /\bilegible\b/]);
    present(es, [/ana@example\.test: 2 correos en la ventana/]);
    absent(es, [/account=/, /attempts=/, /throttled/, /unparseable/, /mails in the window/]);
    const en = await read(['quarantine', 'list'], 'en');
    present(en, [
      /account=mesa/,
      /attempts=1/,
      /throttled/,
      /unparseable/,
      /ana@example\.test: 2 mails in the window/,
    ]);
    const entries = jsonOf<{ id: number; reason: string; detail: string }[]>(
      await cli(['quarantine', 'list', '--json'], 'es'),
    );
    const held = entries.find((e) => e.reason === 'throttled');
    assert.equal(held?.detail, 'ana@example.test: 2 correos en la ventana', 'JSON: in the reader’s language');

    const show = await read(['quarantine', 'show', String(held?.id)], 'es');
    present(show, [
      /^Motivo\s+limitado$/m,
      /^Intentos\s+1$/m,
      /correos en la ventana/,
      /limitado: en cuarentena/,
    ]);
    absent(show, [/^reason/m, /^attempts/m, /\(throttled\)/]);
    present(await read(['quarantine', 'show', String(held?.id)], 'en'), [/^Reason\s+throttled$/m]);
  });

  test('quarantine details written in English only, before both languages were kept, read in each', async () => {
    const mails = new InboundMailRepository();
    const older: [string, QuarantineReason, string][] = [
      ['o1', 'unparseable', 'Max header size for a MIME node exceeded'],
      ['o2', 'unparseable', 'the parser stopped on this mail: the thread exited with code 3'],
      ['o3', 'download_failed', '4 downloads failed, the last: Connection closed'],
      ['o4', 'over_size', '3000000 bytes listed by the server, limit 1048576'],
      ['o5', 'storage_error', 'SQLITE_FULL: database or disk is full'],
    ];
    for (const [uid, reason, detail] of older) {
      const key = { accountId, mailbox: 'pop3', uid };
      const values = { reason, detail, rawHash: null, size: 10, now: new Date().toISOString() };
      await mails.quarantine(database.db, key, values);
    }
    const es = await read(['quarantine', 'list'], 'es');
    present(es, [
      /El analizador de correo no pudo leerlo \(detalle técnico: «Max header size for a MIME node exceeded»\)/,
      /El analizador de correo se detuvo con este correo \(detalle técnico: «the thread exited with code 3»\)/,
      /4 descargas fallidas; la última: «Connection closed»/,
      /El servidor lo anuncia con 3000000 bytes; el límite de la cuenta es 1048576/,
      /No se pudo guardar o leer el correo \(detalle técnico: «SQLITE_FULL: database or disk is full»\)/,
    ]);
    absent(es, [/the parser stopped/, /downloads failed/, /listed by the server/]);
    const en = await read(['quarantine', 'list'], 'en');
    present(en, [
      /The mail parser could not read it \(technical detail: "Max header size for a MIME node exceeded"\)/,
      /The mail parser stopped on this mail \(technical detail: "the thread exited with code 3"\)/,
      /4 downloads failed, the last: "Connection closed"/,
      /The server lists it at 3000000 bytes; the account's limit is 1048576/,
      /The mail could not be stored or read \(technical detail: "SQLITE_FULL: database or disk is full"\)/,
    ]);
  });

  test('inbound log: headers and outcomes', async () => {
    const es = await read(['inbound', 'log'], 'es');
    absent(es, [/\bWHEN\b/, /ACCOUNT/, /SERVER ID/, /OUTCOME/, /SUBJECT/, /\(throttled\)/, /unparseable/]);
    present(es, [/CUÁNDO/, /ID EN EL SERVIDOR/, /RESULTADO/, /en cuarentena \(ilegible\)/]);
    const en = await read(['inbound', 'log'], 'en');
    present(en, [/\bWHEN\b/, /SERVER ID/, /OUTCOME/, /quarantined \(unparseable\)/]);
  });

  test('accounts test on an account never authorized says so, and how', async () => {
    const es = await read(['accounts', 'test', 'graf'], 'es', 1);
    assert.match(es, /La cuenta «graf» aún no se ha autorizado/);
    assert.match(es, /Sugerencia: .*drobot oauth authorize graf/);
    absent(es, [/de nuevo/, /revocó/]);
    // Every step by the console's name for it, the access token's too.
    present(es, [
      /^ {2}✗ Token de acceso +\d+ ms/m,
      /^ {2}- Buzón /m,
      /fallida en el paso «Token de acceso»/,
    ]);
    absent(es, [/\btoken\b/, /\bmailbox\b/]);
    const en = await read(['accounts', 'test', 'graf'], 'en', 1);
    assert.match(en, /The account "graf" has not been authorized yet/);
    absent(en, [/again/, /revoked/]);
    present(en, [/^ {2}✗ Access token +\d+ ms/m, /^ {2}- Mailbox /m, /failed at step "Access token"/]);
    const report = jsonOf<{ steps: { error?: { code: string } }[] }>(
      await cli(['accounts', 'test', 'graf', '--json'], 'es'),
    );
    assert.equal(report.steps[0]?.error?.code, 'oauth_not_authorized');
  });

  test('accounts test --help: --send-to is for every outbound account', async () => {
    const es = await read(['accounts', 'test', '--help'], 'es');
    assert.match(es, /--send-to <dirección>\s+cuentas de salida \(SMTP, Graph o API de Gmail\)/);
    const en = await read(['accounts', 'test', '--help'], 'en');
    assert.match(en, /--send-to <address>\s+outbound accounts \(SMTP, Graph or Gmail API\)/);
  });

  test('outbox suppressed: headers and reasons', async () => {
    const es = await read(['outbox', 'suppressed'], 'es');
    present(es, [/DIRECCIÓN\s+MOTIVO\s+DESDE/, /nadie@example\.test\s+a mano/]);
    absent(es, [/ADDRESS/, /REASON/, /SINCE/, /\bmanual\b/]);
    present(await read(['outbox', 'suppressed'], 'en'), [/ADDRESS\s+REASON\s+SINCE/, /by hand/]);
  });
});
