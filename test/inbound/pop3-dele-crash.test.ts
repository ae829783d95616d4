/**
 * SIGKILL while a POP3 session's pipelined DELEs are in flight (delete mode). The server has received
 * the DELEs but no QUIT, so it deletes nothing (RFC 1939 §6: deletions happen in the UPDATE state only);
 * the mails were committed before their DELEs went out, so the next run recognises them, settles them
 * again and takes the rest: every mail exactly once, none lost, and the mailbox ends empty.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { runUntil, spawnSupportScript } from '../support/mail-child.js';
import { createPipeline, dovecotSettings, fetchPlan } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startWatchingRelay, type WatchingRelay } from '../support/pop3-watching-relay.js';

const PASSWORD = 'secreto-dele';
const MAILS = 90;
/** Mails per intake commit: each commit is followed by a burst of as many DELEs. */
const INTAKE_COUNT = 10;

function serverCount(server: DovecotServer, user: string): number {
  return ['new', 'cur'].reduce((n, d) => n + fs.readdirSync(path.join(server.maildir(user), d)).length, 0);
}

function mailbox(tag: string, n: number): { raws: Buffer[]; ids: string[] } {
  const ids: string[] = [];
  const raws: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const messageId = corpus.newMessageId(tag);
    ids.push(messageId);
    const head = { messageId, subject: `${tag} ${i}`, from: `u${i}@example.test` };
    // A large one now and then, so DELEs go out while big RETRs are still pipelined behind them.
    raws.push(i % 25 === 3 ? corpus.largeAttachmentMail(head, 300 * 1024) : corpus.plainMail(head));
  }
  return { raws, ids };
}

async function countOf(database: Database, accountId: number, outcome?: string): Promise<number> {
  let q = database.db
    .selectFrom('inbound_mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId);
  if (outcome !== undefined) q = q.where('outcome', '=', outcome);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** How many times each Message-ID is among the case messages: every one exactly once. */
async function assertExactlyOnce(database: Database, ids: readonly string[]): Promise<void> {
  const rows = await database.db
    .selectFrom('case_messages')
    .select(['message_id'])
    .where('message_id', 'in', [...ids])
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.message_id ?? '', (counts.get(r.message_id ?? '') ?? 0) + 1);
  const missing = ids.filter((id) => !counts.has(id)).length;
  const twice = [...counts.values()].filter((n) => n > 1).length;
  assert.deepEqual({ missing, twice }, { missing: 0, twice: 0 });
}

/**
 * Runs a fetch child through the relay and SIGKILLs it once `deles` DELEs of its `burst`-th burst
 * have reached the server (their replies from then on held back). Resolves with the DELEs of that
 * burst the server got and the child's output.
 */
async function killInDeleBurst(
  relay: WatchingRelay,
  arg: string,
  at: { readonly burst: number; readonly deles: number },
): Promise<{ dele: readonly string[]; stdout: string; stderr: string; killed: boolean }> {
  let child: ChildProcess | undefined;
  let dele: readonly string[] = [];
  const first = relay.sightings;
  relay.onCommand = (burst, sent) => {
    if (burst - first < at.burst || sent.length < at.deles) return false;
    dele = [...sent];
    child?.kill('SIGKILL');
    return true;
  };
  try {
    child = spawnSupportScript('mail-fetch-child', [arg]);
    const outcome = await runUntil(child, /^mail /, 0);
    return { dele, stdout: outcome.stdout, stderr: outcome.stderr, killed: child.signalCode === 'SIGKILL' };
  } finally {
    relay.onCommand = undefined;
  }
}

describe('SIGKILL during the pipelined POP3 DELE burst', () => {
  let pki: TestPki;
  let server: DovecotServer;

  before(async () => {
    pki = createTestPki();
    server = await startDovecot({
      pki,
      users: DIALECTS.map((dialect) => ({ user: `dele-${dialect}@helpdesk.test`, password: PASSWORD })),
    });
  });
  after(async () => {
    await server?.stop();
  });

  for (const dialect of DIALECTS) {
    test(`${dialect}: killed with DELEs in flight twice, then a run settles everything exactly once`, async () => {
      const store: TestStore = await createTestStore(dialect);
      const database = await store.open();
      const relay = await startWatchingRelay(server.ports.pop3s, pki.server, pki.caPem);
      try {
        const user = `dele-${dialect}@helpdesk.test`;
        const accountId = 400;
        const { raws, ids } = mailbox(`dele-${dialect}`, MAILS);
        server.deliverMany(user, raws);
        const plan = fetchPlan(
          accountId,
          dovecotSettings(server, pki, 'pop3', user, PASSWORD, { port: relay.port, afterStore: 'delete' }),
        );
        const arg = JSON.stringify({
          databaseUrl: store.databaseUrl,
          dataDir: store.dataDir,
          plan,
          intakeLimits: { count: INTAKE_COUNT, ageMs: 60_000 },
          buildLimits: { count: 10 },
        });

        // 1. The first burst, once all its DELEs (those of the first intake commit) reached the server,
        // with RETRs still pipelined behind them.
        const first = await killInDeleBurst(relay, arg, { burst: 1, deles: INTAKE_COUNT });
        assert.ok(first.killed, `the first child was not killed: ${first.stderr}`);
        assert.doesNotMatch(first.stdout, /^done /m);
        assert.equal(first.dele.length, INTAKE_COUNT);
        const takenFirst = await countOf(database, accountId);
        assert.ok(takenFirst >= INTAKE_COUNT, `committed before the first DELE: ${takenFirst}`);
        assert.equal(serverCount(server, user), MAILS, 'a session killed without QUIT deletes nothing');

        // 2. The next run settles the leftovers first, then takes more; killed in the middle of its
        // third burst.
        const second = await killInDeleBurst(relay, arg, { burst: 3, deles: INTAKE_COUNT / 2 });
        assert.ok(second.killed, `the second child was not killed: ${second.stderr}`);
        assert.ok(second.dele.length >= INTAKE_COUNT / 2, `DELEs sent: ${second.dele.length}`);
        const takenSecond = await countOf(database, accountId);
        assert.ok(takenSecond > takenFirst, `taken in: ${takenFirst}, then ${takenSecond}`);
        assert.equal(serverCount(server, user), MAILS, 'still nothing deleted on the server');

        // 3. A run to the end: every mail once, the mailbox empty.
        const p = createPipeline(database, store.dataDir);
        const final = await p.runner.run(plan);
        assert.equal(final.error, null);
        await assertExactlyOnce(database, ids);
        assert.equal(await countOf(database, accountId), MAILS);
        assert.equal(await countOf(database, accountId, 'queued'), 0);
        assert.equal(serverCount(server, user), 0, 'every mail deleted on the server at the end');
        console.log(
          `${dialect}: killed after ${first.dele.length} and ${second.dele.length} DELEs of a burst; ` +
            `${takenFirst}, then ${takenSecond} taken in before the kills; all ${MAILS} exactly once`,
        );
      } finally {
        await relay.close();
        await database.close();
        await store.drop();
      }
    });
  }
});
