import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { readRuns, recordRun, RUN_KEEP_DAYS, type RunPage } from '../../src/activity/runs.js';
import { ROUND_ERROR_MAX_CHARS, roundErrorText } from '../../src/notifications/round-error.js';
import * as corpus from '../support/corpus.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startServer } from '../support/server.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const PASSWORD = 'secreto-runs';
/** Recipients the SMTP server refuses for good: their notifications fail in the round. */
const REFUSED = /^rechazo/;

for (const dialect of DIALECTS) {
  describe(`the history of fetch runs and outbox rounds (${dialect})`, () => {
    let pki: TestPki;
    let dovecot: DovecotServer;
    let smtp: TestSmtpServer;
    let store: TestStore;

    before(async () => {
      pki = createTestPki();
      dovecot = await startDovecot({
        pki,
        users: [
          { user: 'runs@helpdesk.test', password: PASSWORD },
          { user: 'historial@helpdesk.test', password: PASSWORD },
        ],
      });
      smtp = await startSmtpServer({
        pki,
        users: { 'desk@drobot.test': 'pw-desk' },
        script: {
          onRcptTo: ({ address }) =>
            REFUSED.test(address ?? '') ? { code: 550, message: '5.1.1 mailbox unavailable' } : undefined,
        },
      });
      store = await createTestStore(dialect);
    });
    after(async () => {
      await store?.drop();
      await smtp?.stop();
      await dovecot?.stop();
    });

    const cli = (args: string[], input?: string, env: Record<string, string> = {}) =>
      runCli(args, { env: { ...store.env, ...env }, ...(input ? { input } : {}) });

    const addInbound = async (name: string, password: string, user = 'runs@helpdesk.test') => {
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
          user,
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
      assert.match(english.stdout, /\breceived 2, fetched 2, new cases 1, follow-ups 0, quarantined 1\b/);
      const spanish = await cli([
        'runs',
        'list',
        '--kind',
        'fetch',
        '--limit',
        '1',
        '--after',
        String(bad.id),
      ]);
      assert.match(spanish.stdout, /\brecogida\b/);
      assert.match(
        spanish.stdout,
        /\brecibidos 2, recogidos 2, casos nuevos 1, seguimientos 0, en cuarentena 1\b/,
      );
      assert.doesNotMatch(spanish.stdout, /newCases|followUps/);

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

    /** The lines `drobot` wrote to its log file since `from` (a byte offset), parsed. */
    const logSince = (from: number): Array<{ level: string; msg: string; error?: string }> => {
      const file = path.join(store.dataDir, 'drobot.log');
      return fs
        .readFileSync(file)
        .subarray(from)
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { level: string; msg: string; error?: string });
    };
    const logSize = () => fs.statSync(path.join(store.dataDir, 'drobot.log')).size;
    const logged = (lines: ReturnType<typeof logSince>, msg: string) =>
      lines.find((line) => line.msg === msg);

    const countRuns = async () => {
      const database = await store.open();
      try {
        return (await readRuns(database.db, { limit: 1000 })).items.length;
      } finally {
        await database.close();
      }
    };

    /** Makes every insert into the history fail, as a full disk or a broken table would. */
    async function refuseHistory(run: () => Promise<void>): Promise<void> {
      const database = await store.open();
      const db = database.db;
      if (store.dialect === 'sqlite') {
        await sql`CREATE TRIGGER refuse_runs BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'history refused'); END`.execute(
          db,
        );
      } else {
        await sql`CREATE FUNCTION refuse_runs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'history refused'; END $$`.execute(
          db,
        );
        await sql`CREATE TRIGGER refuse_runs BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION refuse_runs()`.execute(
          db,
        );
      }
      try {
        await run();
      } finally {
        if (store.dialect === 'sqlite') await sql`DROP TRIGGER refuse_runs`.execute(db);
        else await sql`DROP FUNCTION refuse_runs() CASCADE`.execute(db);
        await database.close();
      }
    }

    // Uses the outbound account "desk" added by the first test.
    test('a history that cannot be written fails neither a fetch run nor an outbox round: it is logged', async () => {
      await addInbound('mesa-historial', PASSWORD, 'historial@helpdesk.test');
      const runsBefore = await countRuns();
      await refuseHistory(async () => {
        const logStart = logSize();
        dovecot.deliverMany('historial@helpdesk.test', [
          corpus.spanishLatin1Mail({ subject: 'Sin historial' }),
        ]);
        const fetched = await cli(['fetch', 'mesa-historial', '--once', '--json']);
        assert.equal(fetched.code, 0, fetched.stderr);
        const summary = jsonOf<{ received: number; newCases: number; errors: number }>(fetched);
        assert.deepEqual([summary.received, summary.newCases, summary.errors], [1, 1, 0]);
        const fetchLines = logSince(logStart);
        assert.ok(logged(fetchLines, 'fetch run'), 'the run itself is logged as usual');
        const unrecorded = logged(fetchLines, 'fetch run not recorded in the history');
        assert.ok(unrecorded, 'the history that could not be written is logged');
        assert.equal(unrecorded.level, 'warn');
        assert.match(unrecorded.error ?? '', /history refused/);
        const cases = jsonOf<Array<{ subject: string }>>(await cli(['cases', 'list', '--json']));
        assert.ok(
          cases.some((c) => c.subject === 'Sin historial'),
          'the mail is stored as a case',
        );

        const data = JSON.stringify({ caseId: 8, caseSubject: 'Sin historial', requesterName: 'Eva' });
        const queued = await cli(['notify', 'case-created', '--to', 'eva@example.test', '--data', data]);
        assert.equal(queued.code, 0, queued.stderr);
        const sent = await cli(['outbox', 'send', '--json']);
        assert.equal(sent.code, 0, sent.stderr);
        const counts = jsonOf<{ claimed: number; sent: number; failed: number }>(sent);
        assert.ok(counts.sent >= 1 && counts.failed === 0, sent.stdout);
        const round = logged(logSince(logStart), 'outbox round not recorded in the history');
        assert.ok(round, 'the round that could not be written is logged');
        assert.equal(round.level, 'warn');
        assert.match(round.error ?? '', /history refused/);
        assert.equal(await countRuns(), runsBefore, 'no line was written');
      });
      const logAfter = logSize();
      const afterwards = await cli(['fetch', 'mesa-historial', '--once', '--json']);
      assert.equal(afterwards.code, 0, afterwards.stderr);
      assert.equal(logged(logSince(logAfter), 'fetch run not recorded in the history'), undefined);
      assert.equal(await countRuns(), runsBefore + 1, 'with the trigger gone, the next run is recorded');
    });

    // Uses the outbound account "desk" added by the first test.
    test('an outbox round in which notifications failed says how many and the first error', async () => {
      for (const to of ['rechazo-1@example.test', 'rechazo-2@example.test', 'bien@example.test']) {
        const data = JSON.stringify({ caseId: 9, caseSubject: 'Red', requesterName: 'Luis' });
        const queued = await cli(['notify', 'case-created', '--to', to, '--data', data]);
        assert.equal(queued.code, 0, queued.stderr);
      }
      const sent = await cli(['outbox', 'send', '--json']);
      assert.equal(sent.code, 0, sent.stderr);
      assert.deepEqual(jsonOf(sent), { claimed: 3, sent: 1, retrying: 0, failed: 2 });
      const [round] = jsonOf<RunPage>(
        await cli(['runs', 'list', '--kind', 'send', '--limit', '1', '--json']),
      ).items;
      assert.deepEqual(round?.counts, { claimed: 3, sent: 1, retrying: 0, failed: 2 });
      assert.ok(round.error, 'the round records its failures');
      assert.match(round.error.es, /^fallidas: 2, por reintentar: 0\. Primer error: \S/);
      assert.match(round.error.en, /^failed: 2, to retry: 0\. First error: \S/);
      assert.match(
        round.error.en,
        /refused the message \(550\) at RCPT TO/,
        "the first error is the server's",
      );
      assert.match(round.error.es, /550/);
      const listed = await cli(['runs', 'list', '--kind', 'send', '--limit', '1'], undefined, {
        DROBOT_LANG: 'en',
      });
      assert.match(listed.stdout, /failed: 2, to retry: 0/);
      assert.match(listed.stdout, /COUNTS/);
      assert.match(listed.stdout, /\bclaimed 3, sent 1, retrying 0, failed 2\b/);
      const spanish = await cli(['runs', 'list', '--kind', 'send', '--limit', '1']);
      assert.match(spanish.stdout, /RECUENTOS/);
      assert.match(spanish.stdout, /fallidas: 2/);
      // The counts by the words `outbox send` says them with; their keys stay in --json.
      assert.match(spanish.stdout, /\btomadas 3, enviadas 1, en reintento 0, fallidas 2\b/);
      assert.doesNotMatch(spanish.stdout, /claimed|retrying/);
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

describe('the words of the runs history', () => {
  test('a round summary keeps the first error short, in both languages', () => {
    assert.equal(roundErrorText({ failed: 0, retrying: 0 }, undefined), null);
    const stored = JSON.stringify({
      es: `Rechazado: ${'x'.repeat(1000)}`,
      en: `Refused: ${'y'.repeat(1000)}`,
    });
    const text = roundErrorText({ failed: 3, retrying: 1 }, stored);
    assert.ok(text);
    assert.match(text.es, /^fallidas: 3, por reintentar: 1\. Primer error: Rechazado: x+…$/);
    assert.match(text.en, /^failed: 3, to retry: 1\. First error: Refused: y+…$/);
    const errorPart = text.en.slice(text.en.indexOf('Refused'));
    assert.equal(errorPart.length, ROUND_ERROR_MAX_CHARS);
    // Rows written before errors were kept in both languages hold plain words.
    const plain = roundErrorText({ failed: 0, retrying: 2 }, 'connect ECONNREFUSED');
    assert.deepEqual(plain, {
      es: 'fallidas: 0, por reintentar: 2. Primer error: connect ECONNREFUSED',
      en: 'failed: 0, to retry: 2. First error: connect ECONNREFUSED',
    });
  });

  test('`drobot runs list --help` names the counts as such in Spanish and English', async () => {
    const spanish = await runCli(['runs', 'list', '--help'], { env: { DROBOT_LANG: 'es' } });
    assert.equal(spanish.code, 0, spanish.stderr);
    assert.match(spanish.stdout, /fin, recuentos\s+y\s+error/);
    assert.doesNotMatch(spanish.stdout, /cuentas y error/);
    const english = await runCli(['runs', 'list', '--help'], { env: { DROBOT_LANG: 'en' } });
    assert.match(english.stdout, /end, counts\s+and\s+error/);
  });
});
