import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { accountSchemas } from '../../src/accounts/account.schema.js';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { parseOrThrow } from '../../src/errors/validation.js';
import { runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import {
  DEFAULTS_GIVEN,
  INAPPLICABLE,
  KINDS,
  REASONS,
  SECRET,
  storedCounts,
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
        ...INAPPLICABLE.map((c, i) => ({ name: `imported-${i}`, ...KINDS[c.kind].body, ...c.body })),
      ];
      fs.writeFileSync(file, JSON.stringify({ format: 'drobot-accounts', version: 1, accounts }));
      for (const [l, lang] of LANGS.entries()) {
        const result = await cli(['accounts', 'import', file], lang);
        assert.equal(result.code, 2, result.stderr);
        const issues = printedIssues(result);
        assert.deepEqual(
          issues.map((issue) => issue.field),
          INAPPLICABLE.map((c, i) => `accounts.${i + 1}.${c.field}`),
        );
        INAPPLICABLE.forEach((c, i) =>
          assert.match(issues[i]?.message ?? '', REASONS[c.reason][l] ?? /never/, `${c.kind} ${c.field}`),
        );
        assert.deepEqual(await storedCounts(store.open), before);
        assert.doesNotMatch(result.stderr + result.stdout, new RegExp(SECRET));
      }
    });
  });
});
