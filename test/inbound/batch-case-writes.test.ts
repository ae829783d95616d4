import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type KyselyPlugin } from 'kysely';
import { CaseBuilder } from '../../src/inbound/ingest/case-builder.js';
import type { NewCaseAction, NewCaseHook } from '../../src/inbound/ingest/mail.ingestor.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createCaseMessageId } from '../../src/notifications/message-id.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { CASE_KEY, createPipeline, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { withTestStore } from '../support/store-hooks.js';

const PASSWORD = 'secreto-lote';

/** A new case hook that only reports (as the acknowledger without anything to send): it notes the ids. */
function reportingHook(seen: number[]): NewCaseHook {
  const action: NewCaseAction = Object.assign(
    (_trx: unknown, event: { caseId: number }) => {
      seen.push(event.caseId);
      return Promise.resolve();
    },
    { onlyReports: () => true },
  );
  return { prepare: () => Promise.resolve(action) };
}

/** The database with every statement it runs counted (the counter is read and reset by the test). */
function counting(database: Database): { database: Database; statements: () => number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: (args) => {
      count += 1;
      return Promise.resolve(args.result);
    },
  };
  const counted: Database = {
    ...database,
    db: database.db.withPlugin(plugin),
    close: () => database.close(),
  };
  return {
    database: counted,
    statements: () => {
      const n = count;
      count = 0;
      return n;
    },
  };
}

/** The id and number of the case with this subject. */
function caseWithSubject(database: Database, subject: string) {
  return database.db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('subject', '=', subject)
    .executeTakeFirstOrThrow();
}

for (const dialect of DIALECTS) {
  describe(`a build batch's cases and answers (${dialect})`, () => {
    let pki: TestPki;
    let server: DovecotServer;
    let store: TestStore;
    let database: Database;
    const user = 'lote@helpdesk.test';

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

    test('are stored as one by one: numbers in mail order, answers to cases of the same batch and before, one row per requester, the hook told the stored ids', async () => {
      const seen: number[] = [];
      const p = createPipeline(database, store.dataDir, {
        onNewCase: reportingHook(seen),
        buildLimits: { count: 50 },
      });
      const settings = dovecotSettings(server, pki, 'imap', user, PASSWORD);
      server.deliverMany(user, [
        corpus.plainMail({ subject: 'antes', messageId: '<antes@lote.test>' }),
        corpus.plainMail({ subject: 'cerrado', messageId: '<cerrado@lote.test>' }),
      ]);
      const first = await p.runner.run(fetchPlan(801, settings));
      assert.deepEqual([first.error, first.newCases], [null, 2]);
      const earlier = await caseWithSubject(database, 'antes');
      const number = earlier.number ?? 0;
      // Answers move a pending case back to open, and leave a closed one closed.
      await database.db
        .updateTable('cases')
        .set({ status: 'pending' })
        .where('subject', '=', 'antes')
        .execute();
      await database.db
        .updateTable('cases')
        .set({ status: 'closed' })
        .where('subject', '=', 'cerrado')
        .execute();

      const reply = (subject: string, to: string, references = to) =>
        corpus.plainMail({ subject, headers: { 'In-Reply-To': to, References: references } });
      server.deliverMany(user, [
        corpus.plainMail({ subject: 'uno', from: 'ana@lote.test', messageId: '<uno@lote.test>' }),
        corpus.inlineImageMail({ subject: 'dos', from: 'Ana Perez <ANA@lote.test>' }),
        reply('respuesta a uno', '<uno@lote.test>'),
        corpus.plainMail({ subject: 'tres', from: 'Bea <bea@lote.test>', messageId: '<tres@lote.test>' }),
        // Refers to both: the newest message wins, stored earlier in this batch too.
        reply('a uno y tres', '<uno@lote.test>', '<uno@lote.test> <tres@lote.test>'),
        corpus.replyByTagMail(number, { subject: `RE: [Caso #${number}] antes` }),
        reply('otra a antes', '<antes@lote.test>'),
        reply('a cerrado', '<cerrado@lote.test>'),
        corpus.plainMail({ subject: 'cuatro', from: 'Carla <carla@lote.test>' }),
      ]);
      const second = await p.runner.run(fetchPlan(801, settings));
      assert.deepEqual(
        [second.error, second.newCases, second.followUps, second.quarantined],
        [null, 4, 5, 0],
      );

      const cases = await database.db
        .selectFrom('cases')
        .innerJoin('requesters', 'requesters.id', 'cases.requester_id')
        .select([
          'cases.id',
          'cases.number',
          'cases.subject',
          'cases.status',
          'cases.updated_at',
          'requesters.address',
          'requesters.display_name',
        ])
        .orderBy('cases.number')
        .execute();
      assert.deepEqual(
        cases.map((c) => c.subject),
        ['antes', 'cerrado', 'uno', 'dos', 'tres', 'cuatro'],
        'numbered in the order the mails came',
      );
      assert.deepEqual(
        cases.map((c) => c.status),
        ['open', 'closed', 'new', 'new', 'new', 'new'],
        'each case moved by its answers as one by one',
      );
      // The change is kept in the case's history as one by one: made by the first answer, from the status
      // the case had, by its sender; the second answer, a closed case's and a new case's change nothing.
      const changes = await database.db
        .selectFrom('case_events')
        .innerJoin('cases', 'cases.id', 'case_events.case_id')
        .leftJoin('case_messages', 'case_messages.id', 'case_events.case_message_id')
        .select([
          'cases.subject as case',
          'case_messages.subject as message',
          'case_events.kind',
          'case_events.reason',
          'case_events.previous_status',
          'case_events.status',
          'case_events.author',
          'case_events.created_at',
          'case_messages.created_at as message_at',
        ])
        .execute();
      assert.deepEqual(
        changes.map((c) => [c.case, c.message, c.kind, c.reason, c.previous_status, c.status, c.author]),
        [
          [
            'antes',
            `RE: [Caso #${number}] antes`,
            'status-changed',
            'mail',
            'pending',
            'open',
            'ana@example.test',
          ],
        ],
      );
      assert.equal(changes[0]?.created_at, changes[0]?.message_at, 'when its mail was stored');
      cases.forEach((c, i) => {
        assert.equal(c.number, c.id, 'a case’s number is its id');
        assert.equal(c.number, number + i, 'numbers follow each other, none skipped');
      });
      assert.deepEqual(
        seen,
        cases.map((c) => c.id),
        'the hook was told each stored case id, in order',
      );
      const ana = cases.filter((c) => c.address === 'ana@lote.test');
      assert.equal(ana.length, 2);
      assert.equal(new Set(ana.map((c) => c.display_name)).size, 1, 'one requester row for both cases');
      assert.equal(ana[0]?.display_name, 'Ana Perez', 'the name a later mail gave is kept');

      const messages = await database.db
        .selectFrom('case_messages')
        .innerJoin('cases', 'cases.id', 'case_messages.case_id')
        .select([
          'case_messages.id',
          'case_messages.subject as message',
          'case_messages.created_at',
          'cases.subject as case',
        ])
        .orderBy('case_messages.id')
        .execute();
      assert.deepEqual(
        messages.map((m) => [m.message, m.case]),
        [
          ['antes', 'antes'],
          ['cerrado', 'cerrado'],
          ['uno', 'uno'],
          ['dos', 'dos'],
          ['respuesta a uno', 'uno'],
          ['tres', 'tres'],
          ['a uno y tres', 'tres'],
          [`RE: [Caso #${number}] antes`, 'antes'],
          ['otra a antes', 'antes'],
          ['a cerrado', 'cerrado'],
          ['cuatro', 'cuatro'],
        ],
        'each message on its case, in the order the mails came',
      );
      for (const c of cases) {
        const last = messages.filter((m) => m.case === c.subject).at(-1);
        assert.equal(c.updated_at, last?.created_at, `${c.subject}: active when its last message came`);
      }
      const attachments = await database.db
        .selectFrom('case_attachments')
        .innerJoin('case_messages', 'case_messages.id', 'case_attachments.message_id')
        .select(['case_messages.subject'])
        .execute();
      assert.ok(attachments.length > 0, 'the image mail has its attachment rows');
      assert.ok(
        attachments.every((a) => a.subject === 'dos'),
        'on its own message',
      );

      // What the batch recorded of each mail names stored rows.
      const messageIds = new Set(messages.map((m) => m.id));
      const caseIds = new Set(cases.map((c) => c.id));
      const mails = await database.db.selectFrom('inbound_mails').select(['case_message_id']).execute();
      assert.equal(mails.length, 11);
      for (const m of mails) assert.ok(messageIds.has(m.case_message_id ?? -1), 'a stored message');
      const identities = await database.db
        .selectFrom('inbound_identities')
        .select(['case_message_id'])
        .execute();
      for (const i of identities) assert.ok(messageIds.has(i.case_message_id ?? -1), 'a stored message');
      const log = await database.db.selectFrom('inbound_log').select(['case_id']).execute();
      assert.equal(log.length, 11);
      for (const l of log) assert.ok(caseIds.has(l.case_id ?? -1), 'a stored case');
    });

    if (dialect === 'postgres') {
      /** Statements of building one batch of new cases and answers to them, with this new case hook. */
      const statementsFor = async (
        hook: NewCaseHook,
        cases: number,
        answers: number,
        tag: string,
        others: readonly Buffer[] = [],
      ) => {
        const counted = counting(database);
        const p = createPipeline(database, store.dataDir, { onNewCase: hook });
        const builder = new CaseBuilder({
          database: counted.database,
          ingestor: p.ingestor,
          logger: silentLogger,
          limits: { count: 50 },
        });
        const settings = dovecotSettings(server, pki, 'imap', user, PASSWORD);
        const id = (i: number) => `<${tag}.${i}@lote.test>`;
        server.deliverMany(user, [
          ...Array.from({ length: cases }, (_, i) =>
            corpus.plainMail({
              subject: `${tag} ${i}`,
              from: `persona${i}.${tag}@lote.test`,
              messageId: id(i),
            }),
          ),
          ...Array.from({ length: answers }, (_, i) =>
            corpus.plainMail({
              subject: `Re: ${tag} ${i}`,
              headers: { 'In-Reply-To': id(i), References: id(i) },
            }),
          ),
          ...others,
        ]);
        const intake = await p.runner.run(fetchPlan(802, settings), undefined, { noWait: true });
        assert.deepEqual([intake.error, intake.received], [null, cases + answers + others.length]);
        counted.statements();
        const built = await builder.buildBatch();
        assert.deepEqual(
          [
            built.filter((b) => b.result.kind === 'new_case').length,
            built.filter((b) => b.result.kind === 'follow_up').length,
          ],
          [cases, answers + others.length],
        );
        return counted.statements();
      };

      test('are written with as many statements for 30 mails as for 3, answers to them included', async () => {
        const few = await statementsFor(reportingHook([]), 2, 1, 'pocos');
        const many = await statementsFor(reportingHook([]), 20, 10, 'muchos');
        assert.equal(many, few, `${many} statements for 30 mails, ${few} for 3`);
      });

      test('stay held while answers find their cases by number or by signed Message-ID', async () => {
        await statementsFor(reportingHook([]), 1, 0, 'destino');
        const target = await caseWithSubject(database, 'destino 0');
        const number = target.number ?? 0;
        const signed = createCaseMessageId(CASE_KEY, target.id, 'helpdesk.test');
        // Each answer costs its own look-up; none writes what the batch holds (2 statements each time).
        const answers = (n: number) => [
          ...Array.from({ length: n }, (_, i) =>
            corpus.replyByTagMail(number, { subject: `RE: [Caso #${number}] etiqueta ${i}` }),
          ),
          ...Array.from({ length: n }, (_, i) =>
            corpus.plainMail({
              subject: `firmada ${i}`,
              headers: { 'In-Reply-To': signed, References: signed },
            }),
          ),
        ];
        const few = await statementsFor(reportingHook([]), 3, 0, 'pocas-respuestas', answers(1));
        const many = await statementsFor(reportingHook([]), 3, 0, 'muchas-respuestas', answers(3));
        assert.equal(many - few, 4, `${many} statements with 6 such answers, ${few} with 2`);
        const moved = await database.db
          .selectFrom('case_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('case_id', '=', target.id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(moved.n), 1 + 2 + 6, 'every answer on its case');
      });

      test("are written by a statement planned without its values, the batch's later ones as before", async () => {
        // Each statement on these tables notes the plan mode it ran under, in order.
        const watched = ['case_messages', 'inbound_mails'];
        await sql`create table plan_modes (id serial primary key, tab text, mode text)`.execute(database.db);
        await sql`create function note_plan_mode() returns trigger language plpgsql as $$
          begin
            insert into plan_modes (tab, mode) values (tg_table_name, current_setting('plan_cache_mode'));
            return null;
          end $$`.execute(database.db);
        for (const table of watched) {
          await sql`create trigger note_plan_mode before insert or update on ${sql.table(table)}
            for each statement execute function note_plan_mode()`.execute(database.db);
        }
        try {
          await statementsFor(reportingHook([]), 3, 2, 'plan');
          const { rows } = await sql<{ tab: string; mode: string }>`
            select tab, mode from plan_modes order by id`.execute(database.db);
          // The writing statement carries the batch's bodies: planned generically, they are not copied into
          // the plan (a custom plan copies each value, twice for a CTE). The setting is the transaction's and
          // is set back at the statement's end: what follows is planned as the session would.
          assert.deepEqual(
            rows.filter((r) => r.tab === 'case_messages').map((r) => r.mode),
            ['force_generic_plan'],
          );
          const after = rows.slice(rows.findIndex((r) => r.tab === 'case_messages') + 1);
          assert.ok(
            after.some((r) => r.tab === 'inbound_mails'),
            'the built mails are recorded after it',
          );
          assert.deepEqual([...new Set(after.map((r) => r.mode))], ['auto']);
        } finally {
          for (const table of watched) {
            await sql`drop trigger note_plan_mode on ${sql.table(table)}`.execute(database.db);
          }
          await sql`drop function note_plan_mode()`.execute(database.db);
          await sql`drop table plan_modes`.execute(database.db);
        }
      });

      test('are written one by one when a new case hook works on them', async () => {
        const seen: number[] = [];
        // Without `onlyReports`: the hook may write about the case, which must exist when it runs.
        const working: NewCaseHook = {
          prepare: () =>
            Promise.resolve(async (trx, event) => {
              const found = await trx
                .selectFrom('cases')
                .select('id')
                .where('id', '=', event.caseId)
                .executeTakeFirst();
              assert.equal(found?.id, event.caseId, 'the case is stored when its hook runs');
              seen.push(event.caseId);
            }),
        };
        const few = await statementsFor(working, 2, 1, 'uno-a-uno');
        const many = await statementsFor(working, 20, 10, 'uno-a-uno-mas');
        assert.equal(seen.length, 22);
        assert.ok(many - few >= 18 * 2, `${many} statements for 30 mails, ${few} for 3: each case its own`);
      });
    }
  });
}
