import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { accountSchemas } from '../../src/accounts/account.schema.js';
import type { AccountView } from '../../src/accounts/account.view.js';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { parseOrThrow } from '../../src/errors/validation.js';
import { runCli, type CliResult } from '../support/cli.js';
import { KINDS } from '../support/account-kinds.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import {
  DEFAULTS_GIVEN,
  INAPPLICABLE,
  REFUSED_ON_IMPORT,
  REASONS,
  SECRET,
  storedCounts,
  clearStoredSender,
} from '../support/inapplicable-settings.js';
import { startServer, type RunningServer } from '../support/server.js';

const LANGS = ['es', 'en'] as const;

/** The field errors a refused command printed: `  - field: message`. */
function printedIssues(result: CliResult): Array<{ field: string; message: string }> {
  return [...result.stderr.matchAll(/^ {2}- ([^:]+): (.*)$/gm)].map((m) => ({
    field: m[1] ?? '',
    message: m[2] ?? '',
  }));
}

function issuesOf(input: unknown, lang: 'es' | 'en' = 'es') {
  try {
    parseOrThrow(accountSchemas().create, input);
  } catch (error) {
    assert.ok(isDrobotError(error));
    return error.render(lang).issues ?? [];
  }
  assert.fail('accepted');
}

describe('field errors say what is wrong with which field', () => {
  let store: TestStore;
  let server: RunningServer;
  before(async () => {
    store = await createTestStore('sqlite');
    server = await startServer(store.env);
  });
  after(async () => {
    await server?.stop();
    await store?.drop();
  });

  test('a missing field is "obligatorio"/"required", not "invalid value"', () => {
    const es = issuesOf({ name: 'x' });
    assert.deepEqual(
      es.map((i) => [i.field, i.code]),
      [
        ['direction', 'required'],
        ['protocol', 'required'],
        ['preset', 'required'],
      ],
    );
    assert.equal(es[0]?.message, 'El campo «direction» es obligatorio.');
    assert.equal(issuesOf({ name: 'x' }, 'en')[0]?.message, 'The field "direction" is required.');
    // A value given but wrong still says which values are allowed.
    const wrong = issuesOf({ name: 'x', direction: 'sideways', protocol: 'pop3', preset: 'domain' });
    assert.equal(wrong[0]?.code, 'invalid_value');
    assert.match(wrong[0]?.message ?? '', /use uno de inbound, outbound/);
  });

  test('the API names real fields: a body that is no object is "body", never (root)', async () => {
    for (const body of ['[]', '"x"', 'null']) {
      const response = await server.api('POST', '/api/accounts', body);
      assert.equal(response.status, 400, response.text);
      assert.doesNotMatch(response.text, /\(root\)/);
      const error = response.json<{ error: { issues: { field: string; message: string }[] } }>().error;
      assert.equal(error.issues[0]?.field, 'body');
      assert.match(error.issues[0]?.message ?? '', /«body» debe ser un objeto JSON/);
    }
    const empty = await server.api('POST', '/api/accounts', {});
    const fields = empty.json<{ error: { issues: { field: string; code: string }[] } }>().error.issues;
    assert.ok(
      fields.every((i) => i.code === 'required'),
      JSON.stringify(fields),
    );
    assert.deepEqual(fields.map((i) => i.field).sort(), ['direction', 'name', 'preset', 'protocol']);
  });

  test('options that do not apply to the account are refused with a field error', async () => {
    const base = [
      'accounts',
      'add',
      '--direction',
      'inbound',
      '--preset',
      'domain',
      '--host',
      'h.example.test',
    ];
    const cases: [string[], string, RegExp][] = [
      [
        ['--name', 'p1', '--protocol', 'pop3', '--folder', 'Soporte'],
        'folder',
        /no se aplica a una cuenta POP3/,
      ],
      [['--name', 'p2', '--protocol', 'pop3', '--after-fetch', 'delete'], 'inbound.afterFetch', /POP3/],
      [
        ['--name', 'p3', '--protocol', 'imap', '--from', 'x@example.test'],
        'outbound.fromAddress',
        /sólo se aplica a cuentas de salida/,
      ],
    ];
    for (const [extra, field, message] of cases) {
      const result = await runCli([...base, ...extra, '--username', 'u@example.test'], { env: store.env });
      assert.equal(result.code, 2, result.stderr);
      assert.ok(result.stderr.includes(`  - ${field}: `), result.stderr);
      assert.match(result.stderr, message);
    }
    const fine = await runCli(
      [...base, '--name', 'ok', '--protocol', 'imap', '--folder', 'Soporte', '--username', 'u@example.test'],
      {
        env: store.env,
      },
    );
    assert.equal(fine.code, 0, fine.stderr);
  });

  describe('every setting that does not apply to the kind of account is refused, and nothing is written', () => {
    const cli = (args: readonly string[], lang: 'es' | 'en', input?: string) =>
      runCli(args, { env: { ...store.env, DROBOT_LANG: lang }, ...(input ? { input } : {}) });

    test('accounts add, in Spanish and English', async () => {
      const before = await storedCounts(store.open);
      for (const [i, c] of INAPPLICABLE.entries()) {
        for (const [l, lang] of LANGS.entries()) {
          const args = ['accounts', 'add', '--name', `refused-${i}`, ...KINDS[c.kind].flags, ...c.flags];
          const result = await cli(args, lang, c.input);
          const what = `${c.kind} ${c.field} (${lang})`;
          assert.equal(result.code, 2, `${what}: ${result.stderr}`);
          const issues = printedIssues(result);
          assert.deepEqual(
            issues.map((issue) => issue.field),
            [c.field],
            `${what}: ${result.stderr}`,
          );
          assert.match(issues[0]?.message ?? '', REASONS[c.reason][l] ?? /never/, what);
          assert.deepEqual(await storedCounts(store.open), before, `${what} wrote something`);
        }
      }
    });

    test('accounts edit, and an edit that changes nothing else keeps the account as it was', async () => {
      for (const kind of Object.keys(KINDS) as Array<keyof typeof KINDS>) {
        const created = await cli(['accounts', 'add', '--name', `kind-${kind}`, ...KINDS[kind].flags], 'es');
        assert.equal(created.code, 0, `${kind}: ${created.stderr}`);
      }
      for (const [n, d] of DEFAULTS_GIVEN.entries()) {
        const args = ['accounts', 'add', '--name', `defaults-${n}`, ...KINDS[d.kind].flags, ...d.flags];
        const given = await cli(args, 'en');
        assert.equal(given.code, 0, `${d.kind} with its defaults: ${given.stderr}`);
      }
      const before = await storedCounts(store.open);
      for (const [i, c] of INAPPLICABLE.entries()) {
        const lang = LANGS[i % 2] ?? 'es';
        const name = `kind-${c.kind}`;
        const shown = (await cli(['accounts', 'show', name, '--json'], lang)).stdout;
        const result = await cli(['accounts', 'edit', name, ...c.flags], lang, c.input);
        const what = `${c.kind} ${c.field} (${lang})`;
        assert.equal(result.code, 2, `${what}: ${result.stderr}`);
        const issues = printedIssues(result);
        assert.deepEqual(
          issues.map((issue) => issue.field),
          [c.field],
          `${what}: ${result.stderr}`,
        );
        assert.match(issues[0]?.message ?? '', REASONS[c.reason][i % 2] ?? /never/, what);
        assert.equal((await cli(['accounts', 'show', name, '--json'], lang)).stdout, shown, what);
        assert.deepEqual(await storedCounts(store.open), before, `${what} wrote something`);
      }
    });

    test('accounts import refuses the whole file, naming each account and field', async () => {
      const before = await storedCounts(store.open);
      const file = path.join(store.dataDir, 'import.json');
      const accounts = [
        { name: 'importable', ...KINDS.imap.body },
        ...REFUSED_ON_IMPORT.map((c, i) => ({ name: `imported-${i}`, ...KINDS[c.kind].body, ...c.body })),
      ];
      fs.writeFileSync(file, JSON.stringify({ format: 'drobot-accounts', version: 1, accounts }));
      for (const [l, lang] of LANGS.entries()) {
        const result = await cli(['accounts', 'import', file], lang);
        assert.equal(result.code, 2, result.stderr);
        const issues = printedIssues(result);
        assert.deepEqual(
          issues.map((issue) => issue.field),
          REFUSED_ON_IMPORT.map((c, i) => `accounts.${i + 1}.${c.field}`),
        );
        REFUSED_ON_IMPORT.forEach((c, i) =>
          assert.match(issues[i]?.message ?? '', REASONS[c.reason][l] ?? /never/, `${c.kind} ${c.field}`),
        );
        assert.deepEqual(await storedCounts(store.open), before);
        assert.doesNotMatch(result.stderr + result.stdout, new RegExp(SECRET));
      }
    });
  });
  test('an SMTP account that stops authenticating drops its user name and password, and sends from the same address', async () => {
    const cli = (args: readonly string[], lang: 'es' | 'en', input?: string) =>
      runCli(args, { env: { ...store.env, DROBOT_LANG: lang }, ...(input ? { input } : {}) });
    const noAuth = ['--no-smtp-auth', '--from', 'soporte@helpdesk.test'];
    const authenticated = [
      ...KINDS.smtp.flags.filter((flag) => !noAuth.includes(flag)),
      ...['--smtp-auth', '--username', 'avisos@example.test', '--password-stdin'],
    ];
    const before = await storedCounts(store.open);
    const added = await cli(
      ['accounts', 'add', '--name', 'deja-auth', ...authenticated],
      'es',
      `${SECRET}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
    const withFrom = [
      'accounts',
      'add',
      '--name',
      'deja-auth-from',
      ...authenticated,
      '--from',
      'mesa@example.test',
    ];
    assert.equal((await cli(withFrom, 'es', `${SECRET}\n`)).code, 0);

    // A user name given with the switch is refused by name, in either language, and nothing changes.
    const shown = (await cli(['accounts', 'show', 'deja-auth', '--json'], 'es')).stdout;
    for (const [l, lang] of LANGS.entries()) {
      const both = await cli(
        ['accounts', 'edit', 'deja-auth', '--no-smtp-auth', '--username', 'otro@example.test'],
        lang,
      );
      assert.equal(both.code, 2, both.stderr);
      assert.deepEqual(
        printedIssues(both).map((issue) => issue.field),
        ['username'],
      );
      assert.match(printedIssues(both)[0]?.message ?? '', REASONS.loginSender[l] ?? /never/);
      assert.equal((await cli(['accounts', 'show', 'deja-auth', '--json'], 'es')).stdout, shown);
    }

    // Without one, the user name and the password go; the address the account sent from becomes its From.
    for (const [name, from] of [
      ['deja-auth', 'avisos@example.test'],
      ['deja-auth-from', 'mesa@example.test'],
    ] as const) {
      const edited = await cli(['accounts', 'edit', name, '--no-smtp-auth', '--json'], 'en');
      assert.equal(edited.code, 0, edited.stderr);
      const view = JSON.parse(edited.stdout) as AccountView;
      assert.deepEqual(
        [view.smtpAuth, view.username, view.password, view.outbound.fromAddress, view.state],
        [false, '', null, from, 'ready'],
        name,
      );
    }
    assert.deepEqual(await storedCounts(store.open), { ...before, accounts: before.accounts + 2 });

    // Turning authentication on again asks for the user name.
    const back = await cli(['accounts', 'edit', 'deja-auth', '--smtp-auth'], 'en');
    assert.equal(back.code, 2, back.stderr);
    assert.deepEqual(
      printedIssues(back).map((issue) => issue.field),
      ['username'],
    );
  });

  test('an SMTP account without authentication must be given a sender address, on add and on edit', async () => {
    const cli = (args: readonly string[], lang: 'es' | 'en') =>
      runCli(args, { env: { ...store.env, DROBOT_LANG: lang } });
    const SENDER = [
      /Una cuenta de salida sin autenticación SMTP no tiene usuario del que enviar: indique la dirección del remitente \(«outbound\.fromAddress», --from\)\./,
      /An outbound account without SMTP authentication has no user name to send from: give the sender address \("outbound\.fromAddress", --from\)\./,
    ];
    const withoutFrom = KINDS.smtp.flags.filter(
      (flag) => flag !== '--from' && flag !== 'soporte@helpdesk.test',
    );
    const before = await storedCounts(store.open);
    for (const [l, lang] of LANGS.entries()) {
      const added = await cli(['accounts', 'add', '--name', 'sin-remitente', ...withoutFrom], lang);
      assert.equal(added.code, 2, added.stderr);
      assert.deepEqual(
        printedIssues(added).map((issue) => issue.field),
        ['outbound.fromAddress'],
      );
      assert.match(printedIssues(added)[0]?.message ?? '', SENDER[l] ?? /never/);
      assert.deepEqual(await storedCounts(store.open), before);
    }

    // One stored without a sender (as an earlier version let it) still lists and shows; an edit asks for one.
    const added = await cli(['accounts', 'add', '--name', 'sin-remitente', ...KINDS.smtp.flags], 'es');
    assert.equal(added.code, 0, added.stderr);
    await clearStoredSender(store.open, 'sin-remitente');
    assert.equal((await cli(['accounts', 'list'], 'es')).code, 0);
    const shown = await cli(['accounts', 'show', 'sin-remitente', '--json'], 'es');
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal((JSON.parse(shown.stdout) as AccountView).outbound.fromAddress, null);
    assert.equal((await cli(['accounts', 'show', 'sin-remitente'], 'en')).code, 0);
    const stored = await storedCounts(store.open);
    for (const [l, lang] of LANGS.entries()) {
      const edited = await cli(['accounts', 'edit', 'sin-remitente', '--from-name', 'Mesa'], lang);
      assert.equal(edited.code, 2, edited.stderr);
      assert.deepEqual(
        printedIssues(edited).map((issue) => issue.field),
        ['outbound.fromAddress'],
      );
      assert.match(printedIssues(edited)[0]?.message ?? '', SENDER[l] ?? /never/);
      assert.equal((await cli(['accounts', 'show', 'sin-remitente', '--json'], 'es')).stdout, shown.stdout);
      assert.deepEqual(await storedCounts(store.open), stored);
    }
    const given = await cli(
      ['accounts', 'edit', 'sin-remitente', '--from', 'mesa@helpdesk.test', '--json'],
      'en',
    );
    assert.equal(given.code, 0, given.stderr);
    assert.equal((JSON.parse(given.stdout) as AccountView).outbound.fromAddress, 'mesa@helpdesk.test');
    assert.equal((await cli(['accounts', 'remove', 'sin-remitente'], 'es')).code, 0);
  });

  test('accounts stored with settings that do not apply are still listed, shown, edited and exported', async () => {
    const legacy = await createTestStore('sqlite');
    try {
      const cli = (args: readonly string[], input?: string) =>
        runCli(args, { env: legacy.env, ...(input ? { input } : {}) });
      const adds: Array<[string, readonly string[], string?]> = [
        ['viejo-graph', [...KINDS.imap.flags, '--password-stdin'], `${SECRET}\n`],
        ['viejo-pop-graph', KINDS.pop3.flags],
        ['viejo-smtp', KINDS.smtp.flags],
        ['viejo-imap', KINDS.imap.flags],
      ];
      for (const [name, flags, input] of adds) {
        const added = await cli(['accounts', 'add', '--name', name, ...flags], input);
        assert.equal(added.code, 0, added.stderr);
      }
      // As an earlier version stored them: a Graph account with a server, a port and a password; Graph with
      // POP3; an outbound account without SMTP authentication with inbound settings and a user name (its
      // sender, as it has no From); an inbound one with a sender and a rate.
      const database = await legacy.open();
      try {
        const toGraph = { preset: 'office365', connection: 'graph', auth: 'oauth2', oauth_client_id: 'app' };
        await database.db
          .updateTable('accounts')
          .set({
            ...toGraph,
            oauth_tenant_id: 'contoso',
            host: 'imap.x.org',
            port: 993,
            security: 'starttls',
          })
          .where('name', '=', 'viejo-graph')
          .execute();
        await database.db
          .updateTable('accounts')
          .set({ ...toGraph, oauth_tenant_id: 'contoso' })
          .where('name', '=', 'viejo-pop-graph')
          .execute();
        const settings = (inbound: object, outbound: object) =>
          JSON.stringify({
            inbound: {
              pollIntervalSeconds: 30,
              maxMessagesPerRun: 200,
              maxMessageBytes: 1048576,
              firstRun: 'unread',
              afterFetch: 'delete',
              moveToFolder: null,
              acknowledge: true,
              lang: null,
              ...inbound,
            },
            outbound: { fromAddress: null, fromName: null, ratePerMinute: 60, ...outbound },
            apiUrl: null,
          });
        await database.db
          .updateTable('accounts')
          .set({ settings_json: settings({}, {}), folder: 'Archivo', username: 'avisos@example.test' })
          .where('name', '=', 'viejo-smtp')
          .execute();
        await database.db
          .updateTable('accounts')
          .set({
            settings_json: settings(
              { pollIntervalSeconds: 60, afterFetch: 'seen' },
              { fromAddress: 'x@example.test', ratePerMinute: 5 },
            ),
            smtp_auth: 0,
          })
          .where('name', '=', 'viejo-imap')
          .execute();
      } finally {
        await database.close();
      }
      const list = await cli(['accounts', 'list']);
      assert.equal(list.code, 0, list.stderr);
      for (const [name] of adds) {
        for (const args of [
          ['accounts', 'show', name],
          ['accounts', 'show', name, '--json'],
        ]) {
          const shown = await cli(args);
          assert.equal(shown.code, 0, shown.stderr);
        }
      }
      // The export leaves out what does not apply, so a fresh data directory takes it back.
      const exported = await cli(['accounts', 'export']);
      assert.equal(exported.code, 0, exported.stderr);
      const doc = JSON.parse(exported.stdout) as { accounts: Array<Record<string, unknown>> };
      const graphItem = doc.accounts.find((a) => a.name === 'viejo-graph') ?? {};
      assert.deepEqual(
        ['host' in graphItem, 'port' in graphItem, 'inbound' in graphItem, 'outbound' in graphItem],
        [false, false, true, false],
      );
      // The SMTP account's user name, its sender, is exported as its From.
      const smtpItem = doc.accounts.find((a) => a.name === 'viejo-smtp') ?? {};
      assert.deepEqual(
        ['username' in smtpItem, smtpItem.outbound],
        [false, { fromAddress: 'avisos@example.test', fromName: null, ratePerMinute: 60 }],
      );
      const fresh = await createTestStore('sqlite');
      try {
        const file = path.join(fresh.dataDir, 'export.json');
        // Graph with POP3 is refused by name (its protocol only says the direction); the others come back.
        const usable = doc.accounts.filter((a) => a.name !== 'viejo-pop-graph');
        fs.writeFileSync(file, JSON.stringify({ ...doc, accounts: usable }));
        const imported = await runCli(['accounts', 'import', file], { env: fresh.env });
        assert.equal(imported.code, 0, imported.stderr);
        fs.writeFileSync(file, exported.stdout);
        const refused = await runCli(['accounts', 'import', file], {
          env: { ...fresh.env, DROBOT_LANG: 'en' },
        });
        assert.equal(refused.code, 2, refused.stderr);
        const popGraph = doc.accounts.findIndex((a) => a.name === 'viejo-pop-graph');
        assert.deepEqual(
          printedIssues(refused).map((i) => i.field),
          [`accounts.${popGraph}.protocol`],
        );
      } finally {
        await fresh.drop();
      }
      // Any edit keeps only what applies: the Graph account's server and password go, the rest is reset.
      const disabled = await cli(['accounts', 'disable', 'viejo-pop-graph']);
      assert.equal(disabled.code, 0, disabled.stderr);
      const edited = await cli(['accounts', 'edit', 'viejo-graph', '--timeout-ms', '9000', '--json']);
      assert.equal(edited.code, 0, edited.stderr);
      const graph = JSON.parse(edited.stdout) as AccountView;
      assert.deepEqual(
        [graph.host, graph.port, graph.security, graph.password],
        ['outlook.office365.com', 0, 'implicit', null],
      );
      assert.equal((await storedCounts(legacy.open)).secrets, 0);
      const smtp = await cli(['accounts', 'edit', 'viejo-smtp', '--from-name', 'Mesa', '--json']);
      assert.equal(smtp.code, 0, smtp.stderr);
      const smtpView = JSON.parse(smtp.stdout) as AccountView;
      assert.deepEqual(
        [smtpView.folder, smtpView.inbound.pollIntervalSeconds, smtpView.inbound.afterFetch],
        ['INBOX', 60, 'seen'],
      );
      assert.deepEqual([smtpView.username, smtpView.outbound.fromAddress], ['', 'avisos@example.test']);
    } finally {
      await legacy.drop();
    }
  });
});
