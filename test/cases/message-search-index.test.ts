import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { CaseService } from '../../src/cases/case.service.js';
import type { NewMessage } from '../../src/cases/case.types.js';
import { withSearchIndexDeferred } from '../../src/cases/message-search-index.js';
import { inTransaction, type Database, type Tx } from '../../src/storage/database.js';
import { DIALECTS } from '../support/databases.js';
import { newMessage } from '../support/new-message.js';
import { withTestStore } from '../support/store-hooks.js';

function message(subject: string, text: string, messageId: string): NewMessage {
  return newMessage({
    from: { address: 'ana@example.test', name: 'Ana Pérez' },
    subject,
    messageId,
    text,
    textReply: text,
  });
}

for (const dialect of DIALECTS) {
  describe(`search entries of case messages (${dialect})`, () => {
    let database: Database;
    let cases: CaseService;
    withTestStore(dialect, (_store, db) => {
      database = db;
      cases = new CaseService(database);
    });
    const postgres = () => database.dialect === 'postgres';
    const found = async (words: string) => (await cases.list({ search: words })).map((c) => c.id).sort();
    const open = (trx: Tx, word: string, n: number) =>
      cases.openCase(trx, {
        subject: `Incidencia ${n}`,
        requester: { address: `persona${n}@example.test` },
        sourceAccountId: null,
        message: message(`Incidencia ${n}`, `El equipo ${word} no arranca.`, `<${word}-${n}@example.test>`),
      });

    test('a message stored on its own is found at once, in its own transaction', async () => {
      const seen = await inTransaction(database, async (trx) => {
        const opened = await open(trx, 'granate', 1);
        const inside = await cases['repo'].listCases(trx, { search: 'granate' });
        return { opened, inside: inside.map((c) => c.id) };
      });
      assert.deepEqual(seen.inside, [seen.opened.caseId]);
      assert.deepEqual(await found('granate'), [seen.opened.caseId]);
    });

    test('a deferring transaction indexes its messages at its end, a rolled-back one not at all', async () => {
      const ids = await inTransaction(database, (trx) =>
        withSearchIndexDeferred(trx, postgres(), async () => {
          const opened: number[] = [];
          for (let n = 10; n < 15; n++) opened.push((await open(trx, 'turquesa', n)).caseId);
          // A message whose savepoint is undone: its row and its id are gone, the next one may take the id.
          await sql`savepoint one_mail`.execute(trx);
          await open(trx, 'turquesa', 15);
          await sql`rollback to savepoint one_mail`.execute(trx);
          await sql`release savepoint one_mail`.execute(trx);
          opened.push((await open(trx, 'turquesa', 16)).caseId);
          if (!postgres()) {
            // Not yet indexed on SQLite: the entries wait for the end of the work.
            const inside = await cases['repo'].listCases(trx, { search: 'turquesa' });
            assert.deepEqual(inside, []);
          }
          await cases.addMessage(
            trx,
            opened[0] ?? 0,
            message('Re: Incidencia 10', 'Sigue sin arrancar, turquesa.', '<r@x>'),
          );
          return opened;
        }),
      );
      assert.equal(ids.length, 6);
      assert.deepEqual(await found('turquesa'), [...ids].sort());
      assert.deepEqual(await found('sigue arrancar'), [ids[0]]);
      if (!postgres()) {
        // One entry per stored message: six openings and the follow-up, none for the undone one.
        const { rows } = await sql<{ n: number }>`select count(*) as n from case_message_fts
          where case_message_fts match 'turquesa'`.execute(database.db);
        assert.equal(Number(rows[0]?.n), 7);
      }
    });

    test('a deferring transaction that fails leaves neither messages nor entries', async () => {
      await assert.rejects(
        inTransaction(database, (trx) =>
          withSearchIndexDeferred(trx, postgres(), async () => {
            await open(trx, 'bermellon', 30);
            throw new Error('the batch failed');
          }),
        ),
        /the batch failed/,
      );
      assert.deepEqual(await found('bermellon'), []);
      // The next transaction on the same connection indexes at once again.
      const opened = await inTransaction(database, (trx) => open(trx, 'bermellon', 31));
      assert.deepEqual(await found('bermellon'), [opened.caseId]);
    });

    if (dialect === 'sqlite') {
      test('the schema leaves the entries to the code: no insert trigger, the delete trigger kept', async () => {
        const { rows } = await sql<{ name: string }>`select name from sqlite_master
          where type = 'trigger' and tbl_name = 'case_messages' order by name`.execute(database.db);
        assert.deepEqual(
          rows.map((r) => r.name),
          ['case_messages_fts_delete'],
        );
      });

      test('a batch interleaving upserts with its messages writes fewer index segments when deferred', async () => {
        const segmentsAfter = async (deferred: boolean, word: string) => {
          const before = await sql<{ n: number }>`select count(*) as n from case_message_fts_data`.execute(
            database.db,
          );
          await inTransaction(database, async (trx) => {
            const work = async () => {
              for (let n = 0; n < 40; n++) await open(trx, word, 100 + n);
            };
            return deferred ? withSearchIndexDeferred(trx, false, work) : work();
          });
          const after = await sql<{ n: number }>`select count(*) as n from case_message_fts_data`.execute(
            database.db,
          );
          return Number(after.rows[0]?.n) - Number(before.rows[0]?.n);
        };
        const oneByOne = await segmentsAfter(false, 'ocre');
        const together = await segmentsAfter(true, 'siena');
        assert.ok(together < oneByOne, `index rows written: ${together} deferred, ${oneByOne} one by one`);
        assert.equal((await found('ocre')).length, 40);
        assert.equal((await found('siena')).length, 40);
      });
    }
  });
}
