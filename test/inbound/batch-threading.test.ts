import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessageIdRow } from '../../src/cases/case.types.js';
import type { NewCaseHook } from '../../src/inbound/ingest/mail.ingestor.js';
import { ThreadIndex } from '../../src/inbound/thread/thread-index.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createPipeline, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { withTestStore } from '../support/store-hooks.js';

const PASSWORD = 'secreto-hilos';

describe('a build batch’s thread index', () => {
  const row = (messageId: string, rowId: number, caseId: number): MessageIdRow => ({
    messageId,
    rowId,
    caseId,
  });

  test('answers as the per-mail look-up: the newest message, else the newest sent notification', async () => {
    const asked: string[][] = [];
    const index = await ThreadIndex.load(
      ['<a@x>', '<b@x>', '<a@x>', ...Array.from({ length: 700 }, (_, i) => `<n${i}@x>`), '<s@x>'],
      {
        messagesWithIds: (ids) => {
          asked.push([...ids]);
          return Promise.resolve(
            [row('<a@x>', 5, 50), row('<a@x>', 9, 90), row('<b@x>', 7, 70)].filter((r) =>
              ids.includes(r.messageId),
            ),
          );
        },
        sentWithIds: (ids) =>
          Promise.resolve(
            [row('<s@x>', 3, 30), row('<a@x>', 99, 999)].filter((r) => ids.includes(r.messageId)),
          ),
      },
    );
    assert.deepEqual(
      asked.map((ids) => ids.length),
      [500, 203],
      'each id once, in statements of at most 500',
    );
    assert.equal(index.caseIdByMessageIds(['<a@x>']), 90, 'the newest message with the id');
    assert.equal(index.caseIdByMessageIds(['<b@x>', '<a@x>']), 90, 'the newest among the ids');
    assert.equal(index.caseIdByMessageIds(['<s@x>']), 30, 'a sent notification when no message has it');
    assert.equal(index.caseIdByMessageIds(['<s@x>', '<b@x>']), 70, 'a message before any sent notification');
    assert.equal(index.caseIdByMessageIds(['<nadie@x>']), undefined);
    assert.equal(index.caseIdByMessageIds([]), undefined);
    index.add(row('<c@x>', 100, 5));
    index.add(row('<b@x>', 101, 6));
    assert.equal(index.caseIdByMessageIds(['<c@x>']), 5, 'a message the batch stored');
    assert.equal(index.caseIdByMessageIds(['<a@x>', '<b@x>']), 6, 'newer than what was read');
  });
});

for (const dialect of DIALECTS) {
  describe(`threading inside one build batch (${dialect})`, () => {
    let pki: TestPki;
    let server: DovecotServer;
    let store: TestStore;
    let database: Database;
    const user = 'hilos@helpdesk.test';

    before(async () => {
      pki = createTestPki();
      server = await startDovecot({ pki, users: [{ user, password: PASSWORD }] });
    });
    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
    });
    after(async () => {
      await server?.stop();
    });

    test('mails answering mails of the same batch, of earlier batches, and of a mail that failed', async () => {
      // A mail that fails to store (its acknowledgment throws): its batch is stored again with a savepoint
      // per mail, and it goes to quarantine with nothing of it kept.
      const hook: NewCaseHook = {
        prepare: () =>
          Promise.resolve(async (_trx, event) => {
            if (event.mail.subject === 'falla') throw new Error('el acuse no se pudo guardar');
          }),
      };
      const p = createPipeline(database, store.dataDir, { onNewCase: hook, buildLimits: { count: 50 } });
      const settings = dovecotSettings(server, pki, 'imap', user, PASSWORD, { afterStore: 'delete' });
      const reply = (subject: string, to: string, references = to) =>
        corpus.plainMail({ subject, headers: { 'In-Reply-To': to, References: references } });

      server.deliverMany(user, [corpus.plainMail({ subject: 'antes', messageId: '<antes@example.test>' })]);
      const first = await p.runner.run(fetchPlan(901, settings));
      assert.deepEqual([first.error, first.newCases], [null, 1]);

      server.deliverMany(user, [
        corpus.plainMail({ subject: 'nuevo', messageId: '<nuevo@example.test>' }),
        reply('respuesta al nuevo', '<nuevo@example.test>'),
        reply('respuesta al de antes', '<antes@example.test>'),
        // Refers to both: the newest message wins, the one stored earlier in this very batch.
        reply('a los dos', '<antes@example.test>', '<antes@example.test> <nuevo@example.test>'),
        corpus.plainMail({ subject: 'falla', messageId: '<falla@example.test>' }),
        reply('respuesta a la fallida', '<falla@example.test>'),
      ]);
      const second = await p.runner.run(fetchPlan(901, settings));
      assert.deepEqual(
        [second.error, second.newCases, second.followUps, second.quarantined],
        [null, 2, 3, 1],
      );
      const rows = await database.db
        .selectFrom('case_messages')
        .innerJoin('cases', 'cases.id', 'case_messages.case_id')
        .select(['case_messages.subject as message', 'cases.subject as case'])
        .orderBy('case_messages.id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.message, r.case]),
        [
          ['antes', 'antes'],
          ['nuevo', 'nuevo'],
          ['respuesta al nuevo', 'nuevo'],
          ['respuesta al de antes', 'antes'],
          ['a los dos', 'nuevo'],
          ['respuesta a la fallida', 'respuesta a la fallida'],
        ],
      );
    });
  });
}
