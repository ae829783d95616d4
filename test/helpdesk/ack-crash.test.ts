import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { makeHelpdesk } from '../support/helpdesk-fixture.js';
import { spawnSupportScript, runUntil } from '../support/mail-child.js';
import { createPipeline, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { withTestStore } from '../support/store-hooks.js';

/**
 * The acknowledgment is queued in the transaction that opens its case: a fetch killed (SIGKILL) at any
 * point of a run of new cases, then restarted, leaves every case with exactly one acknowledgment queued
 * and recorded on the case — none lost, none twice.
 */
const PASSWORD = 'secreto-ack-crash';
const MAILS = 200;

let pki: TestPki;
let server: DovecotServer;

before(async () => {
  pki = createTestPki();
  server = await startDovecot({
    pki,
    users: DIALECTS.map((d) => ({ user: `ack-${d}@helpdesk.test`, password: PASSWORD })),
  });
});
after(async () => {
  await server?.stop();
});

for (const dialect of DIALECTS) {
  describe(`one acknowledgment per new case under crashes (${dialect})`, () => {
    let store: TestStore;
    let database: Database;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
    });

    test(`SIGKILL at several points of a ${MAILS}-case run, then restart`, async () => {
      const user = `ack-${dialect}@helpdesk.test`;
      const account = dialect === 'sqlite' ? 701 : 702;
      server.deliverMany(
        user,
        Array.from({ length: MAILS }, (_, i) =>
          corpus.plainMail({
            messageId: corpus.newMessageId(`ack-${dialect}`),
            subject: `Solicitud ${i}`,
            from: `p${i}@example.test`,
          }),
        ),
      );
      const plan = fetchPlan(
        account,
        dovecotSettings(server, pki, 'imap', user, PASSWORD, { afterStore: 'delete' }),
      );
      const arg = JSON.stringify({
        databaseUrl: store.databaseUrl,
        dataDir: store.dataDir,
        plan,
        acknowledge: true,
        // Ten cases to a build transaction, so kills land at various points of a batch.
        buildLimits: { count: 10 },
      });
      const kills: number[] = [];
      // A child builds on for a batch or two before its kill lands: the fifth kill comes early enough to
      // find mail left after the first four.
      for (const at of [1, 25, 26, 60, 20]) {
        const child = spawnSupportScript('mail-fetch-child', [arg]);
        const outcome = await runUntil(child, /^mail /, at);
        assert.ok(outcome.killed, `child ${kills.length + 1} was not killed: ${outcome.stderr}`);
        kills.push(outcome.seen);
      }
      const early = spawnSupportScript('mail-fetch-child', [arg]);
      setTimeout(() => early.kill('SIGKILL'), 150);
      await runUntil(early, /^mail /, 0);

      const desk = makeHelpdesk(database, store.dataDir, { windowSeconds: 0 });
      const p = createPipeline(database, store.dataDir, { onNewCase: desk.acknowledger });
      const final = await p.runner.run(plan);
      assert.equal(final.error, null);

      const cases = await database.db
        .selectFrom('cases')
        .select('id')
        .where('source_account_id', '=', account)
        .execute();
      assert.equal(cases.length, MAILS, 'every mail opened its case once');
      const ids = cases.map((c) => c.id);
      const acks = await database.db
        .selectFrom('outbox')
        .select(['case_id', 'case_message_id', 'message_id'])
        .where('type', '=', 'case-created')
        .where('case_id', 'in', ids)
        .execute();
      const perCase = new Map<number, number>();
      for (const a of acks) perCase.set(a.case_id ?? 0, (perCase.get(a.case_id ?? 0) ?? 0) + 1);
      const missing = ids.filter((id) => !perCase.has(id));
      const twice = [...perCase].filter(([, n]) => n > 1);
      assert.deepEqual({ missing: missing.length, twice: twice.length }, { missing: 0, twice: 0 });
      // Each acknowledgment is the second message of its case, with the outbox's Message-ID.
      const recorded = await database.db
        .selectFrom('case_messages')
        .select(['id', 'message_id'])
        .where('case_id', 'in', ids)
        .where('direction', '=', 'out')
        .execute();
      assert.equal(recorded.length, MAILS);
      const byId = new Map(recorded.map((r) => [r.id, r.message_id]));
      for (const a of acks) assert.equal(byId.get(a.case_message_id ?? 0), a.message_id);
      console.log(
        `${dialect}: killed after ${kills.join(', ')} stored mails; ${MAILS} cases, one acknowledgment each`,
      );
    });
  });
}
