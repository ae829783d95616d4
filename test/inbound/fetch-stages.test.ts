import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { identityOf } from '../../src/inbound/ingest/inbound-identity.repository.js';
import type { NewCaseHook } from '../../src/inbound/ingest/mail.ingestor.js';
import type { Database } from '../../src/storage/database.js';
import type { InboundSource } from '../../src/transports/ports.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createPipeline, defaultOpener, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { WatchedBlobStore } from '../support/watched-blob-store.js';

const PASSWORD = 'secreto-etapas';

function serverCount(server: DovecotServer, user: string): number {
  return ['new', 'cur'].reduce((n, d) => n + fs.readdirSync(path.join(server.maildir(user), d)).length, 0);
}

for (const dialect of DIALECTS) {
  describe(`intake, then case building (${dialect})`, () => {
    let pki: TestPki;
    let server: DovecotServer;
    let store: TestStore;
    let database: Database;
    /** A second connection: it sees only what was committed. */
    let observer: Database;

    before(async () => {
      pki = createTestPki();
      server = await startDovecot({
        pki,
        users: ['pop3', 'imap'].flatMap((proto) => [
          { user: `order-${proto}@helpdesk.test`, password: PASSWORD },
          { user: `bad-${proto}@helpdesk.test`, password: PASSWORD },
          { user: `twin-${proto}@helpdesk.test`, password: PASSWORD },
          { user: `warm-${proto}@helpdesk.test`, password: PASSWORD },
        ]),
      });
      store = await createTestStore(dialect);
      database = await store.open();
      observer = await store.open();
    });
    after(async () => {
      await observer?.close();
      await database?.close();
      await store?.drop();
      await server?.stop();
    });

    for (const protocol of ['pop3', 'imap'] as const) {
      const accountBase = protocol === 'imap' ? 400 : 500;

      /** One run of `user`'s mailbox (mails deleted once taken in), the help desk's hook inside each new case. */
      const runWithHook = async (hook: NewCaseHook, accountId: number, user: string) => {
        const p = createPipeline(database, store.dataDir, { onNewCase: hook, buildLimits: { count: 50 } });
        const plan = fetchPlan(
          accountId,
          dovecotSettings(server, pki, protocol, user, PASSWORD, { afterStore: 'delete' }),
        );
        return { p, run: await p.runner.run(plan) };
      };
      /** The subjects among `subjects` that have a case, sorted. */
      const casesOf = async (subjects: readonly string[]) =>
        (await database.db.selectFrom('cases').select('subject').where('subject', 'in', subjects).execute())
          .map((c) => c.subject)
          .sort();

      test(`${protocol}: a mail is settled on the server only after its blob is durable and its intake committed`, async () => {
        const user = `order-${protocol}@helpdesk.test`;
        const total = 45;
        server.deliverMany(
          user,
          Array.from({ length: total }, (_, i) =>
            corpus.plainMail({ subject: `orden ${i}`, from: `o${i}@example.test` }),
          ),
        );
        const events: string[] = [];
        const violations: string[] = [];
        const watch = async (ids: readonly string[]) => {
          // What another connection sees at this moment is what was committed.
          const rows = await observer.db
            .selectFrom('inbound_mails as m')
            .leftJoin('case_messages as cm', 'cm.id', 'm.case_message_id')
            .select(['m.uid', 'm.raw_hash', 'cm.raw_hash as built_raw'])
            .where('m.account_id', '=', accountBase + 1)
            .where('m.uid', 'in', [...ids])
            .execute();
          const committed = new Map(rows.map((r) => [r.uid, r.raw_hash ?? r.built_raw]));
          for (const id of ids) {
            const raw = committed.get(id);
            if (!raw) violations.push(`${id} settled before its intake committed`);
            else if (!events.includes(`durable ${raw}`))
              violations.push(`${id} settled before its blob was durable`);
          }
          events.push(...ids.map((id) => `settle ${id}`));
        };
        const open = async (settings: Parameters<typeof defaultOpener>[0]): Promise<InboundSource> => {
          const source = await defaultOpener(settings);
          return new Proxy(source, {
            get(target, prop, receiver) {
              if (prop === 'settle') {
                return async (ids: string[]) => {
                  await watch(ids);
                  return target.settle(ids);
                };
              }
              const value: unknown = Reflect.get(target, prop, receiver);
              return typeof value === 'function'
                ? (value as (...a: unknown[]) => unknown).bind(target)
                : value;
            },
          });
        };
        const p = createPipeline(database, store.dataDir, {
          open,
          blobs: new WatchedBlobStore(store.dataDir, database, events),
          intakeLimits: { count: 10 },
        });
        const plan = fetchPlan(
          accountBase + 1,
          dovecotSettings(server, pki, protocol, user, PASSWORD, { afterStore: 'delete' }),
        );
        const run = await p.runner.run(plan);
        assert.deepEqual([run.error, run.newCases], [null, total]);
        assert.deepEqual(violations, []);
        assert.equal(events.filter((e) => e.startsWith('settle ')).length, total, 'every mail settled once');
        assert.ok(events.filter((e) => e.startsWith('durable ')).length >= total);
        assert.equal(serverCount(server, user), 0);
      });

      test(`${protocol}: one mail that fails to store goes to quarantine; the rest of its batch is stored`, async () => {
        const user = `bad-${protocol}@helpdesk.test`;
        const bad = `${protocol}: rompe el lote`;
        const subjects = Array.from({ length: 8 }, (_, i) => (i === 4 ? bad : `${protocol}: lote ${i}`));
        server.deliverMany(
          user,
          subjects.map((subject, i) => corpus.plainMail({ subject, from: `b${i}@example.test` })),
        );
        let failing = true;
        // What the help desk does when a mail opens a case runs inside its transaction: its failure is
        // this mail's failure.
        const hook: NewCaseHook = {
          prepare: () =>
            Promise.resolve((_trx, event) => {
              if (failing && event.mail.subject === bad) throw new Error('acuse imposible');
              return Promise.resolve();
            }),
        };
        const { p, run } = await runWithHook(hook, accountBase + 2, user);
        assert.deepEqual([run.error, run.newCases, run.quarantined], [null, 7, 1]);
        assert.deepEqual(
          await casesOf(subjects),
          subjects.filter((s) => s !== bad).sort(),
          'the failed mail left no half-made case',
        );
        const [held] = await p.quarantine.list(accountBase + 2);
        assert.deepEqual([held?.reason, held?.rawKept], ['storage_error', true]);
        assert.match(held?.detail ?? '', /acuse imposible/);
        assert.equal(serverCount(server, user), 0, 'taken in: settled on the server before building');
        // Retried from its kept raw bytes once what failed is fixed.
        failing = false;
        const retried = await p.quarantine.retry(held?.id ?? 0);
        assert.equal(retried.kind, 'new_case');
        assert.deepEqual(await p.quarantine.list(accountBase + 2), []);
      });

      test(`${protocol}: a batch whose identities collide at its end is stored again, one case per request`, async () => {
        const user = `twin-${protocol}@helpdesk.test`;
        const twin = `${protocol}: copia guardada por otro`;
        const subjects = Array.from({ length: 6 }, (_, i) => (i === 2 ? twin : `${protocol}: gemelo ${i}`));
        server.deliverMany(
          user,
          subjects.map((subject, i) => corpus.plainMail({ subject, from: `g${i}@example.test` })),
        );
        // As if another builder stored a copy of this request after the batch looked its identities up: the
        // identity appears inside the batch's transaction, before the batch claims its own at its end.
        let opened = 0;
        const hook: NewCaseHook = {
          prepare: () =>
            Promise.resolve(async (trx, event) => {
              if (event.mail.subject !== twin) return;
              opened += 1;
              if (opened > 1) return;
              await trx
                .insertInto('inbound_identities')
                .values({
                  dedup_key: identityOf(event.mail, ''),
                  case_message_id: null,
                  account_id: accountBase + 3,
                  created_at: new Date().toISOString(),
                })
                .execute();
            }),
        };
        const { run } = await runWithHook(hook, accountBase + 3, user);
        assert.deepEqual([run.error, run.newCases, run.quarantined], [null, 6, 0]);
        assert.equal(opened, 2, 'the batch was stored twice: without savepoints, then with them');
        assert.deepEqual(await casesOf(subjects), [...subjects].sort(), 'one case per request');
        const identities = await database.db
          .selectFrom('inbound_identities')
          .select('dedup_key')
          .where('account_id', '=', accountBase + 3)
          .execute();
        assert.equal(identities.length, 6, 'each request recorded once');
      });

      test(`${protocol}: a one-off run starts the parser before reaching the server; a polling run once mail is listed`, async () => {
        const user = `warm-${protocol}@helpdesk.test`;
        const events: string[] = [];
        const open = async (settings: Parameters<typeof defaultOpener>[0]): Promise<InboundSource> => {
          events.push('open');
          return defaultOpener(settings);
        };
        const p = createPipeline(database, store.dataDir, { open });
        p.ingestor.warmUp = () => void events.push('warm');
        const plan = fetchPlan(
          accountBase + 4,
          dovecotSettings(server, pki, protocol, user, PASSWORD, { afterStore: 'delete' }),
        );
        const runOnce = async (options: Parameters<typeof p.runner.run>[2]) => {
          events.length = 0;
          const run = await p.runner.run(plan, undefined, options);
          assert.equal(run.error, null);
          return [...events];
        };
        // Nothing to take: a poll never starts the parser; a one-off run has already started it.
        assert.deepEqual(await runOnce({}), ['open']);
        assert.deepEqual(await runOnce({ warmParserEarly: true }), ['warm', 'open']);
        server.deliverMany(user, [corpus.plainMail({ subject: 'calentar 1' })]);
        assert.deepEqual(await runOnce({}), ['open', 'warm']);
        server.deliverMany(user, [corpus.plainMail({ subject: 'calentar 2' })]);
        assert.deepEqual((await runOnce({ warmParserEarly: true })).slice(0, 2), ['warm', 'open']);
        // Not building (`--no-wait`): never.
        server.deliverMany(user, [corpus.plainMail({ subject: 'calentar 3' })]);
        assert.deepEqual(await runOnce({ warmParserEarly: true, noWait: true }), ['open']);
      });
    }
  });
}
