import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountView } from '../../src/accounts/account.view.js';
import { CaseService } from '../../src/cases/case.service.js';
import type { Case } from '../../src/cases/case.types.js';
import { inTransaction, type Database } from '../../src/storage/database.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startServer, type RunningServer } from '../support/server.js';

describe('listings page with a cursor and say when more exist', () => {
  let store: TestStore;
  let database: Database;
  let server: RunningServer;

  before(async () => {
    store = await createTestStore('sqlite');
    database = await store.open();
    const cases = new CaseService(database);
    for (let i = 1; i <= 5; i++) {
      await inTransaction(database, (trx) =>
        cases.openCase(trx, {
          subject: `Caso ${i}`,
          requester: { address: 'ana@example.test' },
          sourceAccountId: null,
          message: {
            direction: 'in',
            classification: 'normal',
            from: { address: 'ana@example.test' },
            to: [{ address: 'soporte@example.test' }],
            cc: [],
            subject: `Caso ${i}`,
            sentAt: '2026-01-02T10:00:00.000Z',
            messageId: `<p${i}@example.test>`,
            inReplyTo: null,
            references: [],
            text: 'x',
            textReply: 'x',
            html: null,
            rawHash: null,
            attachments: [],
          },
        }),
      );
    }
    server = await startServer(store.env);
    for (const name of ['a1', 'a2', 'a3']) {
      const created = await server.api('POST', '/api/accounts', {
        name,
        direction: 'outbound',
        protocol: 'smtp',
        preset: 'domain',
        host: 'smtp.example.test',
        smtpAuth: false,
        outbound: { fromAddress: `${name}@example.test` },
      });
      assert.equal(created.status, 201, created.text);
    }
  });
  after(async () => {
    await server?.stop();
    await database?.close();
    await store?.drop();
  });

  const cli = (args: string[]) => runCli(args, { env: { ...store.env, DROBOT_LANG: 'es' } });

  test('drobot cases list --limit 2, then --after the cursor it gave, until no more', async () => {
    const seen: number[] = [];
    let args = ['cases', 'list', '--limit', '2', '--json'];
    for (let round = 0; round < 5; round++) {
      const result = await cli(args);
      assert.equal(result.code, 0, result.stderr);
      const page = jsonOf<Case[]>(result);
      seen.push(...page.map((c) => c.number));
      const more = /hay más: repita la orden con --after (\S+)/.exec(result.stderr);
      if (!more?.[1]) break;
      assert.equal(page.length, 2);
      args = ['cases', 'list', '--limit', '2', '--json', '--after', more[1]];
    }
    assert.deepEqual(seen, [5, 4, 3, 2, 1], 'every case once, newest activity first');
    const bad = await cli(['cases', 'list', '--after', 'not-a-cursor']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /after: «after» debe ser el cursor/);
    const badLimit = await cli(['cases', 'list', '--limit', '0']);
    assert.equal(badLimit.code, 2);
  });

  test('GET /api/cases?limit=2 answers a Link rel="next" and X-Next-Cursor', async () => {
    const seen: number[] = [];
    let path: string | undefined = '/api/cases?limit=2&status=new';
    while (path) {
      const response = await server.api('GET', path);
      assert.equal(response.status, 200, response.text);
      seen.push(...response.json<Case[]>().map((c) => c.number));
      const link = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '');
      path = link?.[1];
      if (path) {
        assert.match(path, /^\/api\/cases\?limit=2&status=new&after=/, 'the same query, continued');
        assert.equal(
          new URL(path, 'http://x').searchParams.get('after'),
          response.headers.get('x-next-cursor'),
        );
      }
    }
    assert.deepEqual(seen, [5, 4, 3, 2, 1]);
    assert.equal((await server.api('GET', '/api/cases?after=%7B%7D')).status, 400);
  });

  test('accounts: CLI and API pages', async () => {
    const first = await cli(['accounts', 'list', '--limit', '2', '--json']);
    const names = jsonOf<AccountView[]>(first).map((a) => a.name);
    assert.deepEqual(names, ['a1', 'a2']);
    const cursor = /--after (\S+)/.exec(first.stderr)?.[1];
    assert.ok(cursor, first.stderr);
    const rest = await cli(['accounts', 'list', '--limit', '2', '--json', '--after', cursor]);
    assert.deepEqual(
      jsonOf<AccountView[]>(rest).map((a) => a.name),
      ['a3'],
    );
    assert.doesNotMatch(rest.stderr, /--after/);
    const api = await server.api('GET', '/api/accounts?limit=1');
    assert.equal(api.json<AccountView[]>().length, 1);
    assert.match(api.headers.get('link') ?? '', /after=/);
    const gone = await cli(['accounts', 'list', '--after', '99999']);
    assert.equal(gone.code, 2, 'a cursor that names nothing does not restart the listing');
  });
});
