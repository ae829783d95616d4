import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uidRanges } from '../../src/transports/imap/imap.session.js';
import type { SourceSettings } from '../../src/transports/mailbox-source.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { createPipeline, fetchPlan, type TestPipeline } from '../support/mail-pipeline.js';
import { pop3Script, startHostileServer } from '../support/hostile-server.js';
import { startScriptedImap, type ScriptedImapOptions } from '../support/scripted-imap-mailbox.js';
import { withTestStore } from '../support/store-hooks.js';

const MB = 1024 * 1024;
const TIMEOUT_MS = 1000;

function settings(port: number, over: Partial<SourceSettings> = {}): SourceSettings {
  return {
    protocol: 'imap',
    host: '127.0.0.1',
    port,
    security: 'none',
    timeoutMs: TIMEOUT_MS,
    tls: { insecureSkipVerify: false },
    credentials: { kind: 'password', username: 'u@example.org', password: 'pw' },
    folder: 'INBOX',
    afterStore: 'seen',
    moveTo: null,
    ...over,
  };
}

/** Runs `work`, sampling this process's RSS; prints and returns the growth and the time taken. */
async function measured<T>(
  label: string,
  work: () => Promise<T>,
): Promise<{ value: T; rssMb: number; s: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const rssMb = Math.round((peak - base) / MB);
    const s = (Date.now() - started) / 1000;
    console.log(`${label}: +${rssMb} MB RSS, ${s.toFixed(1)} s`);
    return { value, rssMb, s };
  } finally {
    clearInterval(timer);
  }
}

describe('IMAP fetch against a hostile server', () => {
  let store: TestStore;
  let database: Database;
  let p: TestPipeline;
  let nextAccount = 900;

  withTestStore('sqlite', (opened, db) => {
    store = opened;
    database = db;
    p = createPipeline(database, store.dataDir);
  });

  async function runAgainst(options: ScriptedImapOptions, limits = { maxMessageBytes: 25 * MB }) {
    const server = await startScriptedImap(options);
    const accountId = nextAccount++;
    const plan = fetchPlan(accountId, settings(server.port), limits);
    return { server, plan, accountId };
  }

  test('a mail far larger than its listed size is stopped at the limit; the next one is fetched', async () => {
    const { server, plan, accountId } = await runAgainst({
      mails: [
        { uid: 1, body: { generatedBytes: 300 * MB }, claimedSize: 10 },
        { uid: 2, body: corpus.plainMail({ subject: 'después del gigante' }) },
      ],
    });
    try {
      const { value: run, rssMb, s } = await measured('lying size', () => p.runner.run(plan));
      assert.equal(run.error, null);
      assert.deepEqual([run.newCases, run.quarantined], [1, 1]);
      const held = await p.quarantine.list(accountId);
      assert.deepEqual(
        held.map((q) => [q.uid, q.reason, q.rawKept]),
        [['1', 'over_size', false]],
      );
      assert.match(
        held[0]?.detail ?? '',
        /^The server sent more than \d+ bytes \(\d+ received before stopping\)$/,
      );
      const [spanish] = await p.quarantine.list(accountId, 'es');
      assert.match(
        spanish?.detail ?? '',
        /^El servidor envió más de \d+ bytes \(se recibieron \d+ antes de parar\)$/,
      );
      assert.ok(server.bodyBytesSent < 27 * MB, `bytes read ${server.bodyBytesSent}`);
      assert.ok(rssMb < 200, `RSS grew by ${rssMb} MB`);
      assert.ok(s < 60);
      assert.deepEqual(server.stored, [2], 'only the stored mail is marked seen');
    } finally {
      await server.stop();
    }
  });

  test('a mail listed over the limit is not downloaded at all', async () => {
    const { server, plan, accountId } = await runAgainst(
      { mails: [{ uid: 5, body: { generatedBytes: 2 * MB } }] },
      { maxMessageBytes: 1 * MB },
    );
    try {
      const run = await p.runner.run(plan);
      assert.equal(run.quarantined, 1);
      assert.equal(server.bodyBytesSent, 0);
      assert.equal((await p.quarantine.list(accountId))[0]?.reason, 'over_size');
      assert.deepEqual(
        (await p.quarantine.list(accountId, 'es')).map((q) => q.detail),
        ['El servidor lo anuncia con 2097152 bytes; el límite de la cuenta es 1048576'],
      );
    } finally {
      await server.stop();
    }
  });

  test('a huge literal answering a small request fails that mail only, with bounded memory', async () => {
    const { server, plan } = await runAgainst({
      mails: [
        { uid: 1, body: corpus.plainMail({ subject: 'literal' }), hugeLiteral: 900 * MB },
        { uid: 2, body: corpus.plainMail({ subject: 'tras el literal' }) },
      ],
    });
    try {
      const { value: run, rssMb } = await measured('huge literal', () => p.runner.run(plan));
      assert.equal(run.error, null);
      assert.deepEqual([run.newCases, run.deferred], [1, 1]);
      assert.ok(server.bodyBytesSent < 20 * MB, `bytes sent ${server.bodyBytesSent}`);
      assert.ok(rssMb < 150, `RSS grew by ${rssMb} MB`);
    } finally {
      await server.stop();
    }
  });

  test('a server that drops the connection on one mail never blocks the next; the mail ends in quarantine', async () => {
    const { server, plan, accountId } = await runAgainst({
      mails: [
        { uid: 1, body: corpus.plainMail({ subject: 'uno' }) },
        { uid: 2, body: corpus.plainMail({ subject: 'dos' }), drop: true },
        { uid: 3, body: corpus.plainMail({ subject: 'tres' }) },
      ],
    });
    try {
      const first = await p.runner.run(plan);
      assert.deepEqual([first.error, first.newCases, first.deferred], [null, 2, 1]);
      // Tried again, after the others: the next run at once, then after a few minutes, then in quarantine.
      let hours = 0;
      for (let attempt = 2; attempt <= 4; attempt++) {
        hours += 1;
        const at = Date.now() + hours * 3_600_000;
        const later = createPipeline(database, store.dataDir, { clock: () => new Date(at) });
        const run = await later.runner.run(plan);
        assert.equal(run.error, null);
        if (attempt < 4) assert.equal(run.deferred, 1, `attempt ${attempt}`);
        else assert.equal(run.quarantined, 1);
      }
      const held = await p.quarantine.list(accountId);
      assert.deepEqual(
        held.map((q) => [q.uid, q.reason]),
        [['2', 'download_failed']],
      );
      assert.match(held[0]?.detail ?? '', /^4 downloads failed, the last: /);
      const [spanish] = await p.quarantine.list(accountId, 'es');
      assert.match(spanish?.detail ?? '', /^4 descargas fallidas; la última: /);
    } finally {
      await server.stop();
    }
  });

  test('a server that drips a mail one byte at a time is dropped soon; the next mail is fetched', async () => {
    const { server, plan } = await runAgainst({
      mails: [
        { uid: 1, body: corpus.plainMail({ subject: 'gota' }), dripMs: 300 },
        { uid: 2, body: corpus.plainMail({ subject: 'tras la gota' }) },
      ],
    });
    try {
      const { value: run, s } = await measured('drip', () => p.runner.run(plan));
      assert.deepEqual([run.error, run.newCases, run.deferred], [null, 1, 1]);
      assert.ok(s < 10 * (TIMEOUT_MS / 1000) + 5, `took ${s} s`);
    } finally {
      await server.stop();
    }
  });

  for (const greeting of ['endless', 'silent', 'drip'] as const) {
    test(`a ${greeting} greeting fails the run with a clear error, within a deadline`, async () => {
      const { server, plan } = await runAgainst({ mails: [], greeting });
      try {
        const { value: run, rssMb, s } = await measured(`${greeting} greeting`, () => p.runner.run(plan));
        assert.ok(run.error, 'the run failed');
        assert.doesNotMatch(run.errorText?.en ?? '', /could not connect/i);
        assert.ok(s < 3 * (TIMEOUT_MS / 1000) + 5, `took ${s} s`);
        assert.ok(rssMb < 150, `RSS grew by ${rssMb} MB`);
        if (greeting === 'endless') assert.match(run.errorText?.en ?? '', /larger answer than accepted/);
        else assert.match(run.errorText?.en ?? '', /within|timed out|time/i);
      } finally {
        await server.stop();
      }
    });
  }

  test('a listing of tens of thousands of mails is read with bounded memory and commands', async () => {
    const { server, plan } = await runAgainst({
      mails: [{ uid: 1, body: corpus.plainMail({ subject: 'primero' }) }],
      virtualMails: 30_000,
    });
    try {
      const limited = { ...plan, limits: { ...plan.limits, maxMessagesPerRun: 1 } };
      const { value: run, rssMb } = await measured('30k listing', () => p.runner.run(limited));
      assert.equal(run.error, null);
      assert.equal(run.newCases, 1);
      assert.ok(run.remaining > 0, 'the rest waits for later runs');
      assert.ok(rssMb < 250, `RSS grew by ${rssMb} MB`);
    } finally {
      await server.stop();
    }
  });
});

describe('UID sets in commands', () => {
  test('consecutive UIDs become ranges, and no command names more than its share', () => {
    assert.deepEqual(uidRanges([1, 2, 3, 5, 7, 8], 1000), ['1:3,5,7:8']);
    assert.deepEqual(uidRanges([1, 2, 3, 4, 5], 2), ['1:2', '3:4', '5']);
    const five = Array.from({ length: 5_000_000 }, (_, i) => i * 2 + 1);
    const sets = uidRanges(five, 1000);
    assert.equal(sets.length, 5000);
    assert.ok(Math.max(...sets.map((s) => s.length)) < 10_000, 'each command stays small');
  });
});

describe('POP3 fetch against a hostile server', () => {
  let store: TestStore;
  let database: Database;
  let p: TestPipeline;
  before(async () => {
    store = await createTestStore('sqlite');
    database = await store.open();
    p = createPipeline(database, store.dataDir);
  });
  after(async () => {
    await database?.close();
    await store?.drop();
  });

  test('a mail listed at 10 bytes that sends 300 MB is stopped at the limit; the next mail is fetched', async () => {
    const normal = corpus.plainMail({ subject: 'tras la riada' }).toString('latin1').replace(/^\./gm, '..');
    const server = await startHostileServer(
      pop3Script({
        STAT: (peer) => peer.write('+OK 2 1010\r\n'),
        LIST: (peer) => peer.write('+OK\r\n1 10\r\n2 1000\r\n.\r\n'),
        UIDL: (peer) => peer.write('+OK\r\n1 riada\r\n2 normal\r\n.\r\n'),
        RETR: async (peer, args) => {
          await peer.write('+OK\r\n');
          if (args.trim() === '1') await peer.flood('Subject: riada\r\n', 300 * MB);
          else await peer.write(`${normal}.\r\n`);
        },
      }),
    );
    try {
      const plan = fetchPlan(
        950,
        { ...settings(server.port), protocol: 'pop3', afterStore: 'keep' },
        { maxMessageBytes: 5 * MB },
      );
      const { value: run, rssMb, s } = await measured('POP3 300 MB flood', () => p.runner.run(plan));
      assert.equal(run.error, null);
      assert.deepEqual([run.newCases, run.quarantined], [1, 1]);
      const held = await p.quarantine.list(950);
      assert.deepEqual(
        held.map((q) => [q.uid, q.reason, q.rawKept]),
        [['riada', 'over_size', false]],
      );
      const sent = server.peers.reduce((n, peer) => n + peer.sent, 0);
      assert.ok(
        sent < 40 * MB,
        `the server sent ${Math.round(sent / MB)} MB before the connection was dropped`,
      );
      assert.ok(rssMb < 150, `RSS grew by ${rssMb} MB`);
      assert.ok(s < 60);
    } finally {
      await server.stop();
    }
  });
});
