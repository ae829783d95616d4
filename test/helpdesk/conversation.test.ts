import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { historyEventsOf } from '../../src/helpdesk/case-history.repository.js';
import type { IngestResult } from '../../src/inbound/ingest/mail.ingestor.js';
import { suppressAddress } from '../../src/notifications/suppression.repository.js';
import type { Database } from '../../src/storage/database.js';
import { runCli } from '../support/cli.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { makeHelpdesk, type TestHelpdesk } from '../support/helpdesk-fixture.js';
import { createPipeline, type TestPipeline } from '../support/mail-pipeline.js';
import { withTestStore } from '../support/store-hooks.js';

/** The help desk conversation on the case store: acknowledgments, answers, notes, statuses, search. */
for (const dialect of DIALECTS) {
  describe(`help desk conversation (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let desk: TestHelpdesk;
    let p: TestPipeline;
    let now = Date.now();
    let uid = 0;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      const clock = () => new Date(now);
      desk = makeHelpdesk(database, store.dataDir, { clock, throttleLimit: 3 });
      p = createPipeline(database, store.dataDir, { onNewCase: desk.acknowledger, throttleLimit: 3 });
    });

    const ingest = (raw: Buffer, accountId = 1, skipThrottle = false): Promise<IngestResult> => {
      const id = String(++uid);
      const file = path.join(store.dataDir, `mail-${id}.eml`);
      fs.writeFileSync(file, raw);
      return p.ingestor.ingestFile({ accountId, mailbox: 'INBOX', uid: id }, file, {
        settled: false,
        skipThrottle,
      });
    };
    const caseOf = (r: IngestResult): number => {
      assert.equal(r.kind, 'new_case', JSON.stringify(r));
      assert.ok('caseId' in r && r.caseId !== null);
      return r.caseId;
    };
    const outboxOf = (caseId: number) =>
      database.db
        .selectFrom('outbox')
        .innerJoin('outbox_contents', 'outbox_contents.outbox_id', 'outbox.id')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('id')
        .execute();

    test('a new case queues one acknowledgment, in the mail’s language, threaded, recorded on the case', async () => {
      const messageId = corpus.newMessageId('ack');
      const caseId = caseOf(
        await ingest(
          corpus.plainMail({
            from: 'Ann Smith <ann@example.test>',
            subject: 'Printer on floor 2',
            messageId,
            headers: { 'Content-Language': 'en-GB', References: '<older@example.test>' },
          }),
        ),
      );
      const rows = await outboxOf(caseId);
      assert.equal(rows.length, 1);
      const ack = rows[0];
      assert.ok(ack);
      assert.equal(ack.type, 'case-created');
      assert.equal(ack.lang, 'en');
      assert.equal(ack.recipient, 'ann@example.test');
      assert.match(
        ack.subject,
        new RegExp(`^\\[Caso #${caseId}\\] We have received your request: Printer on floor 2$`),
      );
      const headers = JSON.parse(ack.headers_json) as Record<string, string>;
      assert.equal(headers['In-Reply-To'], messageId);
      assert.equal(headers.References, `<older@example.test> ${messageId}`);
      assert.equal(headers['Auto-Submitted'], 'auto-generated');

      const shown = await p.cases.get(caseId);
      assert.equal(shown.case.lang, 'en');
      assert.deepEqual(
        shown.messages.map((m) => [m.direction, m.kind, m.messageId, m.deliveryState]),
        [
          ['in', 'mail', messageId, null],
          ['out', 'mail', ack.message_id, 'queued'],
        ],
      );
      assert.equal(ack.case_message_id, shown.messages[1]?.id);
    });

    test('no acknowledgment to a list, a machine, a suppressed address, twice in the window, or when switched off', async () => {
      const acked = async (raw: Buffer, accountId = 1) =>
        (await outboxOf(caseOf(await ingest(raw, accountId)))).length;
      assert.equal(
        await acked(
          corpus.plainMail({ from: 'l@example.test', headers: { 'List-Id': '<it.example.test>' } }),
        ),
        0,
      );
      assert.equal(await acked(corpus.plainMail({ from: 'no-reply@example.test' })), 0);
      assert.equal(await acked(corpus.plainMail({ from: 'it-bounces@example.test' })), 0);
      // A request that asks for no automatic answer: a group's copy, Outlook's header, a monitoring alert.
      // Each is a case (caseOf asserts it), and none is acknowledged.
      const quiet: Record<string, string>[] = [
        { Precedence: 'list' },
        { Precedence: 'bulk' },
        { 'X-Auto-Response-Suppress': 'All' },
        { 'Auto-Submitted': 'auto-generated' },
      ];
      for (const [i, headers] of quiet.entries()) {
        const from = `quiet${i}@example.test`;
        assert.equal(await acked(corpus.plainMail({ from, headers })), 0, JSON.stringify(headers));
      }
      await suppressAddress(database.db, 'gone@example.test', 'manual', 'test');
      assert.equal(await acked(corpus.plainMail({ from: 'Gone@Example.test' })), 0);

      // One acknowledgment per requester per window: a second request within the hour gets none.
      assert.equal(await acked(corpus.plainMail({ from: 'bea@example.test' })), 1);
      assert.equal(await acked(corpus.plainMail({ from: 'bea@example.test', subject: 'Otra cosa' })), 0);
      now += 3601_000;
      assert.equal(await acked(corpus.plainMail({ from: 'bea@example.test', subject: 'Y otra' })), 1);
      now = Date.now();

      desk.account.acknowledge = false;
      try {
        const mail = corpus.plainMail({ from: 'carl@example.test', headers: { 'Content-Language': 'en' } });
        const caseId = caseOf(await ingest(mail));
        assert.equal((await outboxOf(caseId)).length, 0);
        assert.equal((await p.cases.get(caseId)).case.lang, 'en', 'the language is kept all the same');
      } finally {
        desk.account.acknowledge = true;
      }
      desk.account.lang = 'en';
      try {
        const caseId = caseOf(await ingest(corpus.plainMail({ from: 'dan@example.test' })));
        assert.equal((await outboxOf(caseId))[0]?.lang, 'en', 'the account’s language without a header');
        await desk.conversation.reply(caseId, { text: 'Done.' });
        assert.equal((await outboxOf(caseId))[1]?.lang, 'en', 'answers speak the case’s language');
      } finally {
        desk.account.lang = null;
      }
    });

    test('requests of one requester stored at the same time still get one acknowledgment', async () => {
      const from = 'zoe@example.test';
      const open = createPipeline(database, store.dataDir, {
        onNewCase: desk.acknowledger,
        throttleLimit: 0,
      });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => {
          const file = path.join(store.dataDir, `zoe-${i}.eml`);
          fs.writeFileSync(file, corpus.plainMail({ from, subject: `A la vez ${i}` }));
          return open.ingestor.ingestFile({ accountId: 44, mailbox: 'INBOX', uid: `zoe-${i}` }, file, {
            settled: false,
          });
        }),
      );
      assert.equal(results.filter((r) => r.kind === 'new_case').length, 8);
      const acks = await database.db
        .selectFrom('outbox')
        .select('id')
        .where('recipient', '=', from)
        .execute();
      assert.equal(acks.length, 1);
    });

    test('a throttled sender let through from quarantine gets no acknowledgment', async () => {
      const from = 'flood@example.test';
      const results = [];
      // Acknowledgments off for the first ones, so only the throttle can hold the last one back.
      desk.account.acknowledge = false;
      try {
        for (let i = 0; i < 4; i++)
          results.push(await ingest(corpus.plainMail({ from, subject: `Flood ${i}` })));
      } finally {
        desk.account.acknowledge = true;
      }
      assert.deepEqual(
        results.map((r) => r.kind),
        ['new_case', 'new_case', 'new_case', 'quarantined'],
      );
      const acks = async (address: string) =>
        (await database.db.selectFrom('outbox').select('id').where('recipient', '=', address).execute())
          .length;
      const retried = await ingest(corpus.plainMail({ from, subject: 'Flood retried' }), 1, true);
      caseOf(retried);
      assert.equal(await acks(from), 0, 'the sender is over the throttle');
      // The same retry for a sender within the limit is acknowledged.
      caseOf(await ingest(corpus.plainMail({ from: 'calm@example.test' }), 1, true));
      assert.equal(await acks('calm@example.test'), 1);
    });

    test('an answer goes to the requester and the first mail’s participants, with files and a status change', async () => {
      const first = corpus.newMessageId('first');
      const caseId = caseOf(
        await ingest(
          corpus.plainMail({
            from: 'Eva <eva@example.test>',
            to: `Soporte <${corpus.HELPDESK}>, Jefe <boss@example.test>`,
            messageId: first,
            headers: { Cc: 'Colega <peer@example.test>, helpdesk@drobot.test' },
          }),
        ),
      );
      const [ack] = await outboxOf(caseId);
      assert.ok(ack);
      const result = await desk.conversation.reply(caseId, {
        text: 'Hemos cambiado el tóner.\nPruebe ahora.',
        attachments: [
          {
            filename: '../../etc/informe.pdf',
            contentType: 'application/pdf',
            content: Buffer.from('%PDF-1.4 test'),
          },
        ],
        status: 'pending',
        author: 'Luis',
      });
      assert.deepEqual(
        result.copies.map((c) => [c.to, c.result.status]),
        [
          ['eva@example.test', 'queued'],
          ['boss@example.test', 'queued'],
          ['peer@example.test', 'queued'],
        ],
      );
      const rows = (await outboxOf(caseId)).slice(1);
      assert.equal(rows.length, 3);
      for (const row of rows) {
        assert.equal(row.type, 'case-updated');
        assert.match(row.subject, new RegExp(`\\[Caso #${caseId}\\]`));
        const headers = JSON.parse(row.headers_json) as Record<string, string>;
        assert.equal(headers['In-Reply-To'], ack.message_id, 'answers the last message of the case');
        assert.equal(headers.References, `${first} ${ack.message_id}`);
        const files = JSON.parse(row.attachments_json) as { filename: string; size: number }[];
        assert.deepEqual(
          files.map((f) => [f.filename, f.size]),
          [['informe.pdf', 13]],
        );
        assert.match(row.text_body, /Luis ha respondido/);
        assert.match(row.text_body, /Hemos cambiado el tóner\.\nPruebe ahora\./);
        assert.match(row.text_body, /Estado del caso: pendiente de su respuesta\./);
        assert.match(
          row.text_body,
          /> la impresora de la planta 2 no imprime\./,
          'the requester’s words, quoted',
        );
      }
      const shown = await p.cases.get(caseId);
      assert.equal(shown.case.status, 'pending');
      const answer = shown.messages.at(-1);
      assert.ok(answer);
      assert.equal(answer.direction, 'out');
      assert.equal(answer.author, 'Luis');
      assert.equal(answer.textReply, 'Hemos cambiado el tóner.\nPruebe ahora.');
      assert.equal(answer.messageId, rows[0]?.message_id);
      assert.deepEqual(
        answer.deliveries.map((d) => [d.recipient, d.state]),
        rows.map((r) => [r.recipient, 'queued']),
      );
      assert.deepEqual(
        answer.attachments.map((a) => a.filename),
        ['informe.pdf'],
      );
      assert.ok(await desk.blobs.has(answer.attachments[0]?.hash ?? ''));
    });

    test('an answer quotes only words of someone it goes to, and suppressed addresses take no place', async () => {
      const crowd = Array.from({ length: 12 }, (_, i) => `p${i}@example.test`);
      const caseId = caseOf(
        await ingest(
          corpus.plainMail({
            from: 'Rosa <rosa@example.test>',
            to: corpus.HELPDESK,
            messageId: corpus.newMessageId('rosa'),
            headers: { Cc: crowd.join(', ') },
          }),
        ),
      );
      // Anyone can add a mail to a case by its tag: a stranger's words must not reach Rosa in our answer.
      const stranger = await ingest(
        corpus.plainMail(
          {
            from: 'mallory@evil.test',
            subject: `Re: [Caso #${caseId}] Impresora`,
            messageId: corpus.newMessageId('mallory'),
          },
          'Verifique su cuenta en https://evil.test/login\n',
        ),
      );
      assert.equal(stranger.kind, 'follow_up', JSON.stringify(stranger));
      await suppressAddress(database.db, 'p0@example.test', 'manual', 'test');
      await suppressAddress(database.db, 'p1@example.test', 'manual', 'test');
      const result = await desk.conversation.reply(caseId, { text: 'Revisado.' });
      const queued = result.copies.filter((c) => c.result.status === 'queued').map((c) => c.to);
      const suppressed = result.copies.filter((c) => c.result.status === 'suppressed').map((c) => c.to);
      assert.deepEqual(suppressed, ['p0@example.test', 'p1@example.test']);
      assert.deepEqual(queued, ['rosa@example.test', ...crowd.slice(2, 11)], 'ten people reached');
      for (const row of (await outboxOf(caseId)).filter((r) => r.type === 'case-updated')) {
        assert.doesNotMatch(row.text_body, /evil\.test/);
        assert.match(row.text_body, /> la impresora de la planta 2 no imprime\./, 'Rosa’s words, quoted');
      }
    });

    test('a bad answer changes nothing and names the field', async () => {
      const caseId = caseOf(await ingest(corpus.plainMail({ from: 'fer@example.test' })));
      const before = (await outboxOf(caseId)).length;
      const big = Buffer.alloc(10 * 1024 * 1024 + 1);
      await assert.rejects(
        desk.conversation.reply(caseId, {
          text: 'Adjunto',
          attachments: [{ filename: 'big.bin', content: big }],
          status: 'closed',
        }),
        (e: unknown) => isDrobotError(e) && e.render('en').issues?.[0]?.field === 'attachments.0.content',
      );
      await assert.rejects(
        desk.conversation.reply(caseId, { text: '   ' }),
        (e: unknown) => isDrobotError(e) && e.render('en').issues?.[0]?.field === 'text',
      );
      await assert.rejects(
        desk.conversation.reply(999_999, { text: 'Hola' }),
        (e: unknown) => isDrobotError(e) && e.code === 'case_not_found',
      );
      assert.equal((await outboxOf(caseId)).length, before);
      assert.equal((await p.cases.get(caseId)).case.status, 'new');
    });

    test('notes are stored on the case and never sent', async () => {
      const caseId = caseOf(await ingest(corpus.plainMail({ from: 'gil@example.test' })));
      const before = await database.db.selectFrom('outbox').select('id').execute();
      const note = await desk.conversation.note(caseId, { text: 'Llamar por teléfono.', author: 'Luis' });
      assert.equal(note.kind, 'note');
      assert.equal(note.messageId, null);
      const after = await database.db.selectFrom('outbox').select('id').execute();
      assert.equal(after.length, before.length);
      const shown = await p.cases.get(caseId);
      assert.deepEqual(
        shown.messages.map((m) => m.kind),
        ['mail', 'mail', 'note'],
      );
    });

    test('a status change notifies the requester only for the statuses configured', async () => {
      const caseId = caseOf(await ingest(corpus.plainMail({ from: 'hugo@example.test' })));
      const count = async () => (await outboxOf(caseId)).length;
      assert.equal(await count(), 1);
      const opened = await desk.conversation.setStatus(caseId, 'open');
      assert.equal(opened.notification.status, 'not-notified');
      assert.equal(await count(), 1);
      const resolved = await desk.conversation.setStatus(caseId, 'resolved');
      assert.equal(resolved.notification.status, 'queued');
      const again = await desk.conversation.setStatus(caseId, 'resolved');
      assert.equal(again.changed, false);
      const rows = await outboxOf(caseId);
      assert.equal(rows.length, 2);
      assert.match(rows[1]?.text_body ?? '', /ha cambiado de estado: resuelto/);
      const shown = await p.cases.get(caseId);
      assert.equal(shown.messages.at(-1)?.messageId, rows[1]?.message_id);
      await assert.rejects(
        desk.conversation.setStatus(caseId, 'archived'),
        (e: unknown) => isDrobotError(e) && e.code === 'case_bad_status',
      );
    });

    test("the case's history keeps who got no mail and why, and cases show says it", async () => {
      const from = 'lista@example.test';
      const caseId = caseOf(
        await ingest(
          corpus.plainMail({ from, subject: 'Aviso de la lista', headers: { 'List-Id': '<it>' } }),
        ),
      );
      // The agent acts after the mail came in (the pipeline's clock is the real one).
      now = Date.now();
      // None of the requester's business: the change is kept, and no word of a mail not sent.
      assert.equal((await desk.conversation.setStatus(caseId, 'open')).notification.status, 'not-notified');
      assert.equal((await desk.conversation.setStatus(caseId, 'open')).changed, false);
      assert.deepEqual(
        (await historyEventsOf(database.db, caseId)).map((e) => e.kind),
        ['not-acknowledged', 'status-changed'],
      );
      await suppressAddress(database.db, from, 'manual', 'test');
      now += 1000;
      const pending = await desk.conversation.setStatus(caseId, 'pending');
      assert.equal(pending.notification.status, 'suppressed');
      now += 1000;
      const answer = await desk.conversation.reply(caseId, { text: 'Revisado.' });
      now = Date.now();
      assert.deepEqual(
        answer.copies.map((c) => [c.to, c.result.status]),
        [[from, 'suppressed']],
      );
      const events = await historyEventsOf(database.db, caseId);
      const first = (await p.cases.get(caseId)).messages[0];
      assert.deepEqual(
        events.map((e) => [e.kind, e.caseMessageId, e.address, e.reason, e.status]),
        [
          ['not-acknowledged', first?.id, from, 'list', null],
          ['status-changed', null, null, 'agent', 'open'],
          ['status-changed', null, null, 'agent', 'pending'],
          ['not-notified', null, from, 'suppressed', 'pending'],
          ['not-sent', answer.messageId, from, 'suppressed', null],
        ],
      );

      const shown = await runCli(['cases', 'show', String(caseId)], {
        env: { ...store.env, DROBOT_LOG_LEVEL: 'silent' },
        timeoutMs: 120_000,
      });
      assert.equal(shown.code, 0, shown.stderr);
      const at = (line: string) => shown.stdout.indexOf(line);
      const order = [
        '── RECIBIDO',
        '   sin acuse de recibo: el correo viene de una lista de correo\n',
        '── CAMBIO DE ESTADO: NUEVO → ABIERTO ·',
        // The requester not told of a change: said under it, not as an entry of its own.
        '── CAMBIO DE ESTADO: ABIERTO → PENDIENTE ·',
        `   no se avisó al solicitante (${from}): la dirección está en la lista de supresión\n`,
        '── ENVIADO',
        `   no enviado a ${from}: la dirección está en la lista de supresión\n`,
      ].map(at);
      assert.ok(
        order.every((i, n) => i >= 0 && (n === 0 || i > (order[n - 1] ?? 0))),
        `${JSON.stringify(order)}\n${shown.stdout}`,
      );
      assert.equal(shown.stdout.split('── CAMBIO DE ESTADO').length - 1, 2, shown.stdout);
    });

    test("every status change stays in the case's history: from which status to which, who, when; a mail's too", async () => {
      const from = 'rita@example.test';
      const first = corpus.newMessageId('cambios');
      const caseId = caseOf(await ingest(corpus.plainMail({ from, messageId: first })));
      // The agents act after the mail came in and before the requester answers (the pipeline's clock is
      // the real one).
      now = Date.now() + 10;
      await desk.conversation.setStatus(caseId, 'open', { author: 'Ana' });
      now += 10;
      assert.equal((await desk.conversation.setStatus(caseId, 'open', { author: 'Ana' })).changed, false);
      now += 10;
      await desk.conversation.reply(caseId, {
        text: 'Pruebe ahora.',
        status: 'pending',
        author: 'Luis',
      });
      now += 10;
      // Told by mail, by an agent who gave no name.
      assert.equal((await desk.conversation.setStatus(caseId, 'resolved')).notification.status, 'queued');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, now + 10 - Date.now())));
      const again = await ingest(corpus.replyByReferencesMail(first, { from }));
      assert.equal(again.kind, 'follow_up');
      const reopening = 'messageId' in again ? again.messageId : null;
      assert.equal((await p.cases.get(caseId)).case.status, 'open');

      const changes = (await historyEventsOf(database.db, caseId)).filter((e) => e.kind === 'status-changed');
      assert.deepEqual(
        changes.map((e) => [e.previousStatus, e.status, e.reason, e.author, e.caseMessageId, e.address]),
        [
          ['new', 'open', 'agent', 'Ana', null, null],
          ['open', 'pending', 'answer', 'Luis', null, null],
          ['pending', 'resolved', 'agent', null, null, null],
          ['resolved', 'open', 'mail', from, reopening, null],
        ],
      );
      assert.equal(changes[0]?.createdAt, new Date(now - 30).toISOString(), 'when the agent made it');

      const show = async (lang: string) => {
        const shown = await runCli(['cases', 'show', String(caseId)], {
          env: { ...store.env, DROBOT_LOG_LEVEL: 'silent', DROBOT_LANG: lang },
          timeoutMs: 120_000,
        });
        assert.equal(shown.code, 0, shown.stderr);
        return shown.stdout;
      };
      /** Each part found after the one before: where it is missing or out of place, the whole text. */
      const inOrder = (text: string, parts: readonly string[]) => {
        let at = 0;
        for (const part of parts) {
          const found = text.indexOf(part, at);
          assert.ok(found >= at, `${part}\n---\n${text}`);
          at = found + part.length;
        }
      };
      const es = await show('es');
      inOrder(es, [
        '── RECIBIDO',
        '── ENVIADO', // the acknowledgment
        '── CAMBIO DE ESTADO: NUEVO → ABIERTO · Ana ·',
        // The change an answer made, then the answer that says it.
        '── CAMBIO DE ESTADO: ABIERTO → PENDIENTE · Luis ·',
        '\n   con una respuesta\n',
        '── ENVIADO · Luis ·',
        // Then the notification it was told by.
        '── CAMBIO DE ESTADO: PENDIENTE → RESUELTO · ',
        '── ENVIADO',
        '── RECIBIDO',
        '── CAMBIO DE ESTADO: RESUELTO → ABIERTO · DRobot ·',
        `\n   al llegar un correo de ${from}\n`,
      ]);
      assert.equal(es.split('── CAMBIO DE ESTADO').length - 1, 4, es);
      assert.doesNotMatch(es, /PENDIENTE → RESUELTO · [^\d]/, 'no author named, none shown');
      inOrder(await show('en'), [
        '── STATUS CHANGE: NEW → OPEN · Ana ·',
        '── STATUS CHANGE: OPEN → PENDING · Luis ·',
        '\n   with an answer\n',
        '── STATUS CHANGE: PENDING → RESOLVED · ',
        '── STATUS CHANGE: RESOLVED → OPEN · DRobot ·',
        `\n   on a mail from ${from}\n`,
      ]);
    });

    if (dialect === 'postgres') {
      test('a status change made while another one is being written says the status that one left', async () => {
        const caseId = caseOf(await ingest(corpus.plainMail({ from: 'pilar@example.test' })));
        now = Date.now() + 10;
        await desk.conversation.setStatus(caseId, 'open', { author: 'Ana' });
        // Another agent's change, written and not yet committed when this one starts.
        let release = () => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        let started = () => {};
        const changing = new Promise<void>((resolve) => (started = resolve));
        const other = database.db.transaction().execute(async (trx) => {
          await trx.updateTable('cases').set({ status: 'pending' }).where('id', '=', caseId).execute();
          started();
          await held;
        });
        await changing;
        now += 10;
        const mine = desk.conversation.setStatus(caseId, 'resolved', { author: 'Luis' });
        // Time for this change to read the case while the other holds it.
        await new Promise((resolve) => setTimeout(resolve, 300));
        release();
        await other;
        await mine;
        const changes = (await historyEventsOf(database.db, caseId)).filter(
          (e) => e.kind === 'status-changed',
        );
        assert.deepEqual(
          changes.map((e) => [e.previousStatus, e.status, e.author]),
          [
            ['new', 'open', 'Ana'],
            ['pending', 'resolved', 'Luis'],
          ],
        );
      });
    }

    test('a delivery report about an acknowledgment marks it bounced in the history', async () => {
      const caseId = caseOf(await ingest(corpus.plainMail({ from: 'ines@example.test' })));
      const [ack] = await outboxOf(caseId);
      assert.ok(ack);
      const report = await ingest(corpus.dsnBounceMail(ack.message_id, 'ines@example.test'));
      assert.equal(report.kind, 'auto_recorded');
      const shown = await p.cases.get(caseId);
      const out = shown.messages.find((m) => m.direction === 'out');
      assert.equal(out?.deliveryState, 'bounced');
      assert.match(out?.deliveries[0]?.bounce ?? '', /5\.1\.1/);
      // A report naming a mail that is not ours marks nothing.
      await ingest(corpus.dsnBounceMail('<nothing.of.ours@example.test>', 'ines@example.test'));
      const bounced = await database.db
        .selectFrom('outbox')
        .select('id')
        .where('bounced_at', 'is not', null)
        .execute();
      assert.equal(bounced.length, 1);
    });

    test('a huge mail still stores, and its first words are found', async () => {
      const words = Array.from({ length: 200_000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
      const caseId = caseOf(
        await ingest(
          corpus.plainMail({ from: 'big@example.test', subject: 'Registro enorme' }, `zafiro ${words}\n`),
          43,
        ),
      );
      assert.deepEqual(
        (await p.cases.list({ search: 'zafiro' })).map((c) => c.id),
        [caseId],
      );
    });

    test('cases are found by status, requester, account, dates and words of their messages', async () => {
      const a = caseOf(
        await ingest(
          corpus.plainMail(
            { from: 'jon@example.test', subject: 'Impresión lenta' },
            'El escáner tarda mucho.\n',
          ),
          41,
        ),
      );
      const b = caseOf(
        await ingest(
          corpus.plainMail({ from: 'kim@example.test', subject: 'Correo' }, 'No recibo correo externo.\n'),
          42,
        ),
      );
      const ids = async (q: Parameters<typeof p.cases.list>[0]) =>
        (await p.cases.list(q)).map((c) => c.id).sort();
      assert.deepEqual(await ids({ accountId: 41 }), [a]);
      assert.deepEqual(await ids({ requester: 'KIM@example.test' }), [b]);
      assert.deepEqual(await ids({ accountId: 41, search: 'escáner' }), [a]);
      assert.deepEqual(await ids({ accountId: 42, search: 'correo externo' }), [b]);
      assert.deepEqual(await ids({ search: 'externo', accountId: 41 }), []);
      assert.deepEqual(await ids({ search: 'externo escáner' }), [], 'every word must appear in one message');
      // Prefixes match; nothing of a query syntax gets through.
      assert.deepEqual(await ids({ search: 'extern' }), [b]);
      for (const hostile of ['"', 'NEAR(a b)', "' OR 1=1 --", '*', 'a:* | !b', '']) {
        await p.cases.list({ search: hostile });
      }
      assert.deepEqual(await ids({ search: '¿?' }), []);
      // The answer's words are found too.
      await desk.conversation.reply(b, { text: 'Revisamos el cortafuegos.' });
      assert.deepEqual(await ids({ search: 'cortafuegos' }), [b]);
      const created = (await p.cases.get(a)).case.createdAt;
      assert.deepEqual(await ids({ accountId: 41, since: created }), [a]);
      assert.deepEqual(await ids({ accountId: 41, until: created }), []);
      assert.deepEqual(await ids({ accountId: 41, status: 'new' }), [a]);
      assert.deepEqual(await ids({ accountId: 41, status: 'closed' }), []);
    });
  });
}
