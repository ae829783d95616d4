import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readRuns, recordRun, RUN_KEEP_DAYS, type RunPage } from '../../src/activity/runs.js';
import * as corpus from '../support/corpus.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startServer } from '../support/server.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const PASSWORD = 'secreto-runs';

for (const dialect of DIALECTS) {
  describe(`the history of fetch runs and outbox rounds (${dialect})`, () => {
    let pki: TestPki;
    let dovecot: DovecotServer;
    let smtp: TestSmtpServer;
    let store: TestStore;

    before(async () => {
      pki = createTestPki();
      dovecot = await startDovecot({ pki, users: [{ user: 'runs@helpdesk.test', password: PASSWORD }] });
      smtp = await startSmtpServer({ pki, users: { 'desk@drobot.test': 'pw-desk' } });
      store = await createTestStore(dialect);
    });
    after(async () => {
      await store?.drop();
      await smtp?.stop();
      await dovecot?.stop();
    });

    const cli = (args: string[], input?: string, env: Record<string, string> = {}) =>
      runCli(args, { env: { ...store.env, ...env }, ...(input ? { input } : {}) });

    const addInbound = async (name: string, password: string) => {
      const added = await cli(
        [
          'accounts',
          'add',
          '--name',
          name,
          '--direction',
          'inbound',
          '--protocol',
          'imap',
          '--preset',
          'domain',
          '--host',
          '127.0.0.1',
          '--port',
          String(dovecot.ports.imaps),
          '--security',
          'implicit',
          '--username',
          'runs@helpdesk.test',
          '--password-stdin',
          '--ca-file',
          pki.caFile,
          '--first-run',
          'all',
        ],
        `${password}\n`,
      );
      assert.equal(added.code, 0, added.stderr);
    };

    test('a fetch run, a failing fetch run and an outbox round are listed with their counts', async () => {
      await addInbound('mesa-runs', PASSWORD);
      await addInbound('mesa-mala', 'no-es-la-clave');
      const outbound = await cli(
        [
          'accounts',
          'add',
          '--name',
          'desk',
          '--direction',
          'outbound',
          '--protocol',
          'smtp',
          '--preset',
          'domain',
          '--host',
          '127.0.0.1',
          '--port',
          String(smtp.port),
          '--security',
          'starttls',
          '--username',
          'desk@drobot.test',
          '--password-stdin',
          '--ca-file',
          pki.caFile,
        ],
        'pw-desk\n',
      );
      assert.equal(outbound.code, 0, outbound.stderr);

      dovecot.deliverMany('runs@helpdesk.test', [
        corpus.spanishLatin1Mail({ subject: 'Impresora' }),
        corpus.malformedMail(),
      ]);
      const fetched = await cli(['fetch', 'mesa-runs', '--once', '--json']);
      assert.equal(fetched.code, 0, fetched.stderr);
      const failed = await cli(['fetch', 'mesa-mala', '--once', '--json']);
      assert.notEqual(failed.code, 0, 'a wrong password fails the run');

      const data = JSON.stringify({ caseId: 7, caseSubject: 'Impresora', requesterName: 'Ana' });
      const queued = await cli(['notify', 'case-created', '--to', 'ana@example.test', '--data', data]);
      assert.equal(queued.code, 0, queued.stderr);
      const sent = await cli(['outbox', 'send', '--json']);
      assert.equal(sent.code, 0, sent.stderr);
      await smtp.waitForMessages(2);

      const all = jsonOf<RunPage>(await cli(['runs', 'list', '--json']));
      assert.deepEqual(
        all.items.map((r) => [r.kind, r.account]),
        [
          ['send', null],
          ['fetch', 'mesa-mala'],
          ['fetch', 'mesa-runs'],
        ],
      );
      assert.equal(all.nextCursor, null);
      const [send, bad, good] = all.items;
      // The new case's acknowledgement and the notification queued here, sent in one round.
      const round = jsonOf<{ claimed: number; sent: number; retrying: number; failed: number }>(sent);
      assert.deepEqual(round, { claimed: 2, sent: 2, retrying: 0, failed: 0 });
      assert.deepEqual(send?.counts, round);
      assert.equal(send?.error, null);
      assert.equal(good?.error, null);
      assert.deepEqual(
        [good?.counts.received, good?.counts.fetched, good?.counts.newCases, good?.counts.quarantined],
        [2, 2, 1, 1],
      );
      assert.equal(good?.counts.errors, 0);
      assert.equal(bad?.counts.errors, 1);
      assert.ok(bad?.error, 'the failure is kept');
      assert.notEqual(bad.error.es, bad.error.en, 'the failure is kept in both languages');
      assert.ok(bad.startedAt <= bad.endedAt);

      const fetchOnly = jsonOf<RunPage>(
        await cli(['runs', 'list', '--kind', 'fetch', '--account', 'mesa-runs', '--json']),
      );
      assert.deepEqual(
        fetchOnly.items.map((r) => r.id),
        [good?.id],
      );

      // Paging: one at a time, the cursor continues where the last page stopped.
      const first = await cli(['runs', 'list', '--limit', '1']);
      assert.equal(first.code, 0, first.stderr);
      const more = /drobot runs list --after (\d+) --limit 1/.exec(first.stderr + first.stdout);
      assert.ok(more, `says more exist: ${first.stdout}${first.stderr}`);
      assert.match(first.stdout, /envío/);
      const second = jsonOf<RunPage>(
        await cli(['runs', 'list', '--limit', '1', '--after', more[1] ?? '', '--json']),
      );
      assert.deepEqual(
        second.items.map((r) => r.id),
        [bad.id],
      );
      assert.ok(second.nextCursor);
      const english = await cli(
        ['runs', 'list', '--kind', 'fetch', '--limit', '1', '--after', String(bad.id)],
        undefined,
        {
          DROBOT_LANG: 'en',
        },
      );
      assert.match(english.stdout, /mesa-runs/);
      assert.match(english.stdout, /fetch/);

      const wrongKind = await cli(['runs', 'list', '--kind', 'receive']);
      assert.equal(wrongKind.code, 2);
      assert.match(wrongKind.stderr, /kind/);

      const server = await startServer(store.env);
      try {
        const page = await server.api('GET', '/api/activity/runs?limit=2');
        assert.equal(page.status, 200, page.text);
        const body = page.json<RunPage>();
        assert.deepEqual(
          body.items.map((r) => r.id),
          [send?.id, bad.id],
        );
        assert.ok(body.nextCursor);
        const rest = (
          await server.api('GET', `/api/activity/runs?limit=2&after=${body.nextCursor}`)
        ).json<RunPage>();
        assert.deepEqual(
          rest.items.map((r) => r.id),
          [good?.id],
        );
        assert.equal(rest.nextCursor, null);
        const failures = (
          await server.api('GET', '/api/activity/runs?kind=fetch&account=mesa-mala')
        ).json<RunPage>();
        assert.deepEqual(failures.items[0]?.error, bad.error);

        const bad1 = await server.api('GET', '/api/activity/runs?limit=0', undefined, {
          'accept-language': 'en',
        });
        assert.equal(bad1.status, 400);
        assert.match(bad1.text, /limit/);
        const bad2 = await server.api('GET', '/api/activity/runs?after=x', undefined, {
          'accept-language': 'es',
        });
        assert.equal(bad2.status, 400);
        assert.match(bad2.text, /after/);
        const anonymous = await server.api('GET', '/api/activity/runs', undefined, { authorization: '' });
        assert.equal(anonymous.status, 401);
      } finally {
        await server.stop();
      }
    });

    test(`runs older than ${RUN_KEEP_DAYS} days are dropped when a new one is recorded`, async () => {
      const database = await store.open();
      try {
        const day = 24 * 3600_000;
        const now = new Date();
        const old = new Date(now.getTime() - (RUN_KEEP_DAYS + 1) * day);
        const recent = new Date(now.getTime() - (RUN_KEEP_DAYS - 1) * day);
        const run = (at: Date) => ({
          kind: 'send' as const,
          accountId: null,
          startedAt: at,
          endedAt: at,
          counts: { claimed: 3, sent: 3, retrying: 0, failed: 0 },
          error: { es: 'x'.repeat(2000), en: 'y' },
        });
        await recordRun(database.db, run(old));
        await recordRun(database.db, run(recent));
        const before = await readRuns(database.db, { kind: 'send' });
        assert.ok(
          before.items.some((r) => r.endedAt === old.toISOString()),
          'nothing is dropped before a newer run is recorded',
        );
        await recordRun(database.db, run(now));
        const kept = (await readRuns(database.db, { kind: 'send' })).items.map((r) => r.endedAt);
        assert.ok(!kept.includes(old.toISOString()), 'the run past the keeping time is gone');
        assert.ok(kept.includes(recent.toISOString()) && kept.includes(now.toISOString()));
        const [latest] = (await readRuns(database.db, { kind: 'send', limit: 1 })).items;
        assert.equal(latest?.error?.es.length, 500, 'the error text is bounded');
      } finally {
        await database.close();
      }
    });
  });
}
