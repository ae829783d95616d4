import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CaseWithMessages } from '../../src/cases/case.service.js';
import type { Case } from '../../src/cases/case.types.js';
import type { CaseView } from '../../src/helpdesk/case-history.js';
import { REPLY_LIMITS } from '../../src/helpdesk/reply.input.js';
import { inboundOf } from '../../src/inbound/inbound.factory.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from '../server/api-fixture.js';
import { jsonOf, runCli } from '../support/cli.js';
import * as corpus from '../support/corpus.js';

/** Answers, notes, statuses and case search from the `drobot` command and the REST API. */
describe('drobot cases reply|note|status|list|show and /api/cases', () => {
  let api: ApiFixture;
  let env: Record<string, string>;
  let caseNumber = 0;
  let inboxId = 0;

  const call = async (method: string, target: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${api.port}${target}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const cli = (args: string[]) => runCli(args, { env, timeoutMs: 120_000 });

  before(async () => {
    api = await startApi();
    env = { ...api.store.env, DROBOT_MASTER_KEY: api.ctx.config.masterKey ?? '', DROBOT_LOG_LEVEL: 'silent' };
    await api.ctx.accounts.create({
      name: 'avisos',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: '127.0.0.1',
      port: 9,
      security: 'starttls',
      username: 'avisos@helpdesk.test',
      password: 'pw-avisos',
    });
    const inbox = await api.ctx.accounts.create({
      name: 'buzon',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'domain',
      host: '127.0.0.1',
      port: 9,
      security: 'implicit',
      username: corpus.HELPDESK,
      password: 'pw-buzon',
    });
    inboxId = inbox.id;
  });
  after(async () => {
    await api?.close();
  });

  test('an inbound account acknowledges by default; --no-acknowledge and --acknowledge switch it', async () => {
    const shown = jsonOf<{ inbound: { acknowledge: boolean } }>(
      await cli(['accounts', 'show', 'buzon', '--json']),
    );
    assert.equal(shown.inbound.acknowledge, true);
    const off = await cli(['accounts', 'edit', 'buzon', '--no-acknowledge', '--language', 'en']);
    assert.equal(off.code, 0, off.stderr);
    const edited = jsonOf<{ inbound: { acknowledge: boolean; lang: string } }>(
      await cli(['accounts', 'show', 'buzon', '--json']),
    );
    assert.deepEqual([edited.inbound.acknowledge, edited.inbound.lang], [false, 'en']);
    const bad = await cli(['accounts', 'edit', 'buzon', '--language', 'fr']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /inbound\.lang/);
    const on = await cli(['accounts', 'edit', 'buzon', '--acknowledge']);
    assert.equal(on.code, 0, on.stderr);
  });

  test('a mail fetched through the composition root opens a case with its acknowledgment (in the account’s language)', async () => {
    const { ingestor } = await inboundOf(api.ctx);
    const file = path.join(api.store.dataDir, 'first.eml');
    fs.writeFileSync(
      file,
      corpus.plainMail({ from: 'Rosa <rosa@example.test>', subject: 'Impresora atascada' }),
    );
    const result = await ingestor.ingestFile({ accountId: inboxId, mailbox: 'INBOX', uid: '1' }, file, {
      settled: false,
    });
    assert.equal(result.kind, 'new_case');
    caseNumber = 'caseId' in result ? (result.caseId ?? 0) : 0;
    const shown = jsonOf<CaseWithMessages>(await cli(['cases', 'show', String(caseNumber), '--json']));
    assert.deepEqual(
      shown.messages.map((m) => [m.direction, m.deliveryState]),
      [
        ['in', null],
        ['out', 'queued'],
      ],
    );
    assert.match(shown.messages[1]?.subject ?? '', new RegExp(`^\\[Caso #${caseNumber}\\] We have received`));
    assert.equal(shown.messages[1]?.from.address, 'avisos@helpdesk.test');
  });

  test('cases reply, note and status from the command line; show prints the whole thread', async () => {
    const textFile = path.join(api.store.dataDir, 'answer.txt');
    fs.writeFileSync(textFile, 'Hemos retirado el papel atascado.\n');
    const attach = path.join(api.store.dataDir, 'parte.pdf');
    fs.writeFileSync(attach, '%PDF-1.4 parte de trabajo');
    const replied = await cli([
      'cases',
      'reply',
      String(caseNumber),
      '--text-file',
      textFile,
      '--attach',
      attach,
      '--status',
      'pending',
      '--author',
      'Luis',
      '--json',
    ]);
    assert.equal(replied.code, 0, replied.stderr);
    const result = jsonOf<{ case: Case; copies: { to: string; result: { status: string } }[] }>(replied);
    assert.equal(result.case.status, 'pending');
    assert.deepEqual(
      result.copies.map((c) => [c.to, c.result.status]),
      [['rosa@example.test', 'queued']],
    );
    assert.match(replied.stderr, /respuesta en cola para rosa@example\.test/);

    const noted = await cli([
      'cases',
      'note',
      String(caseNumber),
      '--text',
      'Revisar el rodillo.',
      '--author',
      'Luis',
    ]);
    assert.equal(noted.code, 0, noted.stderr);
    const status = await cli(['cases', 'status', String(caseNumber), 'resolved']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stderr, /Se ha avisado al solicitante \(rosa@example\.test\)/);
    const quiet = await cli(['cases', 'status', String(caseNumber), 'open']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /avisado/);

    const human = await runCli(['cases', 'show', String(caseNumber)], {
      env: { ...env, TZ: 'America/Bogota' },
    });
    assert.equal(human.code, 0, human.stderr);
    const order = ['RECIBIDO', 'ENVIADO', 'ENVIADO · Luis', 'NOTA INTERNA · Luis', 'ENVIADO'].map((w) =>
      human.stdout.indexOf(w),
    );
    assert.ok(
      order.every((i) => i >= 0),
      human.stdout,
    );
    assert.match(human.stdout, /Hemos retirado el papel atascado\./);
    // The case's language by name, as the reader says it (--json keeps the code).
    assert.match(human.stdout, /Idioma: (Español|Inglés)\n/);
    assert.match(human.stdout, /Revisar el rodillo\./);
    assert.match(human.stdout, /parte\.pdf \(application\/pdf, 25 B\)/);
    assert.match(
      human.stdout,
      /^Abierto: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d -05:00\b/m,
      'dates in the reader’s time zone',
    );
    const shown = jsonOf<CaseWithMessages>(await cli(['cases', 'show', String(caseNumber), '--json']));
    assert.deepEqual(
      shown.messages.map((m) => `${m.direction}/${m.kind}`),
      ['in/mail', 'out/mail', 'out/mail', 'out/note', 'out/mail'],
    );
  });

  test('the command line names what is wrong', async () => {
    const none = await cli(['cases', 'reply', String(caseNumber)]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--text/);
    const missing = await cli([
      'cases',
      'reply',
      String(caseNumber),
      '--text',
      'x',
      '--attach',
      '/nonexistent/file.pdf',
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /attach\.0/);
    const badDate = await cli(['cases', 'list', '--since', 'ayer']);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /since/);
    const unknown = await cli(['cases', 'note', '999999', '--text', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /999999/);
  });

  test('cases list filters by account, dates, status and words', async () => {
    const list = async (...args: string[]) =>
      jsonOf<Case[]>(await cli(['cases', 'list', ...args, '--json'])).map((c) => c.number);
    assert.deepEqual(await list('--account', 'buzon'), [caseNumber]);
    assert.deepEqual(await list('--search', 'rodillo'), [caseNumber], 'notes are searched too');
    assert.deepEqual(await list('--search', 'atascado papel'), [caseNumber]);
    assert.deepEqual(await list('--search', 'tóner'), []);
    assert.deepEqual(await list('--since', '2000-01-01', '--until', '2000-12-31'), []);
    assert.deepEqual(await list('--since', '2000-01-01', '--status', 'open'), [caseNumber]);
  });

  test('the REST API answers, notes, changes statuses and searches', async () => {
    const content = Buffer.from('fichero de prueba');
    const replied = await call('POST', `/api/cases/${caseNumber}/replies`, {
      text: 'Adjunto el registro.',
      attachments: [
        { filename: 'registro.txt', contentType: 'text/plain', contentBase64: content.toString('base64') },
      ],
      status: 'pending',
    });
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    const badBase64 = await call('POST', `/api/cases/${caseNumber}/replies`, {
      text: 'x',
      attachments: [{ filename: 'a.txt', contentBase64: '@@not base64@@' }],
    });
    assert.equal(badBase64.status, 400);
    assert.match(JSON.stringify(badBase64.body), /attachments\.0\.contentBase64/);
    const cutShort = await call('POST', `/api/cases/${caseNumber}/replies`, {
      text: 'x',
      attachments: [{ filename: 'a.txt', contentBase64: content.toString('base64').slice(0, -1) }],
    });
    assert.equal(cutShort.status, 400, 'base64 comes in groups of four');
    assert.match(JSON.stringify(cutShort.body), /attachments\.0\.contentBase64/);
    const unknownField = await call('POST', `/api/cases/${caseNumber}/replies`, {
      text: 'x',
      to: 'evil@example.test',
    });
    assert.equal(unknownField.status, 400);
    const noCase = await call('POST', '/api/cases/999999/replies', { text: 'x' });
    assert.equal(noCase.status, 404);
    const note = await call('POST', `/api/cases/${caseNumber}/notes`, { text: 'Nota por la API.' });
    assert.equal(note.status, 201);
    assert.equal(note.body.kind, 'note');
    const closed = await call('PATCH', `/api/cases/${caseNumber}`, { status: 'closed' });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 'closed');
    assert.equal((closed.body.notification as { status: string }).status, 'queued');

    const found = await fetch(
      `http://127.0.0.1:${api.port}/api/cases?account=buzon&search=registro&since=2000-01-01`,
      { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
    );
    assert.deepEqual(
      ((await found.json()) as Case[]).map((c) => c.number),
      [caseNumber],
    );
    const shown = await call('GET', `/api/cases/${caseNumber}`);
    const messages = (shown.body as unknown as CaseWithMessages).messages;
    assert.deepEqual(
      messages.slice(-3).map((m) => [m.kind, m.deliveries.length]),
      [
        ['mail', 1],
        ['note', 0],
        ['mail', 1],
      ],
    );
    assert.equal(messages.at(-3)?.attachments[0]?.filename, 'registro.txt');
  });

  test("a failed delivery's error is given in the reader's language, not as the outbox stores it", async () => {
    const shown = await call('GET', `/api/cases/${caseNumber}`);
    const sent = (shown.body as unknown as CaseWithMessages).messages.filter((m) => m.deliveries.length > 0);
    const outboxId = sent.at(-1)?.deliveries[0]?.outboxId ?? 0;
    // As the outbox worker writes a failure: both languages in one stored text.
    await api.ctx.database.db
      .updateTable('outbox')
      .set({
        state: 'failed',
        last_error: JSON.stringify({
          es: 'El servidor rechazó el destinatario.',
          en: 'The server refused the recipient.',
        }),
      })
      .where('id', '=', outboxId)
      .execute();
    const errorIn = async (lang?: string) => {
      const answer = await fetch(`http://127.0.0.1:${api.port}/api/cases/${caseNumber}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(lang ? { 'accept-language': lang } : {}) },
      });
      const body = (await answer.json()) as CaseWithMessages;
      return body.messages.flatMap((m) => m.deliveries).find((d) => d.outboxId === outboxId)?.error;
    };
    assert.equal(await errorIn(), 'El servidor rechazó el destinatario.');
    assert.equal(await errorIn('en'), 'The server refused the recipient.');
  });

  test('an answer takes a file at the size limit through the API, and refuses a larger one naming it', async () => {
    // Sent as base64 in the JSON body: the check once overflowed V8's stack past about 3 MiB (a 500).
    const content = Buffer.from('fichero de prueba');
    const largest = Buffer.alloc(REPLY_LIMITS.attachmentBytes, 'informe ');
    const large = await call('POST', `/api/cases/${caseNumber}/replies`, {
      text: 'El informe completo.',
      attachments: [{ filename: 'informe.txt', contentBase64: largest.toString('base64') }],
    });
    assert.equal(large.status, 201, JSON.stringify(large.body));
    const tooLarge = await call('POST', `/api/cases/${caseNumber}/replies`, {
      text: 'x',
      attachments: [
        { filename: 'informe.txt', contentBase64: Buffer.concat([largest, content]).toString('base64') },
      ],
    });
    assert.equal(tooLarge.status, 400);
    assert.match(JSON.stringify(tooLarge.body), /attachments\.0\.contentBase64/);
    const shown = await call('GET', `/api/cases/${caseNumber}`);
    const messages = (shown.body as unknown as CaseWithMessages).messages;
    const stored = messages.flatMap((m) => m.attachments).find((a) => a.filename === 'informe.txt');
    assert.equal(stored?.size, REPLY_LIMITS.attachmentBytes);
  });

  test('a requester on the suppression list is not told of a status, and the command says why in words', async () => {
    assert.equal((await cli(['outbox', 'suppress', 'rosa@example.test'])).code, 0);
    try {
      const es = await cli(['cases', 'status', String(caseNumber), 'pendiente']);
      assert.equal(es.code, 0, es.stderr);
      assert.match(es.stderr, /^No se avisa al solicitante: la dirección está en la lista de supresión\.$/m);
      const en = await runCli(['cases', 'status', String(caseNumber), 'resolved', '--json'], {
        env: { ...env, DROBOT_LANG: 'en' },
      });
      assert.equal(en.code, 0, en.stderr);
      assert.match(en.stderr, /^The requester is not told: the address is on the suppression list\.$/m);
      assert.equal(jsonOf<{ notification: { status: string } }>(en).notification.status, 'suppressed');
    } finally {
      assert.equal((await cli(['outbox', 'unsuppress', 'rosa@example.test'])).code, 0);
    }
  });

  // Last: its case would join the lists above.
  test('cases reply, cases status and inbound log say why a requester gets no mail, in Spanish and English', async () => {
    // A quoted local part is not an address DRobot writes to; a colleague in copy is.
    const { ingestor } = await inboundOf(api.ctx);
    const file = path.join(api.store.dataDir, 'quoted.eml');
    fs.writeFileSync(
      file,
      corpus.plainMail({
        from: '"ana perez"@example.test',
        subject: 'Monitor sin imagen',
        headers: { Cc: 'luis@example.test' },
      }),
    );
    const result = await ingestor.ingestFile({ accountId: inboxId, mailbox: 'INBOX', uid: '2' }, file, {
      settled: false,
    });
    const number = String('caseId' in result ? (result.caseId ?? 0) : 0);
    const log = await cli(['inbound', 'log']);
    assert.match(
      log.stdout,
      /caso creado \(sin acuse de recibo: la dirección no es una a la que se pueda enviar correo\)/,
    );
    const replied = await cli(['cases', 'reply', number, '--text', 'Cambiamos el cable.']);
    assert.equal(replied.code, 0, replied.stderr);
    assert.match(replied.stderr, /respuesta en cola para luis@example\.test/);
    assert.match(
      replied.stderr,
      /No se envía a "ana perez"@example\.test: la dirección no es una a la que se pueda enviar correo\./,
    );
    const english = await runCli(['cases', 'status', number, 'resolved'], {
      env: { ...env, DROBOT_LANG: 'en' },
      timeoutMs: 120_000,
    });
    assert.equal(english.code, 0, english.stderr);
    assert.match(english.stderr, /The requester is not told: the address is not one mail can be sent to\./);
  });

  test("the case's history keeps who got no mail and why: cases show and the API, in Spanish and English", async () => {
    // A requester DRobot cannot write to, a colleague in copy it can, and one on the suppression list.
    const { ingestor } = await inboundOf(api.ctx);
    const file = path.join(api.store.dataDir, 'untold.eml');
    fs.writeFileSync(
      file,
      corpus.plainMail({
        from: '"eva lopez"@example.test',
        subject: 'Teclado sin respuesta',
        headers: { Cc: 'pablo@example.test, marta@example.test' },
      }),
    );
    const result = await ingestor.ingestFile({ accountId: inboxId, mailbox: 'INBOX', uid: '3' }, file, {
      settled: false,
    });
    const number = String('caseId' in result ? (result.caseId ?? 0) : 0);
    assert.equal((await cli(['outbox', 'suppress', 'marta@example.test'])).code, 0);
    try {
      const replied = await cli(['cases', 'reply', number, '--text', 'Cambiamos el teclado.']);
      assert.equal(replied.code, 0, replied.stderr);
      const status = await cli(['cases', 'status', number, 'resuelto']);
      assert.equal(status.code, 0, status.stderr);
    } finally {
      assert.equal((await cli(['outbox', 'unsuppress', 'marta@example.test'])).code, 0);
    }

    const es = await cli(['cases', 'show', number]);
    assert.equal(es.code, 0, es.stderr);
    const received = es.stdout.indexOf('── RECIBIDO');
    const sent = es.stdout.indexOf('── ENVIADO');
    const changed = es.stdout.indexOf('── CAMBIO DE ESTADO: NUEVO → RESUELTO ·');
    assert.ok(received >= 0 && received < sent && sent < changed, es.stdout);
    const notAddress = 'la dirección no es una a la que se pueda enviar correo';
    const lineAt = (text: string, line: string) => text.indexOf(`\n   ${line}\n`);
    const ack = lineAt(es.stdout, `sin acuse de recibo: ${notAddress}`);
    assert.ok(received < ack && ack < sent, `the acknowledgment, under the first mail:\n${es.stdout}`);
    const notSent = lineAt(es.stdout, `no enviado a "eva lopez"@example.test: ${notAddress}`);
    const suppressed = lineAt(
      es.stdout,
      'no enviado a marta@example.test: la dirección está en la lista de supresión',
    );
    assert.ok(sent < notSent && notSent < changed, `the answer's copies, under it:\n${es.stdout}`);
    assert.ok(sent < suppressed && suppressed < changed, es.stdout);
    assert.ok(
      lineAt(es.stdout, `no se avisó al solicitante ("eva lopez"@example.test): ${notAddress}`) > changed,
      es.stdout,
    );

    const en = await runCli(['cases', 'show', number], {
      env: { ...env, DROBOT_LANG: 'en' },
      timeoutMs: 120_000,
    });
    assert.equal(en.code, 0, en.stderr);
    const notAddressEn = 'the address is not one mail can be sent to';
    for (const line of [
      `not acknowledged: ${notAddressEn}`,
      `not sent to "eva lopez"@example.test: ${notAddressEn}`,
      'not sent to marta@example.test: the address is on the suppression list',
      `the requester ("eva lopez"@example.test) was not told: ${notAddressEn}`,
    ]) {
      assert.ok(lineAt(en.stdout, line) > 0, `${line}\n${en.stdout}`);
    }
    assert.match(en.stdout, /^── STATUS CHANGE: NEW → RESOLVED · /m);

    // The API and --json keep the codes, each event tied to the message it is about.
    const shown = await call('GET', `/api/cases/${number}`);
    assert.equal(shown.status, 200);
    const view = shown.body as unknown as CaseView;
    const [first, answer] = view.messages;
    assert.deepEqual(
      view.events.map((e) => [e.kind, e.caseMessageId, e.address, e.reason, e.status]),
      [
        ['not-acknowledged', first?.id, '"eva lopez"@example.test', 'invalid-address', null],
        ['not-sent', answer?.id, '"eva lopez"@example.test', 'invalid-address', null],
        ['not-sent', answer?.id, 'marta@example.test', 'suppressed', null],
        ['status-changed', null, null, 'agent', 'resolved'],
        ['not-notified', null, '"eva lopez"@example.test', 'invalid-address', 'resolved'],
      ],
    );
    const json = jsonOf<CaseView>(await cli(['cases', 'show', number, '--json']));
    assert.deepEqual(json.events, view.events);
  });

  test("every status change is in the case's history with who made it: cases status --author, PATCH, in Spanish and English", async () => {
    const { ingestor } = await inboundOf(api.ctx);
    const file = path.join(api.store.dataDir, 'changes.eml');
    fs.writeFileSync(file, corpus.plainMail({ from: 'tomas@example.test', subject: 'Monitor parpadea' }));
    const result = await ingestor.ingestFile({ accountId: inboxId, mailbox: 'INBOX', uid: '4' }, file, {
      settled: false,
    });
    const number = String('caseId' in result ? (result.caseId ?? 0) : 0);

    const opened = await cli(['cases', 'status', number, 'abierto', '--author', 'Ana']);
    assert.equal(opened.code, 0, opened.stderr);
    // A script with the admin token names who it acts for; told by mail or not, the change is kept.
    const pending = await call('PATCH', `/api/cases/${number}`, {
      status: 'pending',
      author: 'turno de noche',
    });
    assert.equal(pending.status, 200, JSON.stringify(pending.body));
    assert.equal((pending.body.notification as { status: string }).status, 'queued');
    // No change, nothing kept; a bad author changes nothing and is named.
    const same = await call('PATCH', `/api/cases/${number}`, { status: 'pending', author: 'Ana' });
    assert.equal((same.body.notification as { reason: string }).reason, 'unchanged');
    const bad = await call('PATCH', `/api/cases/${number}`, { status: 'closed', author: 'Ana\nBcc: x' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /"field":"author"/);
    for (const hidden of ['Ana\u202Eanitram', 'An\u200Ba', 'Ana\tB']) {
      const refused = await call('PATCH', `/api/cases/${number}`, { status: 'closed', author: hidden });
      assert.equal(refused.status, 400, hidden);
      assert.match(JSON.stringify(refused.body), /"field":"author"/);
    }
    // A name cannot pass for the command line or the token: the history would say who did not do it.
    for (const forged of ['token:admin', 'cli:root', ' cli:']) {
      const refused = await call('PATCH', `/api/cases/${number}`, { status: 'closed', author: forged });
      assert.equal(refused.status, 400, forged);
      assert.match(JSON.stringify(refused.body), /"field":"author"/);
    }
    const forgedCli = await cli(['cases', 'status', number, 'cerrado', '--author', 'token:admin']);
    assert.notEqual(forgedCli.code, 0);
    assert.match(forgedCli.stderr, /no puede empezar por «cli:» ni ser «token:admin»/);
    // Without --author, the change is the system user's who ran drobot, marked as the command line's.
    const resolved = await cli(['cases', 'status', number, 'resuelto']);
    assert.equal(resolved.code, 0, resolved.stderr);
    // The admin token naming no one: the token is the author.
    const closed = await call('PATCH', `/api/cases/${number}`, { status: 'closed' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const user = os.userInfo().username;

    const shown = await call('GET', `/api/cases/${number}`);
    const view = shown.body as unknown as CaseView;
    assert.equal(view.case.status, 'closed');
    assert.deepEqual(
      view.events.map((e) => [e.kind, e.previousStatus, e.status, e.reason, e.author, e.caseMessageId]),
      [
        ['status-changed', 'new', 'open', 'agent', 'Ana', null],
        ['status-changed', 'open', 'pending', 'agent', 'turno de noche', null],
        ['status-changed', 'pending', 'resolved', 'agent', `cli:${user}`, null],
        ['status-changed', 'resolved', 'closed', 'agent', 'token:admin', null],
      ],
    );
    const json = jsonOf<CaseView>(await cli(['cases', 'show', number, '--json']));
    assert.deepEqual(json.events, view.events);

    /** Each part found after the one before: where it is missing or out of place, the whole text. */
    const inOrder = (text: string, parts: readonly string[]) => {
      let at = 0;
      for (const part of parts) {
        const found = text.indexOf(part, at);
        assert.ok(found >= at, `${part}\n---\n${text}`);
        at = found + part.length;
      }
    };
    const es = await cli(['cases', 'show', number]);
    assert.equal(es.code, 0, es.stderr);
    inOrder(es.stdout, [
      '── RECIBIDO',
      '── CAMBIO DE ESTADO: NUEVO → ABIERTO · Ana ·',
      '── CAMBIO DE ESTADO: ABIERTO → PENDIENTE · turno de noche ·',
      '── ENVIADO', // the notification
      `── CAMBIO DE ESTADO: PENDIENTE → RESUELTO · ${user} (línea de órdenes) · `,
      '── ENVIADO',
      '── CAMBIO DE ESTADO: RESUELTO → CERRADO · token de administración · ',
    ]);
    assert.equal(es.stdout.split('── CAMBIO DE ESTADO').length - 1, 4, es.stdout);
    const en = await runCli(['cases', 'show', number], {
      env: { ...env, DROBOT_LANG: 'en' },
      timeoutMs: 120_000,
    });
    assert.equal(en.code, 0, en.stderr);
    inOrder(en.stdout, [
      '── STATUS CHANGE: NEW → OPEN · Ana ·',
      '── STATUS CHANGE: OPEN → PENDING · turno de noche ·',
      `── STATUS CHANGE: PENDING → RESOLVED · ${user} (command line) · `,
      '── STATUS CHANGE: RESOLVED → CLOSED · administrator token · ',
    ]);
  });
});
