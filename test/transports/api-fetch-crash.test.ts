import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fetchPlanFor, type AccountSecrets } from '../../src/inbound/fetch/account-source.js';
import type { FetchPlan } from '../../src/inbound/fetch/fetch.runner.js';
import type { Database } from '../../src/storage/database.js';
import { gmailDelegated, graphDelegated, type AuthorizedAccount } from '../support/api-accounts.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { startGmailServer, type GmailStandIn } from '../support/gmail-server.js';
import { startGraphServer, type GraphStandIn } from '../support/graph-server.js';
import { runUntil, spawnSupportScript } from '../support/mail-child.js';
import { createPipeline } from '../support/mail-pipeline.js';
import { createOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { withTestStore } from '../support/store-hooks.js';

/**
 * A SIGKILL in the middle of fetching from Microsoft Graph or the Gmail API loses nothing and stores
 * nothing twice: a child process fetches (one line per mail), is killed at several points, another starts;
 * in the end every mail is in exactly one case and the after-store action is done at the stand-in for all.
 */

const MAILS = 100;
const GRAPH_DESK = 'crash@contoso.test';
const GMAIL_DESK = 'crash@gmail.test';

let oauth: TestOAuthServer;
let graph: GraphStandIn;
let gmail: GmailStandIn;
let fx: OAuthFixture;
let secrets: AccountSecrets;

before(async () => {
  oauth = await startOAuthServer();
  graph = await startGraphServer(oauth.introspectionUrl);
  gmail = await startGmailServer(oauth.introspectionUrl);
  fx = await createOAuthFixture('sqlite', oauth);
  secrets = {
    secret: (id, name) => fx.accounts.secret(id, name),
    accessToken: (id, audience, options) => fx.tokenService.getAccessToken(id, audience, options),
  };
});
after(async () => {
  await fx?.close();
  await gmail?.close();
  await graph?.close();
  await oauth?.close();
});

/** Every Message-ID exactly once among the case messages. */
async function assertExactlyOnce(database: Database, ids: readonly string[]): Promise<void> {
  const rows = await database.db
    .selectFrom('case_messages')
    .select(['message_id'])
    .where('message_id', 'in', [...ids])
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.message_id ?? '', (counts.get(r.message_id ?? '') ?? 0) + 1);
  const missing = ids.filter((id) => !counts.has(id));
  const twice = [...counts].filter(([, n]) => n > 1);
  assert.deepEqual({ missing: missing.length, twice: twice.length }, { missing: 0, twice: 0 });
}

/** Mails of a run, a few with a large attachment (downloads long enough to be killed in). */
function mails(tag: string, n: number): { raws: Buffer[]; ids: string[] } {
  const ids: string[] = [];
  const raws: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const messageId = corpus.newMessageId(tag);
    const spec = { messageId, subject: `${tag} ${i}`, from: `u${i}@example.test` };
    ids.push(messageId);
    raws.push(i % 40 === 7 ? corpus.largeAttachmentMail(spec, 512 * 1024) : corpus.plainMail(spec));
  }
  return { raws, ids };
}

/**
 * Runs children on the account's plan, killing each after `at` stored mails (0: to the end), one more
 * right after its start, then a last run in this process. Returns after how many mails each was killed.
 */
async function crashingRuns(store: TestStore, database: Database, plan: FetchPlan, token: string) {
  const arg = JSON.stringify({
    databaseUrl: store.databaseUrl,
    dataDir: store.dataDir,
    plan,
    accessToken: token,
    // Small batches, so each kill lands while mails are still being taken in or built.
    intakeLimits: { count: 10 },
    buildLimits: { count: 10 },
  });
  const kills: number[] = [];
  // Lines come ten at a time (a build batch) and a child builds on until the kill lands (a batch or two
  // more than its lines say, the faster it builds), so the first four take in about 60–80 of the 100
  // mails: the fifth kill, at its first line, finds mail left.
  for (const at of [1, 10, 11, 20, 1, 0]) {
    const child = spawnSupportScript('mail-fetch-child', [arg]);
    const outcome = await runUntil(child, /^mail /, at);
    if (at > 0) {
      assert.ok(outcome.killed, `child ${kills.length + 1} was not killed: ${outcome.stderr}`);
      kills.push(outcome.seen);
    } else {
      assert.match(outcome.stdout, /^done /m, outcome.stderr);
    }
  }
  const early = spawnSupportScript('mail-fetch-child', [arg]);
  setTimeout(() => early.kill('SIGKILL'), 150);
  await runUntil(early, /^mail /, 0);
  const final = await createPipeline(database, store.dataDir).runner.run(plan);
  assert.equal(final.error, null);
  return kills;
}

async function storedFor(database: Database, accountId: number): Promise<number> {
  const stored = await database.db
    .selectFrom('inbound_mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(stored.n);
}

/** The account's real fetch plan, taking everything on the first run, and a token for the child. */
async function planOf(account: AuthorizedAccount, apiUrl: string, afterFetch: string) {
  await fx.accounts.edit(account.id, { apiUrl, inbound: { afterFetch } });
  const plan = await fetchPlanFor(await fx.accounts.get(account.id), secrets);
  return {
    plan: { ...plan, limits: { ...plan.limits, firstRun: 'all' as const } },
    token: await account.tokens(false),
  };
}

for (const dialect of DIALECTS) {
  describe(`API fetching exactly once under SIGKILL (${dialect})`, () => {
    let store: TestStore;
    let database: Database;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
    });

    test(`Graph: SIGKILL at several points of a ${MAILS}-mail run, then restart; every mail deleted once stored`, async () => {
      const desk = `${dialect}-${GRAPH_DESK}`;
      graph.addMailbox(desk);
      const account = await graphDelegated(fx, `graph-crash-${dialect}`, desk);
      const { plan, token } = await planOf(account, graph.url, 'delete');
      const { raws, ids } = mails(`graph-crash-${dialect}`, MAILS);
      for (const raw of raws) graph.deliver(desk, raw);

      const kills = await crashingRuns(store, database, plan, token);
      await assertExactlyOnce(database, ids);
      assert.equal(await storedFor(database, account.id), MAILS);
      assert.equal(graph.inFolder(desk, 'inbox').length, 0, 'every stored mail deleted at the stand-in');
      console.log(
        `${dialect} graph: killed after ${kills.join(', ')} stored mails; all ${MAILS} exactly once`,
      );
    });

    test(`Gmail: SIGKILL at several points of a ${MAILS}-mail run, then restart; every mail marked read once stored`, async () => {
      const desk = `${dialect}-${GMAIL_DESK}`;
      gmail.addMailbox(desk);
      const account = await gmailDelegated(fx, `gmail-crash-${dialect}`, desk);
      const { plan, token } = await planOf(account, gmail.url, 'seen');
      const { raws, ids } = mails(`gmail-crash-${dialect}`, MAILS);
      const delivered = raws.map((raw) => gmail.deliver(desk, raw));

      const kills = await crashingRuns(store, database, plan, token);
      await assertExactlyOnce(database, ids);
      assert.equal(await storedFor(database, account.id), MAILS);
      const unread = delivered.filter(
        (id) => gmail.mailbox(desk).messages.get(id)?.labelIds.has('UNREAD') !== false,
      );
      assert.deepEqual(unread, [], 'every stored mail marked read at the stand-in');
      console.log(
        `${dialect} gmail: killed after ${kills.join(', ')} stored mails; all ${MAILS} exactly once`,
      );
    });
  });
}
