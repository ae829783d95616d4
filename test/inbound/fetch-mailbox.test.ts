import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lastErrorIn } from '../../src/inbound/fetch/fetch-state.repository.js';
import type { Database } from '../../src/storage/database.js';
import { createCaseMessageId } from '../../src/notifications/message-id.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import {
  CASE_KEY,
  createPipeline,
  dovecotSettings,
  fetchPlan,
  type TestPipeline,
} from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const PASSWORD = 'secreto-imap';

/** Files in a Maildir folder's new/ and cur/ (what is still on the server). */
function onServer(server: DovecotServer, user: string, folder?: string): number {
  const base = folder ? path.join(server.maildir(user), `.${folder}`) : server.maildir(user);
  return ['new', 'cur']
    .map((d) => path.join(base, d))
    .filter((d) => fs.existsSync(d))
    .reduce((n, d) => n + fs.readdirSync(d).length, 0);
}

const PROTOCOLS = ['imap', 'pop3'] as const;
const USERS = ['keep', 'delete', 'move', 'limits', 'firstnew', 'unread', 'renumber'];
let pki: TestPki;
let server: DovecotServer;
let store: TestStore;
let database: Database;
let p: TestPipeline;

before(async () => {
  pki = createTestPki();
  const users = PROTOCOLS.flatMap((proto) =>
    USERS.map((u) => ({ user: `${u}-${proto}@helpdesk.test`, password: PASSWORD })),
  );
  server = await startDovecot({ pki, users });
  store = await createTestStore('sqlite');
  database = await store.open();
  p = createPipeline(database, store.dataDir);
});
after(async () => {
  await database?.close();
  await store?.drop();
  await server?.stop();
});

for (const protocol of PROTOCOLS)
  describe(`${protocol.toUpperCase()} fetch against Dovecot (TLS)`, () => {
    const base = protocol === 'imap' ? 100 : 200;
    const users = USERS.map((u) => `${u}-${protocol}@helpdesk.test`);
    const userOf = (name: string) => `${name}-${protocol}@helpdesk.test`;
    const settings = (user: string, over = {}) =>
      dovecotSettings(server, pki, protocol, user, PASSWORD, over);
    const keepMode = protocol === 'imap' ? 'seen' : 'keep';

    for (const [accountId, user, afterStore] of [
      [base + 1, userOf('keep'), keepMode],
      [base + 2, userOf('delete'), 'delete'],
    ] as const) {
      test(`the corpus becomes the expected cases (${afterStore} mode)`, async () => {
        const items = corpus.firstContactCorpus();
        server.deliverMany(
          user,
          items.map((i) => i.raw),
        );
        const plan = fetchPlan(accountId, settings(user, { afterStore }));
        const first = await p.runner.run(plan);
        assert.equal(first.error, null);
        assert.equal(first.newCases, items.length);
        const cases = await p.cases.list({ limit: 1000 });
        const mine = cases.filter((c) => c.sourceAccountId === accountId);
        assert.equal(mine.length, items.length);
        for (const item of items) {
          const found = mine.find((c) => c.subject === item.subject);
          assert.ok(found, `case for ${item.name}`);
          const { messages } = await p.cases.get(found.id);
          assert.match(messages[0]?.text ?? '', item.text, item.name);
        }
        const large = mine.find((c) => c.subject === 'Volcado de memoria');
        const att = (await p.cases.get(large?.id ?? 0)).messages[0]?.attachments[0];
        assert.deepEqual(await p.blobs.read(att?.hash ?? ''), corpus.bigBytes(3 * 1024 * 1024));

        // Replies: by tag, by References, an out-of-office and a bounce about a signed case mail.
        const printer = mine.find((c) => c.subject === 'Impresora de la planta 2');
        const finance = mine.find((c) => c.subject === 'Acceso a Finanzas');
        const financeMsg = (await p.cases.get(finance?.id ?? 0)).messages[0]?.messageId ?? '';
        const signed = createCaseMessageId(CASE_KEY, printer?.id ?? 0, 'helpdesk.test');
        server.deliverMany(user, [
          corpus.replyByTagMail(printer?.number ?? 0),
          corpus.replyByReferencesMail(financeMsg),
          corpus.outOfOfficeMail(signed),
          corpus.dsnBounceMail(signed),
        ]);
        const second = await p.runner.run(plan);
        assert.deepEqual(
          [second.newCases, second.followUps, second.autoRecorded, second.error],
          [0, 2, 2, null],
        );
        const printerMsgs = (await p.cases.get(printer?.id ?? 0)).messages;
        assert.deepEqual(
          printerMsgs.map((m) => m.classification),
          ['normal', 'normal', 'auto_reply', 'bounce'],
        );
        assert.equal(printerMsgs[1]?.textReply, 'Ya funciona, gracias.');
        assert.equal((await p.cases.get(finance?.id ?? 0)).messages.length, 2);

        // Nothing twice: a third run finds nothing new.
        const third = await p.runner.run(plan);
        assert.equal(third.fetched, 0);
        const expectedLeft = afterStore === 'delete' ? 0 : items.length + 4;
        assert.equal(onServer(server, user), expectedLeft);
        if (afterStore === 'seen') {
          const cur = fs.readdirSync(path.join(server.maildir(user), 'cur'));
          assert.ok(
            cur.every((f) => /:2,[A-Z]*S/.test(f)),
            'all marked seen',
          );
        }
      });
    }

    if (protocol === 'imap')
      test('move mode moves stored mail to the target folder', async () => {
        const user = userOf('move');
        server.deliverMany(user, [
          corpus.plainMail({ subject: 'mover 1' }),
          corpus.plainMail({ subject: 'mover 2' }),
        ]);
        const run = await p.runner.run(
          fetchPlan(base + 3, settings(user, { afterStore: 'move', moveTo: 'Procesados' })),
        );
        assert.equal(run.newCases, 2);
        assert.equal(onServer(server, user), 0);
        assert.equal(onServer(server, user, 'Procesados'), 2);
      });

    test('over-size and malformed mail go to quarantine, stay on the server, and are retried', async () => {
      const user = userOf('limits');
      server.deliverMany(user, [
        corpus.largeAttachmentMail({ subject: 'demasiado grande' }, 300 * 1024),
        corpus.malformedMail(),
        corpus.plainMail({ subject: 'normal' }),
      ]);
      const plan = fetchPlan(base + 4, settings(user), { maxMessageBytes: 200 * 1024 });
      const run = await p.runner.run(plan);
      assert.deepEqual([run.newCases, run.quarantined, run.error], [1, 2, null]);
      // The over-size mail is not downloaded and stays; the malformed one was taken in (its raw bytes are
      // durable, kept in quarantine) and settled on the server before it was found unparseable.
      assert.equal(onServer(server, user), 1, 'an over-size mail is not deleted');
      const held = (await p.quarantine.list(base + 4)).sort((a, b) => a.reason.localeCompare(b.reason));
      assert.deepEqual(
        held.map((q) => [q.reason, q.rawKept]),
        [
          ['over_size', false],
          ['unparseable', true],
        ],
      );
      const again = await p.runner.run(plan);
      assert.equal(again.fetched, 0, 'quarantined mail is not fetched again');

      const big = (await p.quarantine.list(base + 4)).find((q) => q.reason === 'over_size');
      assert.equal(big?.rawKept, false, 'an over-size mail is not downloaded');
      await assert.rejects(p.quarantine.retry(big?.id ?? 0), /over the account's limit/);
      const retried = await p.quarantine.retry(big?.id ?? 0, { allowOversize: true });
      assert.equal(retried.kind, 'refetch_scheduled');
      // The next run fetches it over the limit, stores it and deletes it from the server.
      const refetched = await p.runner.run(plan);
      assert.deepEqual([refetched.newCases, refetched.error], [1, null]);
      assert.equal(onServer(server, user), 0);
      assert.deepEqual(
        (await p.quarantine.list(base + 4)).map((q) => q.reason),
        ['unparseable'],
      );
    });

    test('first run policy "new" skips existing mail', async () => {
      const fresh = userOf('firstnew');
      server.deliverMany(fresh, [
        corpus.plainMail({ subject: 'viejo 1' }),
        corpus.plainMail({ subject: 'viejo 2' }),
      ]);
      const planNew = fetchPlan(base + 5, settings(fresh, { afterStore: keepMode }), { firstRun: 'new' });
      assert.equal((await p.runner.run(planNew)).fetched, 0);
      server.deliver(fresh, corpus.plainMail({ subject: 'nuevo' }));
      const later = await p.runner.run(planNew);
      assert.equal(later.newCases, 1);
    });

    if (protocol === 'imap')
      test('first run policy "unread" takes only unseen mail', async () => {
        const unread = userOf('unread');
        server.deliver(unread, corpus.plainMail({ subject: 'leído' }), { seen: true });
        server.deliver(unread, corpus.plainMail({ subject: 'sin leer' }));
        const planUnread = fetchPlan(base + 6, settings(unread, { afterStore: 'seen' }), {
          firstRun: 'unread',
        });
        const run = await p.runner.run(planUnread);
        assert.equal(run.newCases, 1);
        const subjects = (await p.cases.list({ limit: 1000 }))
          .filter((c) => c.sourceAccountId === base + 6)
          .map((c) => c.subject);
        assert.deepEqual(subjects, ['sin leer']);
      });

    if (protocol === 'imap')
      test('a new UIDVALIDITY refetches the folder without duplicates, whatever the first-run policy', async () => {
        const user = userOf('renumber');
        server.deliver(user, corpus.plainMail({ subject: 'antes del cambio' }));
        const plan = fetchPlan(base + 8, settings(user, { afterStore: 'seen' }), { firstRun: 'all' });
        assert.equal((await p.runner.run(plan)).newCases, 1);
        // Dovecot gives the folder a new UIDVALIDITY (the time, in seconds) when its UID list and indexes
        // are gone.
        await new Promise((r) => setTimeout(r, 1100));
        const dir = server.maildir(user);
        for (const f of fs.readdirSync(dir))
          if (f.startsWith('dovecot')) fs.rmSync(path.join(dir, f), { force: true });
        server.deliver(user, corpus.plainMail({ subject: 'después del cambio' }));
        const after = await p.runner.run({ ...plan, limits: { ...plan.limits, firstRun: 'new' } });
        assert.deepEqual([after.fetched, after.newCases, after.skipped, after.error], [2, 1, 1, null]);
        const stored = await database.db
          .selectFrom('inbound_mails')
          .select('mailbox')
          .distinct()
          .where('account_id', '=', base + 8)
          .execute();
        assert.equal(stored.length, 2, 'two UIDVALIDITY generations');
        const health = await database.db
          .selectFrom('fetch_state')
          .select('cursor')
          .where('account_id', '=', base + 8)
          .where('mailbox', '=', '*')
          .executeTakeFirst();
        const newest = stored.map((r) => r.mailbox).sort((a, b) => a.localeCompare(b))[1] ?? '?';
        assert.ok(health?.cursor?.endsWith(newest), `the cursor names the new generation: ${health?.cursor}`);
      });

    test('max messages per run leaves the rest for the next run', async () => {
      const user = userOf('limits');
      const plan = fetchPlan(base + 4, settings(user), { maxMessagesPerRun: 2 });
      server.deliverMany(
        user,
        [1, 2, 3].map((n) => corpus.plainMail({ subject: `lote ${n}` })),
      );
      const first = await p.runner.run(plan);
      assert.deepEqual([first.newCases, first.remaining], [2, 1]);
      const second = await p.runner.run(plan);
      assert.deepEqual([second.newCases, second.remaining], [1, 0]);
    });

    test('a wrong password fails the run and records the error state', async () => {
      const run = await p.runner.run(
        fetchPlan(base + 7, dovecotSettings(server, pki, protocol, users[0] ?? '', 'wrong')),
      );
      assert.match(run.error ?? '', /rejected/);
      assert.equal(run.errors, 1);
      const health = await database.db
        .selectFrom('fetch_state')
        .selectAll()
        .where('account_id', '=', base + 7)
        .executeTakeFirst();
      assert.equal(health?.failures, 1);
      assert.ok(health?.next_attempt_at);
      assert.doesNotMatch(JSON.stringify(health), /wrong/);
      assert.match(lastErrorIn(health?.last_error ?? null, 'es') ?? '', /rechaz/);
      assert.match(lastErrorIn(health?.last_error ?? null, 'en') ?? '', /rejected/);
    });
  });
