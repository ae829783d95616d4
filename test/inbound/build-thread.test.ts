import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  RawNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { corpusMail } from '../../bench/corpus.js';
import { PARSE_AHEAD_LIMITS } from '../../src/inbound/ingest/mail.ingestor.js';
import { ParseThread } from '../../src/inbound/parse/parse-thread.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createPipeline, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { WatchedBlobStore } from '../support/watched-blob-store.js';

const PASSWORD = 'secreto-hilo';
const fromSource = import.meta.url.endsWith('.ts');
const supportWorker = (name: string) =>
  new URL(`../support/${name}.worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);

/** Records the text of the raw SQL statements run while `recording` (pragmas, transaction control, …). */
class RawStatementLog implements KyselyPlugin {
  readonly texts: string[] = [];
  recording = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording && RawNode.is(args.node)) this.texts.push(args.node.sqlFragments.join('?').trim());
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * The database with its raw statements logged while `log.recording`, and on SQLite each WAL sync (which
 * follows a durable commit) logged as `wal synced`.
 */
function withStatementLog(plain: Database): { database: Database; log: RawStatementLog } {
  const log = new RawStatementLog();
  const syncWal = plain.syncWal;
  const database: Database = {
    ...plain,
    db: plain.db.withPlugin(log),
    ...(syncWal && {
      syncWal: () => {
        if (log.recording) log.texts.push('wal synced');
        return syncWal();
      },
    }),
  };
  return { database, log };
}

/**
 * For each build batch in the log (its transaction ends with its mails' outcomes), whether it committed
 * without a WAL sync of its own before the next statement.
 */
function deferredBatches(texts: readonly string[]): boolean[] {
  const events = texts.flatMap((text) =>
    text === 'wal synced'
      ? ['synced']
      : text.startsWith('update inbound_mails set') && text.includes('dedup_key')
        ? ['built']
        : [],
  );
  return events.flatMap((event, i) => (event === 'built' ? [events[i + 1] !== 'synced'] : []));
}

/** What a run made of the mailbox, by the mails' Message-IDs: nothing that depends on ids or times. */
async function made(database: Database) {
  const messages = await database.db
    .selectFrom('case_messages')
    .innerJoin('cases', 'cases.id', 'case_messages.case_id')
    .select([
      'case_messages.message_id',
      'cases.subject',
      'case_messages.text',
      'case_messages.text_reply',
      'case_messages.html',
      'case_messages.raw_hash',
    ])
    .orderBy('case_messages.message_id')
    .execute();
  const attachments = await database.db
    .selectFrom('case_attachments')
    .innerJoin('case_messages', 'case_messages.id', 'case_attachments.message_id')
    .select(['case_messages.message_id', 'case_attachments.hash', 'case_attachments.filename'])
    .orderBy('case_messages.message_id')
    .orderBy('case_attachments.hash')
    .execute();
  const quarantined = await database.db.selectFrom('quarantine').select(['reason', 'raw_hash']).execute();
  const queued = await database.db
    .selectFrom('inbound_mails')
    .select('id')
    .where('outcome', '=', 'queued')
    .execute();
  return { messages, attachments, quarantined, queued: queued.length };
}

for (const dialect of DIALECTS) {
  describe(`case building with parsing on a second thread (${dialect})`, () => {
    let pki: TestPki;
    let server: DovecotServer;
    const stores: TestStore[] = [];
    const databases: Database[] = [];

    before(async () => {
      pki = createTestPki();
      server = await startDovecot({
        pki,
        users: [
          'here',
          'thread',
          'durability',
          'refill',
          'ahead',
          'ahead-later',
          'ahead-failed',
          'handed',
        ].map((name) => ({
          user: `${name}@helpdesk.test`,
          password: PASSWORD,
        })),
      });
    });
    after(async () => {
      for (const database of databases) await database.close();
      for (const store of stores) await store.drop();
      await server?.stop();
    });

    /** A new store of this dialect, opened; both closed and dropped after the file's tests. */
    async function openedStore(): Promise<{ store: TestStore; database: Database }> {
      const store = await createTestStore(dialect);
      stores.push(store);
      const database = await store.open();
      databases.push(database);
      return { store, database };
    }

    test('builds the same cases, each mail once, as parsing on the main thread, batch after batch', async () => {
      // Replies with quoted history, HTML, documents; follow-ups of earlier mails; and mails that cannot
      // be parsed: in batches of 7, so that the next batch is always being parsed while one is stored.
      const mails = Array.from({ length: 120 }, (_, i) =>
        i % 40 === 13 ? corpus.malformedMail() : corpusMail(i, { tag: `hilo-${dialect}` }).raw,
      );
      const runs = [];
      for (const name of ['here', 'thread'] as const) {
        const user = `${name}@helpdesk.test`;
        server.deliverMany(user, mails);
        const { store, database } = await openedStore();
        const thread = name === 'thread' ? new ParseThread({ dataDir: store.dataDir }) : undefined;
        try {
          const p = createPipeline(database, store.dataDir, {
            buildLimits: { count: 7 },
            ...(thread ? { parseThread: thread } : {}),
          });
          assert.equal(p.ingestor.parsesOnOtherThread, thread !== undefined);
          const settings = dovecotSettings(server, pki, 'pop3', user, PASSWORD, { afterStore: 'delete' });
          const run = await p.runner.run(fetchPlan(700, settings));
          assert.equal(run.error, null);
          assert.equal(run.quarantined, 3);
          runs.push(await made(database));
        } finally {
          await thread?.close();
        }
      }
      const [here, onThread] = runs;
      assert.ok(here && onThread);
      assert.equal(onThread.queued, 0, 'nothing left queued');
      assert.equal(new Set(onThread.messages.map((m) => m.raw_hash)).size, 117, 'each mail once');
      assert.ok(onThread.attachments.length > 0);
      assert.deepEqual(onThread, here);
    });

    test('a drain commits its batches without waiting for the disk, but its last one durably', async () => {
      const user = 'durability@helpdesk.test';
      server.deliverMany(
        user,
        Array.from({ length: 40 }, (_, i) => corpusMail(i, { tag: `durable-${dialect}` }).raw),
      );
      const { store, database: plain } = await openedStore();
      const { database, log } = withStatementLog(plain);
      const thread = new ParseThread({ dataDir: store.dataDir });
      try {
        const p = createPipeline(database, store.dataDir, { buildLimits: { count: 5 }, parseThread: thread });
        const settings = dovecotSettings(server, pki, 'pop3', user, PASSWORD, { afterStore: 'delete' });
        const intake = await p.runner.run(fetchPlan(701, settings), undefined, { noWait: true });
        assert.equal(intake.error, null);
        log.recording = true;
        assert.equal(await p.runner.builder.drain(), 40);
        log.recording = false;
      } finally {
        await thread.close();
      }
      // Each batch's transaction ends with its mails' outcomes; on SQLite a durable one is followed by a WAL
      // sync before the next batch (PostgreSQL commits every transaction durably).
      const deferred = deferredBatches(log.texts);
      assert.equal(deferred.length, 8, 'eight batches of five');
      const pragmas = (value: string) =>
        log.texts.filter((t) => t === `pragma synchronous = ${value}`).length;
      if (dialect === 'sqlite') {
        assert.equal(deferred.at(-1), false, 'the last batch commits durably');
        assert.ok(deferred.filter(Boolean).length >= 4, `batches deferred: ${JSON.stringify(deferred)}`);
        // Each transaction sets the connection back: a statement outside one commits durably by itself.
        assert.ok(pragmas('NORMAL') >= 8);
        assert.equal(pragmas('FULL'), pragmas('NORMAL'));
      } else {
        assert.deepEqual([pragmas('NORMAL'), pragmas('FULL')], [0, 0], 'PostgreSQL: every commit durable');
      }
      assert.equal((await made(database)).queued, 0);
    });

    test('a drain that found the queue short keeps two batches on their way again once mail is queued', async () => {
      const user = 'refill@helpdesk.test';
      const { store, database: plain } = await openedStore();
      // SQLite: a batch stored while another is on its way commits without a WAL sync of its own.
      const { database, log } = withStatementLog(plain);
      const thread = new ParseThread({ dataDir: store.dataDir });
      // The second batch's mails (the sixth to the tenth queued) wait to be parsed until the test lets them go.
      const held = [5, 6, 7, 8, 9].map((i) => `Message-ID: <bench.${i}.refill-${dialect}@`);
      let letGo = () => {};
      const gate = new Promise<void>((resolve) => (letGo = resolve));
      const isHeld = (bytes: Uint8Array) => {
        const mail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        return held.some((id) => mail.includes(id));
      };
      const parse = thread.parse.bind(thread);
      const handOver = thread.parseHandedOver.bind(thread);
      thread.parse = (bytes) => (isHeld(bytes) ? gate.then(() => parse(bytes)) : parse(bytes));
      thread.parseHandedOver = (bytes) =>
        isHeld(bytes) ? gate.then(() => handOver(bytes)) : handOver(bytes);
      try {
        const p = createPipeline(database, store.dataDir, { buildLimits: { count: 5 }, parseThread: thread });
        const settings = dovecotSettings(server, pki, 'pop3', user, PASSWORD, { afterStore: 'delete' });
        const intake = async (from: number, count: number) => {
          server.deliverMany(
            user,
            Array.from({ length: count }, (_, i) => corpusMail(from + i, { tag: `refill-${dialect}` }).raw),
          );
          const run = await p.runner.run(fetchPlan(705, settings), undefined, { noWait: true });
          assert.equal(run.error, null);
        };
        // Two batches queued: the drain claims both; storing the first finds nothing more to claim.
        await intake(0, 10);
        let built = 0;
        let firstStored = () => {};
        const stored = new Promise<void>((resolve) => (firstStored = resolve));
        const drained = p.runner.builder.drain(undefined, () => {
          if (++built === 5) firstStored();
        });
        await stored;
        // Thirty more queued while the second batch is still being parsed.
        await intake(10, 30);
        log.recording = true;
        letGo();
        assert.equal(await drained, 40);
        log.recording = false;
      } finally {
        await thread.close();
      }
      const deferred = deferredBatches(log.texts);
      assert.equal(deferred.length, 7, 'seven batches after the first');
      if (dialect === 'sqlite') {
        // The second batch was alone on its way; from the third on, the next one is always being parsed
        // while one is stored, and only the last commits durably.
        assert.deepEqual(deferred, [false, true, true, true, true, true, false]);
      }
      assert.equal((await made(database)).queued, 0);
    });

    test('mails are parsed while their intake batch downloads, each once, within bounds, and none kept after the run', async () => {
      const { store, database } = await openedStore();
      const thread = new ParseThread({ dataDir: store.dataDir });
      try {
        const events: string[] = [];
        let waitingMost = 0;
        const parse = thread.parse.bind(thread);
        const handOver = thread.parseHandedOver.bind(thread);
        thread.parse = (bytes) => {
          events.push('parse');
          return parse(bytes);
        };
        thread.parseHandedOver = (bytes) => {
          events.push('parse');
          return handOver(bytes);
        };
        const run = async (
          user: string,
          account: number,
          count: number,
          options: { noWait?: boolean; failDurable?: number } = {},
        ) => {
          server.deliverMany(
            user,
            Array.from({ length: count }, (_, i) =>
              corpus.plainMail({ subject: `${user} ${i}`, from: `p${i}@example.test` }),
            ),
          );
          const blobs = new WatchedBlobStore(store.dataDir, database, events, options.failDurable ?? 0);
          const p = createPipeline(database, store.dataDir, { blobs, parseThread: thread });
          const offer = p.ingestor.parseAhead.bind(p.ingestor);
          p.ingestor.parseAhead = (raw, bytes) => {
            offer(raw, bytes);
            waitingMost = Math.max(waitingMost, p.ingestor.parsesAhead);
          };
          events.length = 0;
          const settings = dovecotSettings(server, pki, 'pop3', user, PASSWORD, { afterStore: 'delete' });
          const summary = await p.runner.run(fetchPlan(account, settings), undefined, options);
          return { summary, p };
        };

        // More mails than may wait parsed: the first intake batch (a hundred) is being parsed before it is
        // durable; those past the bound are parsed when claimed; none twice.
        const many = PARSE_AHEAD_LIMITS.count + 40;
        const { summary, p } = await run('ahead@helpdesk.test', 702, many);
        assert.deepEqual([summary.error, summary.newCases], [null, many]);
        const firstDurable = events.findIndex((e) => e.startsWith('durable '));
        assert.ok(firstDurable > 0 && events.indexOf('parse') < firstDurable, 'parsed before intake commits');
        assert.equal(events.filter((e) => e === 'parse').length, many, 'each mail parsed once');
        assert.equal(waitingMost, PARSE_AHEAD_LIMITS.count, 'never more waiting than the bound');
        assert.equal(p.ingestor.parsesAhead, 0, 'nothing kept after the run');

        // Not building in this run: nothing parsed while taking in; the builder parses them later.
        const later = await run('ahead-later@helpdesk.test', 703, 5, { noWait: true });
        assert.equal(later.summary.error, null);
        assert.equal(events.filter((e) => e === 'parse').length, 0);
        assert.equal(await later.p.runner.builder.drain(), 5);
        assert.equal(events.filter((e) => e === 'parse').length, 5);

        // Intake fails before its batch is durable: what was parsed ahead is dropped, the mails stay on the
        // server, and the next run builds each once.
        const failed = await run('ahead-failed@helpdesk.test', 704, 6, { failDurable: 1 });
        assert.match(failed.summary.error ?? '', /no space left/);
        assert.equal(failed.summary.newCases, 0);
        assert.equal(events.filter((e) => e === 'parse').length, 6, 'parsed ahead before the failure');
        assert.equal(failed.p.ingestor.parsesAhead, 0, 'dropped with the run');
        const again = await run('ahead-failed@helpdesk.test', 704, 0);
        assert.deepEqual([again.summary.error, again.summary.newCases], [null, 6]);
        assert.equal((await made(database)).queued, 0);
      } finally {
        await thread.close();
      }
    });

    test('a mail read back for the thread is moved to it; one that went with a thread another mail ended is read and given again', async () => {
      const user = 'handed@helpdesk.test';
      const subjects = Array.from({ length: 10 }, (_, i) => `movido ${i}`);
      const ends = (subject: string) =>
        Buffer.concat([
          Buffer.from('X-Unruly: exit\r\n'),
          corpus.plainMail({ subject, from: 'fin@example.test' }),
        ]);
      // Big enough to be buffers of their own when read back (smaller ones are slices of a shared pool).
      const body = 'Texto de la incidencia. '.repeat(400);
      const mails = subjects.map((subject, i) =>
        corpus.plainMail({ subject, from: `movido${i}@example.test` }, body),
      );
      mails.splice(3, 0, ends('termina uno'));
      mails.splice(8, 0, ends('termina dos'));
      server.deliverMany(user, mails);
      const { store, database } = await openedStore();
      const thread = new ParseThread({ dataDir: store.dataDir, workerUrl: supportWorker('unruly-parse') });
      const handed: Array<{ moved: boolean; answered: boolean }> = [];
      const handOver = thread.parseHandedOver.bind(thread);
      thread.parseHandedOver = async (bytes) => {
        const size = bytes.byteLength;
        const promise = handOver(bytes);
        const moved = size > 0 && bytes.byteLength === 0;
        const answer = await promise;
        handed.push({ moved, answered: answer !== undefined });
        return answer;
      };
      try {
        const p = createPipeline(database, store.dataDir, {
          buildLimits: { count: 12 },
          parseThread: thread,
        });
        const settings = dovecotSettings(server, pki, 'pop3', user, PASSWORD, { afterStore: 'delete' });
        // Taken in without building: the builder reads every mail back from the store for the thread.
        const intake = await p.runner.run(fetchPlan(706, settings), undefined, { noWait: true });
        assert.equal(intake.error, null);
        assert.equal(await p.runner.builder.drain(), 12);
      } finally {
        await thread.close();
      }
      const result = await made(database);
      assert.deepEqual(result.messages.map((m) => m.subject).sort(), [...subjects].sort(), 'each case once');
      assert.deepEqual(
        result.quarantined.map((q) => q.reason),
        ['unparseable', 'unparseable'],
      );
      assert.equal(result.queued, 0);
      assert.ok(handed.filter((h) => h.moved).length >= 10, `moved: ${JSON.stringify(handed)}`);
      // The mails behind an ended thread were on it: given back, read again and parsed by the next thread.
      assert.ok(
        handed.some((h) => !h.answered),
        'some went with an ended thread',
      );
      assert.equal(handed.filter((h) => h.answered).length, 12);
    });
  });
}
