import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { InboundLogEntry, InboundLogPage } from '../../src/inbound/log/inbound-log.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { createPipeline, type TestPipeline } from '../support/mail-pipeline.js';
import { startServer, type RunningServer } from '../support/server.js';

const ESC = '\u001b';

for (const dialect of DIALECTS) {
  describe(`every fetched mail is traceable: inbound log, raw mail, quarantine show (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let pipeline: TestPipeline;
    let server: RunningServer;
    const ids = new Map<string, number>();
    const raws = new Map<string, Buffer>();

    const cli = (args: string[]) => runCli(args, { env: { ...store.env, DROBOT_LANG: 'en' } });
    const addAccount = async (name: string) => {
      const added = await runCli(
        [
          'accounts',
          'add',
          '--name',
          name,
          '--direction',
          'inbound',
          '--protocol',
          'pop3',
          '--preset',
          'domain',
          '--host',
          'pop.example.org',
          '--username',
          `${name}@helpdesk.test`,
          '--password-stdin',
          '--json',
        ],
        { env: store.env, input: 'pw\n' },
      );
      assert.equal(added.code, 0, added.stderr);
      ids.set(name, jsonOf<{ id: number }>(added).id);
    };
    /** One mail as the fetch runner hands it over: a file, under the account's server id. */
    const ingest = async (account: string, uid: string, raw: Buffer) => {
      const file = path.join(store.dataDir, `in-${account}-${uid}.eml`);
      fs.writeFileSync(file, raw);
      raws.set(`${account}/${uid}`, raw);
      const key = { accountId: ids.get(account) ?? 0, mailbox: 'pop3', uid };
      return pipeline.ingestor.ingestFile(key, file, { settled: true });
    };

    before(async () => {
      store = await createTestStore(dialect);
      await addAccount('mesa');
      await addAccount('otra');
      database = await store.open();
      pipeline = createPipeline(database, store.dataDir, { throttleLimit: 2 });
      const first = corpus.plainMail({ subject: `Impresora ${ESC}[2J rota`, from: 'Ana <ana@example.test>' });
      const opened = await ingest('mesa', 'u1', first);
      assert.equal(opened.kind, 'new_case');
      const caseId = opened.kind === 'new_case' ? (opened.caseId ?? 0) : 0;
      const { number: caseNumber } = await database.db
        .selectFrom('cases')
        .select('number')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal((await ingest('mesa', 'u2', corpus.replyByTagMail(caseNumber ?? 0))).kind, 'follow_up');
      // The same request through the second help desk address.
      assert.equal((await ingest('otra', 'u1', first)).kind, 'duplicate');
      assert.equal(
        (await ingest('mesa', 'u3', corpus.outOfOfficeMail('<nada@x.test>'))).kind,
        'auto_unmatched',
      );
      const loop = corpus.plainMail({ subject: 'Eco', headers: { 'X-DRobot-Loop': 'drobot-test' } });
      assert.equal((await ingest('mesa', 'u4', loop)).kind, 'dropped');
      assert.equal((await ingest('mesa', 'u5', corpus.malformedMail())).kind, 'quarantined');
      const third = corpus.plainMail({ subject: 'Otra cosa', from: 'ana@example.test' });
      const throttled = await ingest('mesa', 'u6', third);
      assert.deepEqual(
        [throttled.kind, throttled.kind === 'quarantined' && throttled.reason],
        ['quarantined', 'throttled'],
      );
      server = await startServer(store.env);
    });
    after(async () => {
      await server?.stop();
      await database?.close();
      await store?.drop();
    });

    const fullLog = async () => jsonOf<InboundLogPage>(await cli(['inbound', 'log', '--json']));

    test('drobot inbound log lists every mail seen with its outcome and case, newest first', async () => {
      const page = await fullLog();
      assert.equal(page.nextCursor, null);
      assert.deepEqual(
        page.items.map((e) => [e.account, e.uid, e.outcome, e.detail]),
        [
          ['mesa', 'u6', 'throttled', 'throttled'],
          ['mesa', 'u5', 'quarantined', 'unparseable'],
          ['mesa', 'u4', 'dropped', 'own_loop_header'],
          ['mesa', 'u3', 'auto_unmatched', null],
          ['otra', 'u1', 'duplicate', null],
          ['mesa', 'u2', 'follow_up', null],
          ['mesa', 'u1', 'new_case', null],
        ],
      );
      const [throttled, quarantined, , , duplicate, followUp, created] = page.items;
      assert.equal(created?.from, 'ana@example.test');
      assert.equal(created?.subject, `Impresora ${ESC}[2J rota`);
      assert.ok(created?.caseNumber);
      assert.equal(followUp?.caseNumber, created?.caseNumber);
      assert.equal(duplicate?.caseNumber, created?.caseNumber, 'a duplicate names the case it joined');
      assert.ok(quarantined?.quarantineId && throttled?.quarantineId);
      assert.equal(throttled?.subject, 'Otra cosa');

      const other = jsonOf<InboundLogPage>(await cli(['inbound', 'log', '--account', 'otra', '--json']));
      assert.deepEqual(
        other.items.map((e) => e.outcome),
        ['duplicate'],
      );

      const human = await cli(['inbound', 'log']);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /SERVER ID/);
      assert.match(human.stdout, /case created/);
      assert.match(human.stdout, /automatic reply, not linked/);
      assert.match(human.stdout, /throttled: quarantined/);
      assert.ok(!human.stdout.includes(ESC), 'no escape sequence from a mail reaches the terminal');
      assert.match(human.stdout, /Impresora \\u\{1b\}\[2J rota/);
      const spanish = await runCli(['inbound', 'log'], { env: { ...store.env, DROBOT_LANG: 'es' } });
      assert.match(spanish.stdout, /caso creado/);
      assert.match(spanish.stdout, /duplicado/);
    });

    test('pages with --limit and --after, and refuses bad paging naming the option', async () => {
      const all = (await fullLog()).items.map((e) => e.id);
      const seen: number[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const args = ['inbound', 'log', '--limit', '3', '--json', ...(after ? ['--after', after] : [])];
        const page: InboundLogPage = jsonOf<InboundLogPage>(await cli(args));
        seen.push(...page.items.map((e) => e.id));
        after = page.nextCursor;
        if (!after) break;
      }
      assert.deepEqual(seen, all);
      const human = await cli(['inbound', 'log', '--limit', '2']);
      assert.match(human.stderr, /There is more: drobot inbound log --after \d+/);
      for (const [flag, value] of [
        ['--limit', '0'],
        ['--limit', 'many'],
        ['--after', 'abc'],
      ] as const) {
        const bad = await cli(['inbound', 'log', flag, value]);
        assert.equal(bad.code, 2, bad.stderr);
        assert.match(bad.stderr, new RegExp(flag.slice(2)));
      }
    });

    test('drobot cases raw and quarantine raw write the mail byte for byte; quarantine show tells its story', async () => {
      const log = (await fullLog()).items;
      const created = log.find((e) => e.outcome === 'new_case');
      const held = log.find((e) => e.outcome === 'quarantined');
      assert.ok(created?.caseMessageId && held?.quarantineId);

      const raw = await cli(['cases', 'raw', String(created.caseMessageId)]);
      assert.equal(raw.code, 0, raw.stderr);
      assert.equal(raw.stdout, raws.get('mesa/u1')?.toString('utf8'));
      const file = path.join(store.dataDir, 'out.eml');
      const written = await cli(['cases', 'raw', String(created.caseMessageId), '--output', file]);
      assert.equal(written.code, 0, written.stderr);
      assert.deepEqual(fs.readFileSync(file), raws.get('mesa/u1'));
      assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');

      const qfile = path.join(store.dataDir, 'q.eml');
      assert.equal((await cli(['quarantine', 'raw', String(held.quarantineId), '--output', qfile])).code, 0);
      assert.deepEqual(fs.readFileSync(qfile), raws.get('mesa/u5'));

      const missing = await cli(['quarantine', 'raw', '99999']);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /There is no quarantine entry "99999"/);
      const badId = await cli(['cases', 'raw', 'x1']);
      assert.equal(badId.code, 2);
      assert.match(badId.stderr, /message-id/);

      const shown = await cli(['quarantine', 'show', String(held.quarantineId), '--json']);
      assert.equal(shown.code, 0, shown.stderr);
      const entry = jsonOf<{ account: string; reason: string; uid: string; history: InboundLogEntry[] }>(
        shown,
      );
      assert.deepEqual(
        [entry.account, entry.reason, entry.uid, entry.history.map((h) => h.outcome)],
        ['mesa', 'unparseable', 'u5', ['quarantined']],
      );
      const human = await cli(['quarantine', 'show', String(held.quarantineId)]);
      assert.match(human.stdout, /Reason\s+unparseable/);
      assert.match(human.stdout, /quarantined \(unparseable\)/);
    });

    test('the API lists the log with a cursor and serves raw mail as a safe download, to the admin only', async () => {
      const first = await server.api('GET', '/api/inbound/log?limit=4');
      assert.equal(first.status, 200, first.text);
      const page = first.json<InboundLogPage>();
      assert.equal(page.items.length, 4);
      assert.ok(page.nextCursor);
      // Like every listing: the next page in Link and X-Next-Cursor.
      assert.equal(first.headers.get('x-next-cursor'), page.nextCursor);
      assert.equal(
        first.headers.get('link'),
        `</api/inbound/log?limit=4&after=${page.nextCursor}>; rel="next"`,
      );
      const rest = (
        await server.api('GET', `/api/inbound/log?limit=10&after=${page.nextCursor}`)
      ).json<InboundLogPage>();
      assert.deepEqual(
        [...page.items, ...rest.items].map((e) => e.id),
        (await fullLog()).items.map((e) => e.id),
      );
      assert.equal(rest.nextCursor, null);
      const last = await server.api('GET', `/api/inbound/log?limit=10&after=${page.nextCursor}`);
      assert.equal(last.headers.get('link'), null, 'no next page, no Link');
      const bad = await server.api('GET', '/api/inbound/log?limit=5000');
      assert.equal(bad.status, 400);
      assert.match(bad.text, /limit/);

      const created =
        rest.items.find((e) => e.outcome === 'new_case') ?? page.items.find((e) => e.outcome === 'new_case');
      const held = [...page.items, ...rest.items].find((e) => e.outcome === 'quarantined');
      assert.ok(created?.caseMessageId && created.caseNumber && held?.quarantineId);
      const routes = [
        [`/api/cases/${created.caseNumber}/messages/${created.caseMessageId}/raw`, 'mesa/u1'],
        [`/api/quarantine/${held.quarantineId}/raw`, 'mesa/u5'],
      ] as const;
      for (const [route, source] of routes) {
        const res = await fetch(`${server.url}${route}`, {
          headers: { authorization: `Bearer ${server.token}` },
        });
        assert.equal(res.status, 200, route);
        assert.equal(res.headers.get('content-type'), 'message/rfc822');
        assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="[\w.-]+\.eml"/);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), raws.get(source));
        const anonymous = await fetch(`${server.url}${route}`);
        assert.equal(anonymous.status, 401, route);
      }
      assert.equal((await fetch(`${server.url}/api/inbound/log`)).status, 401);
      const wrongCase = await server.api(
        'GET',
        `/api/cases/${created.caseNumber + 1}/messages/${created.caseMessageId}/raw`,
      );
      assert.equal(wrongCase.status, 404, 'a message is only served under its own case');
      const shown = await server.api('GET', `/api/quarantine/${held.quarantineId}`);
      assert.equal(shown.json<{ reason: string }>().reason, 'unparseable');
    });
  });
}
