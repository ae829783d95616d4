import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { isDrobotError, type DrobotError } from '../../src/errors/drobot-error.js';
import { LANGS } from '../../src/i18n/lang.js';
import { createLogger } from '../../src/logging/logger.js';
import { verifyCaseMessageId } from '../../src/notifications/message-id.js';
import { NOTIFICATION_TYPES } from '../../src/notifications/notification.types.js';
import { claimDue } from '../../src/notifications/outbox.claim.js';
import { clearSuppression, findSuppression } from '../../src/notifications/suppression.repository.js';
import type { Database } from '../../src/storage/database.js';
import type { SmtpSender } from '../support/smtp-sender.js';
import { DIALECTS } from '../support/databases.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import {
  ACCOUNT_ID,
  fakeClock,
  FROM,
  INSTANCE,
  makeSender,
  makeService,
  makeWorker,
  queueAlarms,
  SAMPLE_DATA,
} from './outbox.fixture.js';
import { withTestStore } from '../support/store-hooks.js';

const key = crypto.randomBytes(32);
let pki: TestPki;
let server: TestSmtpServer;
let sender: SmtpSender;

before(async () => {
  pki = createTestPki();
  server = await startSmtpServer({ pki });
  sender = makeSender(server, pki);
});

after(async () => {
  await sender.close();
  await server.stop();
});

async function rowCount(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function rejected(promise: Promise<unknown>): Promise<DrobotError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDrobotError(error), `expected a DrobotError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to be rejected');
}

for (const dialect of DIALECTS) {
  describe(`outbox on ${dialect}`, () => {
    let database: Database;

    withTestStore(dialect, (_store, db) => {
      database = db;
    });

    test('every type in every language arrives with its headers, subject, both bodies and case tag', async () => {
      server.reset({});
      const service = makeService(database, key);
      const queued = new Map<string, { type: string; lang: string }>();
      for (const type of NOTIFICATION_TYPES) {
        for (const lang of LANGS) {
          const result = await service.enqueue({
            type,
            lang,
            to: 'ana@example.test',
            data: SAMPLE_DATA[type],
            ...(type === 'case-created' ? { inReplyTo: '<original.1@example.test>' } : {}),
          });
          assert.equal(result.status, 'queued');
          if (result.status === 'queued') queued.set(result.messageId, { type, lang });
        }
      }
      const summary = await makeWorker(database, sender).drain();
      assert.equal(summary.sent, 10);
      const mails = await server.waitForMessages(10);
      assert.equal(mails.length, 10);
      for (const mail of mails) {
        const parsed = await simpleParser(mail.raw);
        const expected = queued.get(parsed.messageId ?? '');
        assert.ok(expected, `unexpected Message-ID ${parsed.messageId}`);
        const { type, lang } = expected;
        assert.equal(mail.envelope.from, FROM);
        assert.deepEqual(mail.envelope.to, ['ana@example.test']);
        assert.equal(mail.headers['auto-submitted'], 'auto-generated');
        assert.equal(mail.headers['x-drobot-loop'], INSTANCE);
        assert.ok(parsed.text && parsed.text.length > 20, `${type}/${lang} has a text body`);
        assert.ok(parsed.html && parsed.html.includes('<p'), `${type}/${lang} has an HTML body`);
        const subject = parsed.subject ?? '';
        const es = lang === 'es';
        if (type === 'case-created' || type === 'case-updated') {
          assert.ok(subject.startsWith('[Caso #123] '), subject);
          assert.equal(verifyCaseMessageId(parsed.messageId ?? '', key), 123);
          assert.ok(parsed.text?.includes('[Caso #123]'));
        }
        if (type === 'case-created') {
          assert.equal(mail.headers['in-reply-to'], '<original.1@example.test>');
          assert.equal(mail.headers.references, '<original.1@example.test>');
          assert.match(subject, es ? /Hemos recibido su solicitud/ : /We have received your request/);
          assert.ok(parsed.text?.includes(es ? 'Hola, Ana Pérez:' : 'Hello Ana Pérez,'));
        }
        if (type === 'case-updated') {
          // Variables are escaped in HTML and kept as they are in text.
          assert.ok(parsed.html.includes('Hemos cambiado el tóner &lt;b&gt;hoy&lt;/b&gt;.'));
          assert.ok(parsed.text?.includes('Hemos cambiado el tóner <b>hoy</b>.'));
          assert.ok(parsed.text?.includes(es ? 'Luis ha respondido' : 'Luis replied'));
        }
        if (type === 'account-verification') {
          assert.equal(subject, es ? 'Verifique su cuenta' : 'Verify your account');
          assert.ok(parsed.text?.includes('482913'));
          assert.ok(parsed.html.includes('href="https://desk.example.test/verify?t=abc"'));
          assert.ok(parsed.text?.includes(es ? '3 de marzo de 2026' : '3 March 2026'), parsed.text);
        }
        if (type === 'password-recovery') {
          assert.equal(subject, es ? 'Recuperación de contraseña' : 'Password recovery');
          assert.ok(parsed.text?.includes('https://desk.example.test/reset?t=xyz'));
        }
        if (type === 'alarm') {
          assert.equal(
            subject,
            es ? '[Crítica] Alarma de mail fetcher' : '[Critical] Alarm from mail fetcher',
          );
          assert.ok(parsed.text?.includes('failed 5 times'));
        }
        if (type !== 'case-created' && type !== 'case-updated') {
          assert.equal(verifyCaseMessageId(parsed.messageId ?? '', key), undefined);
        }
      }
      const sent = await service.list({ state: 'sent' });
      assert.equal(sent.length, 10);
      assert.ok(sent.every((e) => e.serverReply?.startsWith('250') && e.sentAt !== undefined));
    });

    test('451 twice then 250: sent on the third attempt with the same Message-ID', async () => {
      const seen: string[] = [];
      server.reset({
        onData: (ctx) => {
          seen.push(ctx.headers?.['message-id'] ?? '');
          return ctx.call <= 2 ? { code: 451, message: '4.3.0 Try again later' } : undefined;
        },
      });
      const clock = fakeClock();
      const service = makeService(database, key, { clock: clock.now });
      const worker = makeWorker(database, sender, { clock: clock.now, random: () => 0.5 });
      const result = await service.enqueue({
        type: 'alarm',
        to: 'ops@example.test',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal(result.status, 'queued');
      if (result.status !== 'queued') return;

      assert.deepEqual(await worker.runOnce(), { claimed: 1, sent: 0, retrying: 1, failed: 0 });
      let entry = await service.show(result.id);
      assert.equal(entry.state, 'retrying');
      assert.equal(entry.lastErrorCode, 'smtp_transient');
      assert.match(entry.serverReply ?? '', /^451 4\.3\.0 Try again later/);
      // Not due yet: nothing is claimed before the backoff delay.
      assert.equal((await worker.runOnce()).claimed, 0);
      clock.advance(new Date(entry.nextAttemptAt ?? '').getTime() - clock.now().getTime());
      assert.equal((await worker.runOnce()).retrying, 1);
      entry = await service.show(result.id);
      clock.advance(new Date(entry.nextAttemptAt ?? '').getTime() - clock.now().getTime());
      assert.equal((await worker.runOnce()).sent, 1);

      entry = await service.show(result.id);
      assert.equal(entry.state, 'sent');
      assert.equal(entry.attempts, 3);
      assert.match(entry.serverReply ?? '', /^250 /);
      assert.deepEqual(seen, [result.messageId, result.messageId, result.messageId]);
      assert.equal(server.messages.length, 1);
    });

    test('550 at DATA: failed at once with the server reply', async () => {
      server.reset({ onData: () => ({ code: 550, message: '5.7.1 Message refused by policy' }) });
      const service = makeService(database, key);
      const result = await service.enqueue({
        type: 'password-recovery',
        to: 'ana@example.test',
        data: SAMPLE_DATA['password-recovery'],
      });
      assert.equal(result.status, 'queued');
      if (result.status !== 'queued') return;
      assert.deepEqual(await makeWorker(database, sender).runOnce(), {
        claimed: 1,
        sent: 0,
        retrying: 0,
        failed: 1,
      });
      const entry = await service.show(result.id);
      assert.equal(entry.state, 'failed');
      assert.equal(entry.attempts, 1);
      assert.equal(entry.lastErrorCode, 'smtp_permanent');
      assert.match(entry.serverReply ?? '', /^550 5\.7\.1 Message refused by policy/);
      // Refused by policy is no bounce of the address: it is not suppressed.
      assert.equal(await findSuppression(database.db, 'ana@example.test'), undefined);

      // The error in the reader's language.
      assert.match((await service.show(result.id, 'en')).lastError ?? '', /550|refused|rejected/i);
      const spanish = (await service.show(result.id, 'es')).lastError ?? '';
      assert.notEqual(spanish, (await service.show(result.id, 'en')).lastError);
      assert.match(spanish, /servidor|rechaz/i);

      // An administrator's retry sends it again, with the same Message-ID: the old error is no longer
      // shown, and the attempt limit stays what it was (a new round, not a higher limit).
      server.reset({});
      const retried = await service.retry(result.id);
      assert.equal(retried.state, 'queued');
      assert.equal(retried.lastError, undefined);
      assert.equal(retried.lastErrorCode, undefined);
      assert.equal(retried.serverReply, undefined);
      assert.equal(retried.attempts, 0);
      assert.equal(retried.maxAttempts, entry.maxAttempts);
      assert.equal((await makeWorker(database, sender).runOnce()).sent, 1);
      assert.equal(server.messages[0]?.messageId, result.messageId);
      await assert.rejects(service.retry(result.id), /only failed or waiting/);
    });

    test('the log has a line per round and one per failed notification, none per sent one at info', async () => {
      server.reset({
        onRcptTo: ({ address }) =>
          address?.startsWith('nadie@') ? { code: 550, message: '5.1.1 No such user' } : undefined,
      });
      const service = makeService(database, key);
      for (const to of ['ana@example.test', 'luis@example.test', 'nadie@example.test']) {
        const result = await service.enqueue({ type: 'case-created', to, data: SAMPLE_DATA['case-created'] });
        assert.equal(result.status, 'queued');
      }
      const lines: Array<Record<string, unknown>> = [];
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      });
      const logger = createLogger({ level: 'info', stream });
      const summary = await makeWorker(database, sender, { logger }).runOnce();
      assert.deepEqual(summary, { claimed: 3, sent: 2, retrying: 0, failed: 1 });
      await new Promise<void>((resolve) => stream.end(resolve));
      assert.deepEqual(
        lines.map((l) => [l.level, l.msg]),
        [
          ['warn', 'notification failed'],
          ['info', 'outbox round'],
        ],
      );
      assert.equal(lines[0]?.code, 'smtp_permanent');
      assert.deepEqual(
        { claimed: lines[1]?.claimed, sent: lines[1]?.sent, failed: lines[1]?.failed },
        { claimed: 3, sent: 2, failed: 1 },
      );
    });

    test('a recipient refused for good is suppressed until an administrator clears it', async () => {
      server.reset({ onRcptTo: () => ({ code: 550, message: '5.1.1 No such user here' }) });
      const service = makeService(database, key);
      const first = await service.enqueue({
        type: 'alarm',
        to: 'Gone@Example.test',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal(first.status, 'queued');
      assert.equal((await makeWorker(database, sender).runOnce()).failed, 1);
      const suppression = await findSuppression(database.db, 'gone@example.test');
      assert.equal(suppression?.reason, 'bounce');
      assert.match(suppression?.detail ?? '', /5\.1\.1 No such user/);

      const before = await rowCount(database);
      const second = await service.enqueue({
        type: 'alarm',
        to: 'gone@example.test',
        data: SAMPLE_DATA.alarm,
      });
      assert.deepEqual(second, { status: 'suppressed', address: 'gone@example.test' });
      assert.equal(await rowCount(database), before);

      assert.equal(await clearSuppression(database.db, 'GONE@example.test'), true);
      const third = await service.enqueue({
        type: 'alarm',
        to: 'gone@example.test',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal(third.status, 'queued');
      server.reset({});
      assert.equal((await makeWorker(database, sender).runOnce()).sent, 1);
    });

    test('bad input is rejected with field errors and nothing is queued', async () => {
      const service = makeService(database, key, { maxBodyBytes: 20_000 });
      const caseData = SAMPLE_DATA['case-created'];
      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        [
          'invalid address',
          { type: 'alarm', to: 'not-an-address', data: SAMPLE_DATA.alarm },
          'to',
          'invalid_address',
        ],
        [
          'CR/LF in the address',
          { type: 'alarm', to: 'a@example.test\r\nBcc: victim@example.test', data: SAMPLE_DATA.alarm },
          'to',
          'header_injection',
        ],
        [
          'CR/LF in a subject variable',
          {
            type: 'case-created',
            to: 'a@example.test',
            data: { ...caseData, caseSubject: 'Hola\r\nBcc: victim@example.test' },
          },
          'data.caseSubject',
          'header_injection',
        ],
        [
          'LF in In-Reply-To',
          { type: 'case-created', to: 'a@example.test', data: caseData, inReplyTo: '<a@b>\nBcc: x@y.test' },
          'inReplyTo',
          'header_injection',
        ],
        ['unknown type', { type: 'newsletter', to: 'a@example.test', data: {} }, 'type', 'unknown_type'],
        [
          'unknown language',
          { type: 'alarm', lang: 'fr', to: 'a@example.test', data: SAMPLE_DATA.alarm },
          'lang',
          'unknown_lang',
        ],
        [
          'missing variable',
          { type: 'case-created', to: 'a@example.test', data: { caseSubject: 'x' } },
          'data.caseId',
          'required',
        ],
        [
          'reply without a message',
          {
            type: 'case-updated',
            to: 'a@example.test',
            data: { caseId: 1, caseSubject: 'x', change: 'reply' },
          },
          'data.message',
          'required',
        ],
        [
          'unknown variable',
          { type: 'alarm', to: 'a@example.test', data: { ...SAMPLE_DATA.alarm, colour: 'red' } },
          'data.colour',
          'unknown_field',
        ],
        [
          'body over the size limit',
          {
            type: 'alarm',
            to: 'a@example.test',
            data: { ...SAMPLE_DATA.alarm, message: 'x'.repeat(30_000) },
          },
          'data',
          'too_large',
        ],
      ];
      const before = await rowCount(database);
      for (const [name, input, field, code] of cases) {
        const error = await rejected(service.enqueue(input));
        assert.equal(error.code, 'validation_failed', name);
        const issue = error.issues.find((i) => i.field === field);
        assert.ok(issue, `${name}: expected an issue on ${field}, got ${JSON.stringify(error.render('en'))}`);
        assert.equal(issue.code, code, name);
        assert.ok(error.render('es').issues?.every((i) => i.message.length > 0));
      }
      assert.equal(await rowCount(database), before);
    });

    test('no acknowledgment to an auto-reply, a bounce or DRobot itself', async () => {
      const service = makeService(database, key);
      const data = SAMPLE_DATA['case-created'];
      const before = await rowCount(database);
      assert.deepEqual(
        await service.enqueue({
          type: 'case-created',
          to: 'ooo@example.test',
          data,
          trigger: { autoSubmitted: true },
        }),
        { status: 'skipped', reason: 'auto-reply' },
      );
      assert.deepEqual(
        await service.enqueue({
          type: 'case-created',
          to: 'mailer-daemon@example.test',
          data,
          trigger: { bounce: true },
        }),
        { status: 'skipped', reason: 'bounce' },
      );
      assert.deepEqual(await service.enqueue({ type: 'case-created', to: FROM.toUpperCase(), data }), {
        status: 'skipped',
        reason: 'own-address',
      });
      assert.equal(await rowCount(database), before);
    });

    test('the rate limit holds over a batch, for several workers together', async () => {
      server.reset({});
      await database.db.deleteFrom('outbox').where('state', '!=', 'sent').execute();
      const clock = fakeClock('2026-03-02T12:00:00.000Z');
      const service = makeService(database, key, { clock: clock.now, routing: { defaultAccountId: 99 } });
      for (let i = 0; i < 23; i += 1) {
        await service.enqueue({ type: 'alarm', to: `ops${i}@example.test`, data: SAMPLE_DATA.alarm });
      }
      const workers = [1, 2, 3].map(() =>
        makeWorker(database, sender, {
          clock: clock.now,
          rateLimitOf: (id) => (id === 99 ? 5 : 1000),
          batchSize: 4,
        }),
      );
      const perWindow: number[] = [];
      for (let window = 0; window < 6; window += 1) {
        const rounds = await Promise.all(workers.map((w) => w.drain()));
        perWindow.push(rounds.reduce((n, s) => n + s.sent, 0));
        clock.advance(60_000);
      }
      assert.deepEqual(perWindow, [5, 5, 5, 5, 3, 0]);
      assert.equal(server.messages.length, 23);
    });

    test('an account whose window is full does not keep the rows queued behind its own from a claim', async () => {
      await database.db.deleteFrom('outbox').where('state', '!=', 'sent').execute();
      const clock = fakeClock('2026-03-02T15:00:00.000Z');
      const limited = makeService(database, key, { clock: clock.now, routing: { defaultAccountId: 99 } });
      const open = makeService(database, key, { clock: clock.now });
      const first = await queueAlarms(limited, 8, 'full');
      const behind = await queueAlarms(open, 3, 'behind');
      const claimed = await claimDue(database, {
        owner: 'claims',
        now: clock.now(),
        leaseMs: 60_000,
        limit: 4,
        rateLimitOf: (id) => (id === 99 ? 2 : 1000),
      });
      // The first 4 due rows are all the full account's: only 2 fit its window, and the next look past
      // them (without that account) finds the other account's.
      assert.deepEqual(
        claimed.map((r) => r.id),
        [...first.slice(0, 2), ...behind.slice(0, 2)],
      );
      assert.ok(claimed.every((r) => r.content !== undefined));
      await database.db.deleteFrom('outbox').where('state', '!=', 'sent').execute();
    });

    test('a drain claims each round while the round before writes its outcomes; every mail goes once', async () => {
      server.reset({});
      await database.db.deleteFrom('outbox').where('state', '!=', 'sent').execute();
      await database.db.deleteFrom('runs').execute();
      // Each reading of this clock is a millisecond later: the history's times give the order of events.
      let ms = new Date('2026-03-02T16:00:00.000Z').getTime();
      const ticking = () => new Date((ms += 1));
      const service = makeService(database, key, { clock: ticking });
      const ids = await queueAlarms(service, 90, 'rounds');
      const worker = makeWorker(database, sender, { clock: ticking, batchSize: 30 });
      const summary = await worker.drain();
      assert.deepEqual(summary, { claimed: 90, sent: 90, retrying: 0, failed: 0 });
      const recipients = server.messages.flatMap((m) => m.envelope.to);
      assert.equal(recipients.length, 90);
      assert.equal(new Set(recipients).size, 90);
      for (const id of ids) assert.equal((await service.show(id)).state, 'sent');
      const rounds = await database.db
        .selectFrom('runs')
        .select(['started_at', 'ended_at', 'counts'])
        .where('kind', '=', 'send')
        .orderBy('started_at')
        .execute();
      assert.deepEqual(
        rounds.map((r) => JSON.parse(r.counts) as unknown),
        [0, 1, 2].map(() => ({ claimed: 30, sent: 30, retrying: 0, failed: 0 })),
      );
      const [one, two, three] = rounds;
      assert.ok(one && two && three);
      // A round is claimed once the sends of the one before have ended, and once the round before that has
      // ended: whether the third starts before the second ends depends on which of the first two finishes
      // writing first, which a loaded machine may change. Rounds overlap, never more than two.
      assert.ok(two.started_at < one.ended_at, 'the second round was claimed before the first had ended');
      assert.ok(three.started_at > one.ended_at, 'never more than two rounds at once');
    });

    test('a row left sending by a crashed worker is sent again after its lease, with the same Message-ID', async () => {
      server.reset({});
      const clock = fakeClock('2026-03-02T13:00:00.000Z');
      const service = makeService(database, key, { clock: clock.now });
      const result = await service.enqueue({
        type: 'case-created',
        to: 'ana@example.test',
        data: SAMPLE_DATA['case-created'],
      });
      assert.equal(result.status, 'queued');
      if (result.status !== 'queued') return;
      const ghost = await claimDue(database, {
        owner: 'crashed',
        now: clock.now(),
        leaseMs: 30_000,
        limit: 100,
        rateLimitOf: () => 1000,
      });
      assert.ok(ghost.some((r) => r.id === result.id));
      const worker = makeWorker(database, sender, { clock: clock.now });
      assert.equal((await worker.runOnce()).claimed, 0, 'the lease still holds');
      clock.advance(30_001);
      assert.equal((await worker.runOnce()).sent, 1);
      const entry = await service.show(result.id);
      assert.equal(entry.state, 'sent');
      assert.equal(entry.attempts, 2);
      assert.equal(server.messages[0]?.messageId, result.messageId);
      assert.equal(entry.accountId, ACCOUNT_ID);
    });

    test('a row whose lease runs out before its send is not sent; the next claim sends it', async () => {
      server.reset({});
      await database.db.deleteFrom('outbox').where('state', '!=', 'sent').execute();
      const clock = fakeClock('2026-03-02T14:00:00.000Z');
      const service = makeService(database, key, { clock: clock.now });
      const result = await service.enqueue({
        type: 'alarm',
        to: 'late@example.test',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal(result.status, 'queued');
      if (result.status !== 'queued') return;
      let slowOnce = true;
      const worker = makeWorker(database, sender, {
        clock: clock.now,
        leaseMs: 30_000,
        // The first lookup takes longer than the lease: meanwhile another worker may have claimed the row.
        transportFor: () => {
          if (slowOnce) clock.advance(30_000);
          slowOnce = false;
          return Promise.resolve({ from: FROM, sink: sender.sink });
        },
      });
      assert.deepEqual(await worker.runOnce(), { claimed: 1, sent: 0, retrying: 0, failed: 0 });
      assert.equal(server.messages.length, 0);
      assert.equal((await service.show(result.id)).state, 'sending');
      assert.equal((await worker.runOnce()).sent, 1);
      const entry = await service.show(result.id);
      assert.equal(entry.state, 'sent');
      assert.equal(entry.attempts, 2);
      assert.deepEqual(
        server.messages.map((m) => m.messageId),
        [result.messageId],
      );
    });

    test('sent outcomes written together: each row its own reply, none over a row another worker took', async () => {
      server.reset({});
      await database.db.deleteFrom('outbox').where('state', '!=', 'sent').execute();
      const clock = fakeClock('2026-03-02T16:00:00.000Z');
      const service = makeService(database, key, { clock: clock.now });
      const ids = await queueAlarms(service, 3, 'batch');
      const takenId = ids[1] ?? 0;
      const worker = makeWorker(database, sender, {
        clock: clock.now,
        recordBatchSize: 10,
        transportFor: () =>
          Promise.resolve({
            from: FROM,
            parallel: 1,
            sink: {
              // While the second mail is out, another worker claims its row (as after a lease ran out).
              async send(message) {
                const sent = await sender.sink.send(message);
                if (server.messages.length === 2) {
                  await database.db
                    .updateTable('outbox')
                    .set({ lease_owner: 'another-worker' })
                    .where('id', '=', takenId)
                    .execute();
                }
                return { ...sent, response: `250 2.0.0 queued as Q${server.messages.length}` };
              },
              close: () => Promise.resolve(),
            },
          }),
      });
      assert.deepEqual(await worker.runOnce(), { claimed: 3, sent: 2, retrying: 0, failed: 0 });
      const [first, taken, third] = await Promise.all(ids.map((id) => service.show(id)));
      assert.equal(first?.state, 'sent');
      assert.equal(first?.serverReply, '250 2.0.0 queued as Q1');
      assert.equal(third?.state, 'sent');
      assert.equal(third?.serverReply, '250 2.0.0 queued as Q3');
      assert.equal(taken?.state, 'sending', "the other worker's row is left as it is");
      assert.equal(taken?.serverReply, undefined);
      const owner = await database.db
        .selectFrom('outbox')
        .select('lease_owner')
        .where('id', '=', takenId)
        .executeTakeFirst();
      assert.equal(owner?.lease_owner, 'another-worker');
    });
  });
}
