import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseStatus, statusName } from '../../src/cases/case-status.js';
import { CaseService } from '../../src/cases/case.service.js';
import type { Case } from '../../src/cases/case.types.js';
import { inTransaction, type Database } from '../../src/storage/database.js';
import { jsonOf, runCli } from '../support/cli.js';
import type { TestStore } from '../support/databases.js';
import { newMessage } from '../support/new-message.js';
import { startServer, type RunningServer } from '../support/server.js';
import { withTestStore } from '../support/store-hooks.js';

describe('case statuses in Spanish and English', () => {
  let store: TestStore;
  let database: Database;

  withTestStore('sqlite', (opened, db) => {
    store = opened;
    database = db;
  });
  before(async () => {
    const cases = new CaseService(database);
    for (const [subject, messageId] of [
      ['Impresora', '<s1@example.test>'],
      ['VPN', '<s2@example.test>'],
    ] as const) {
      await inTransaction(database, (trx) =>
        cases.openCase(trx, {
          subject,
          requester: { address: 'ana@example.test' },
          sourceAccountId: null,
          message: newMessage({
            from: { address: 'ana@example.test' },
            subject,
            messageId,
            text: 'x',
            textReply: 'x',
          }),
        }),
      );
    }
  });
  const cli = (args: string[], lang: 'es' | 'en' = 'es') =>
    runCli(args, { env: { ...store.env, DROBOT_LANG: lang } });

  test('parseStatus takes either language, any case and accent; statusName names it', () => {
    assert.equal(parseStatus('abierto'), 'open');
    assert.equal(parseStatus(' Abierta '), 'open');
    assert.equal(parseStatus('RESUELTO'), 'resolved');
    assert.equal(parseStatus('resolved'), 'resolved');
    assert.equal(parseStatus('pendiente'), 'pending');
    assert.equal(parseStatus('cerrado'), 'closed');
    assert.equal(parseStatus('nuevo'), 'new');
    assert.equal(parseStatus('abiert'), undefined);
    assert.equal(statusName('resolved', 'es'), 'resuelto');
    assert.equal(statusName('resolved', 'en'), 'resolved');
  });

  test('drobot cases status 1 abierto; the list and the filter speak Spanish', async () => {
    const set = await cli(['cases', 'status', '1', 'abierto']);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stderr, /Caso #1: estado «abierto»\./);
    const english = await cli(['cases', 'status', '2', 'resuelto', '--json'], 'en');
    assert.equal(jsonOf<Case>(english).status, 'resolved', 'stored as the key');
    assert.match(english.stderr, /Case #2: status "resolved"\./);
    // Why the requester is not told, in words (no outbound account here), never the code.
    assert.match(english.stderr, /^The requester is not told: no outbound account sends it\.$/m);
    assert.doesNotMatch(english.stderr, /no-account/);

    const list = await cli(['cases', 'list', '--status', 'abierto']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^CASO +ESTADO +SOLICITANTE/);
    assert.match(list.stdout, /#1 +abierto +ana@example\.test/);
    assert.doesNotMatch(list.stdout, /VPN/);
    const shown = await cli(['cases', 'show', '2']);
    assert.match(shown.stdout, /^#2 VPN\nEstado: resuelto /);
    const closed = await cli(['cases', 'status', '2', 'cerrado']);
    assert.equal(closed.code, 0, closed.stderr);
    assert.match(closed.stderr, /^No se avisa al solicitante: no hay cuenta de salida para enviarlo\.$/m);
    assert.doesNotMatch(closed.stderr, /no-account/);

    const bad = await cli(['cases', 'status', '1', 'abiert']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Estado de caso no válido: «abiert»/);
    const badFilter = await cli(['cases', 'list', '--status', 'x']);
    assert.equal(badFilter.code, 2);
  });

  test('the API takes either language too, and PATCH answers the row as stored', async () => {
    const server: RunningServer = await startServer(store.env);
    try {
      const before = (await server.api('GET', '/api/cases/1')).json<{ case: Case }>().case;
      const patched = await server.api('PATCH', '/api/cases/1', { status: 'pendiente' });
      assert.equal(patched.status, 200, patched.text);
      const { notification, ...row } = patched.json<Case & { notification: unknown }>();
      assert.ok(notification, 'what was done about telling the requester');
      assert.equal(row.status, 'pending');
      const after = (await server.api('GET', '/api/cases/1')).json<{ case: Case }>().case;
      assert.deepEqual(row, after, 'the updated row, updatedAt included');
      assert.ok(row.updatedAt >= before.updatedAt);
      const filtered = await server.api('GET', '/api/cases?status=pendiente');
      assert.deepEqual(
        filtered.json<Case[]>().map((c) => c.number),
        [1],
      );
    } finally {
      await server.stop();
    }
  });
});
