import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AckOutcome } from '../../src/helpdesk/acknowledger.js';
import { windowStart } from '../../src/inbound/classify/sender.throttle.js';
import { CaseBuilder } from '../../src/inbound/ingest/case-builder.js';
import type { NewCaseHook } from '../../src/inbound/ingest/mail.ingestor.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { makeHelpdesk } from '../support/helpdesk-fixture.js';
import { createPipeline, queueForBuilding, type TestPipeline } from '../support/mail-pipeline.js';
import { withTestStore } from '../support/store-hooks.js';

const LIMIT = 3;
const WINDOW = { limit: LIMIT, windowSeconds: 3600 };

/**
 * A build batch stored without a savepoint per mail counts its senders in memory and writes the counts at
 * its end (src/inbound/classify/sender-tally.ts): the verdicts, the stored counts and the acknowledgments
 * must be the ones a statement per mail gives, and two builders sharing a sender must still count one
 * after the other.
 */
for (const dialect of DIALECTS) {
  describe(`sender counts of a build batch (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let account = 500;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
    });

    /** Queues raw mails for building, as intake does, under a new account; returns the account. */
    const queue = async (p: TestPipeline, raws: readonly Buffer[]): Promise<number> => {
      account += 1;
      const accountId = account;
      await queueForBuilding(p, accountId, raws);
      return accountId;
    };
    const builderOf = (p: TestPipeline, count = 50) =>
      new CaseBuilder({ database, ingestor: p.ingestor, logger: silentLogger, limits: { count } });
    const countOf = async (address: string) => {
      const row = await database.db
        .selectFrom('sender_counts')
        .select('count')
        .where('address', '=', address)
        .where('window_start', '=', windowStart(new Date(), WINDOW.windowSeconds))
        .executeTakeFirst();
      return row === undefined ? undefined : Number(row.count);
    };
    const outcomes = async (accountId: number) =>
      (
        await database.db
          .selectFrom('inbound_mails')
          .select(['uid', 'outcome'])
          .where('account_id', '=', accountId)
          .orderBy('id')
          .execute()
      ).map((r) => `${r.uid}:${r.outcome}`);
    const quarantined = async (accountId: number) =>
      (
        await database.db
          .selectFrom('quarantine')
          .select(['uid', 'reason'])
          .where('account_id', '=', accountId)
          .orderBy('uid')
          .execute()
      ).map((r) => `${r.uid}:${r.reason}`);

    test('one batch: the same verdicts and stored counts as a statement per mail', async () => {
      const p = createPipeline(database, store.dataDir, { throttleLimit: LIMIT });
      const ana = (n: number, from = 'Ana <ana@cliente.test>') =>
        corpus.plainMail({ from, subject: `Pedido ${n}` }, `Texto del pedido ${n}.\n`);
      // Beto had three mails in this window already: his next one is over the limit.
      await database.db
        .insertInto('sender_counts')
        .values({ address: 'beto@cliente.test', window_start: windowStart(new Date(), 3600), count: 3 })
        .execute();
      const accountId = await queue(p, [
        ana(1),
        ana(2, 'Ana <ANA@Cliente.test>'),
        corpus.outOfOfficeMail('<algo@example.test>', { from: 'ana@cliente.test' }),
        ana(3),
        corpus.plainMail({ from: 'beto@cliente.test', subject: 'Beto' }),
        ana(4),
        ana(5),
      ]);
      assert.equal(await builderOf(p).drain(accountId), 7);
      // Ana's fourth and fifth mails (the sixth and seventh queued) go over the limit; the auto-reply in
      // between is not a person's mail and is not counted.
      assert.deepEqual(await quarantined(accountId), ['5:throttled', '6:throttled', '7:throttled']);
      assert.deepEqual(
        (await outcomes(accountId)).filter((o) => o.endsWith('new_case')),
        ['1:new_case', '2:new_case', '4:new_case'],
      );
      assert.equal(await countOf('ana@cliente.test'), 5);
      assert.equal(await countOf('beto@cliente.test'), 4);
    });

    test('an acknowledgment sees the counts of its own batch before they are written', async () => {
      const desk = makeHelpdesk(database, store.dataDir, { throttleLimit: LIMIT, windowSeconds: 0 });
      const p = createPipeline(database, store.dataDir, {
        throttleLimit: LIMIT,
        onNewCase: desk.acknowledger,
      });
      const acks: AckOutcome[] = [];
      desk.acknowledger.onOutcome = (_caseId, outcome) => acks.push(outcome);
      const carla = (n: number) =>
        corpus.plainMail({ from: 'carla@cliente.test', subject: `Consulta ${n}` }, `Consulta ${n}.\n`);
      // A web form's mail: sent by a robot of the form's domain for Carla (her address in Reply-To), so the
      // case is hers and counts against the form's address, not hers.
      const form = corpus.plainMail(
        {
          from: 'formulario@web.test',
          subject: 'Formulario de contacto',
          headers: { Sender: 'robot@web.test', 'Reply-To': 'carla@cliente.test' },
        },
        'Enviado desde el formulario.\n',
      );
      const accountId = await queue(p, [carla(1), carla(2), carla(3), carla(4), form]);
      assert.equal(await builderOf(p).drain(accountId), 5);
      assert.deepEqual(await quarantined(accountId), ['4:throttled']);
      // Carla is over the limit within the batch (4 mails counted, none written yet when the form's case
      // opens): her case from the form opens, unacknowledged.
      assert.deepEqual(
        acks.map((a) => (a.status === 'queued' ? 'queued' : a.reason)),
        ['queued', 'queued', 'queued', 'throttled'],
      );
      assert.equal(await countOf('carla@cliente.test'), 4);
      assert.equal(await countOf('formulario@web.test'), 1);
    });

    test('a batch stored again with a savepoint per mail counts each stored mail once', async () => {
      // A hook that fails for one mail: the batch's first attempt (counts in memory) is undone, and the
      // batch is stored again one savepoint per mail, where the failing mail goes to quarantine.
      const failing: NewCaseHook = {
        prepare: () =>
          Promise.resolve(async (_trx, event) => {
            if (event.mail.subject === 'Falla') throw new Error('hook failed');
          }),
      };
      const p = createPipeline(database, store.dataDir, { throttleLimit: LIMIT, onNewCase: failing });
      const from = 'dora@cliente.test';
      const accountId = await queue(p, [
        corpus.plainMail({ from, subject: 'Uno' }),
        corpus.plainMail({ from, subject: 'Falla' }),
        corpus.plainMail({ from, subject: 'Dos' }),
      ]);
      assert.equal(await builderOf(p).drain(accountId), 3);
      assert.deepEqual(await quarantined(accountId), ['2:storage_error']);
      // Neither the undone attempt nor the rolled-back mail counts.
      assert.equal(await countOf(from), 2);
    });

    test('a passing database failure (a deadlock) stores the batch again instead of quarantining a mail', async () => {
      // The hook fails as PostgreSQL does when it breaks a deadlock, three times in a row: the batch's
      // first attempt, then the mail under its own savepoint twice (where a mail's own failure would send
      // it to quarantine).
      let failures = 3;
      const flaky: NewCaseHook = {
        prepare: () =>
          Promise.resolve(async (_trx, event) => {
            if (event.mail.subject === 'Pasajero' && failures > 0) {
              failures -= 1;
              throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
            }
          }),
      };
      const p = createPipeline(database, store.dataDir, { throttleLimit: LIMIT, onNewCase: flaky });
      const from = 'fabio@cliente.test';
      const accountId = await queue(p, [
        corpus.plainMail({ from, subject: 'Uno' }),
        corpus.plainMail({ from, subject: 'Pasajero' }),
        corpus.plainMail({ from, subject: 'Dos' }),
      ]);
      assert.equal(await builderOf(p).drain(accountId), 3);
      assert.equal(failures, 0);
      assert.deepEqual(await quarantined(accountId), []);
      assert.deepEqual(await outcomes(accountId), ['1:new_case', '2:new_case', '3:new_case']);
      // Undone attempts count nothing: each mail once.
      assert.equal(await countOf(from), 3);
    });

    test('two builders sharing a sender count one after the other', async () => {
      const p = createPipeline(database, store.dataDir, { throttleLimit: LIMIT });
      const from = 'eva@cliente.test';
      const raws = Array.from({ length: 16 }, (_, i) =>
        corpus.plainMail({ from, subject: `Aviso ${i}` }, `Aviso número ${i}.\n`),
      );
      const accountId = await queue(p, raws);
      // Small batches, so that the two builders' transactions interleave.
      const built = await Promise.all([builderOf(p, 2).drain(accountId), builderOf(p, 2).drain(accountId)]);
      assert.equal(built[0] + built[1], 16);
      const results = await outcomes(accountId);
      assert.equal(results.filter((o) => o.endsWith('new_case')).length, LIMIT);
      assert.equal((await quarantined(accountId)).length, 16 - LIMIT);
      assert.equal(await countOf(from), 16);
    });
  });
}
