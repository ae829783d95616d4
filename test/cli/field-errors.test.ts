import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accountSchemas } from '../../src/accounts/account.schema.js';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { parseOrThrow } from '../../src/errors/validation.js';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startServer, type RunningServer } from '../support/server.js';

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
});
