import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { AccountService } from '../../src/accounts/account.service.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { OutboxEntry } from '../../src/notifications/notification.types.js';
import { masterKeyFrom } from '../../src/secrets/cipher.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const rawKey = crypto.randomBytes(32);
let pki: TestPki;
let server: TestSmtpServer;
let store: TestStore;
let env: Record<string, string>;

before(async () => {
  pki = createTestPki();
  server = await startSmtpServer({ pki, users: { 'desk@drobot.test': 'pw-desk' } });
  store = await createTestStore('sqlite');
  env = { ...store.env, DROBOT_MASTER_KEY: rawKey.toString('base64'), DROBOT_LOG_LEVEL: 'silent' };
  const database = await store.open();
  const key = masterKeyFrom(rawKey);
  const secrets = new SecretStore({ current: key, all: new Map([[key.id, key]]), file: undefined });
  const accounts = new AccountService({
    database,
    repository: new AccountRepository(secrets),
    logger: silentLogger,
  });
  await accounts.create({
    name: 'desk',
    direction: 'outbound',
    protocol: 'smtp',
    preset: 'domain',
    host: '127.0.0.1',
    port: server.port,
    security: 'starttls',
    username: 'desk@drobot.test',
    password: 'pw-desk',
    tls: { caPem: pki.caPem },
  });
  await accounts.create({
    name: 'inbox',
    direction: 'inbound',
    protocol: 'imap',
    preset: 'domain',
    host: '127.0.0.1',
    port: 9,
    security: 'implicit',
    username: 'soporte@example.test',
    password: 'pw-inbox',
  });
  await database.close();
});

after(async () => {
  await server.stop();
  await store.drop();
});

const cli = (args: string[], extra: Record<string, string> = {}) =>
  runCli(args, { env: { ...env, ...extra } });

describe('drobot notify and drobot outbox', () => {
  test('notify queues, outbox send delivers, list and show report it', async () => {
    const data = JSON.stringify({ caseId: 42, caseSubject: 'Sin correo', requesterName: 'Ana' });
    const queued = await cli([
      'notify',
      'case-created',
      '--to',
      'ana@example.test',
      '--data',
      data,
      '--json',
    ]);
    assert.equal(queued.code, 0, queued.stderr);
    const result = jsonOf<{ status: string; id: number; messageId: string }>(queued);
    assert.equal(result.status, 'queued');

    const sent = await cli(['outbox', 'send', '--json']);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(jsonOf<{ sent: number }>(sent).sent, 1);
    const [mail] = await server.waitForMessages(1);
    assert.equal(mail?.messageId, result.messageId);
    assert.match(mail?.subject ?? '', /^\[Caso #42\] Hemos recibido su solicitud: Sin correo$/);

    const list = jsonOf<OutboxEntry[]>(await cli(['outbox', 'list', '--json']));
    assert.equal(list[0]?.state, 'sent');
    // Read by a person: each field and value in the reader's language; the API's keys stay in --json.
    const shown = await cli(['outbox', 'show', String(result.id)]);
    assert.match(shown.stdout, /^Estado +Enviada$/m);
    assert.match(shown.stdout, /^Tipo +Caso creado$/m);
    assert.match(shown.stdout, /^Cabecera Auto-Submitted +auto-generated$/m);
    const shownEn = await cli(['outbox', 'show', String(result.id)], { DROBOT_LANG: 'en' });
    assert.match(shownEn.stdout, /^State +Sent$/m);
    assert.match(shownEn.stdout, /^Header Auto-Submitted +auto-generated$/m);
    const listed = await cli(['outbox', 'list']);
    assert.match(listed.stdout, /^ID +ESTADO +TIPO +IDIOMA +PARA /m);
    // The language by name, in the reader's language.
    assert.match(listed.stdout, new RegExp(`^${result.id} +Enviada +Caso creado +Español +`, 'm'));
    assert.match(shown.stdout, /^Idioma +Español$/m);
    const listedEn = (await cli(['outbox', 'list'], { DROBOT_LANG: 'en' })).stdout;
    assert.match(listedEn, /^ID +STATE +TYPE +LANGUAGE +TO /m);
    assert.match(listedEn, new RegExp(`^${result.id} +Sent +Case created +Spanish +`, 'm'));
    assert.equal(list[0]?.lang, 'es', '--json keeps the code');
  });

  test('bad input: a field error in Spanish and exit code 2, nothing queued', async () => {
    const r = await cli([
      'notify',
      'alarm',
      '--to',
      'ops@example.test\r\nBcc: x@example.test',
      '--data',
      '{}',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /to: El campo «to» contiene un salto de línea/);
    const english = await cli(['notify', 'newsletter', '--to', 'a@example.test'], { DROBOT_LANG: 'en' });
    assert.equal(english.code, 2);
    assert.match(english.stderr, /Unknown notification type/);
    // A time not in ISO 8601: the message says the form, with examples.
    const alarm = (time: string, lang: string) =>
      cli(
        [
          'notify',
          'alarm',
          '--to',
          'ops@example.test',
          '--data',
          JSON.stringify({ severity: 'info', source: 'x', time, message: 'y' }),
        ],
        { DROBOT_LANG: lang },
      );
    const time = await alarm('10:00', 'es');
    assert.equal(time.code, 2);
    assert.match(
      time.stderr,
      /data\.time: El campo «data\.time» debe ser una fecha y hora ISO 8601, p\. ej\. 2026-12-05T10:30:00Z o 2026-12-05T11:30:00\+01:00\./,
    );
    assert.match((await alarm('ayer', 'en')).stderr, /must be an ISO 8601 date and time, e\.g\. /);
    const list = jsonOf<OutboxEntry[]>(await cli(['outbox', 'list', '--json']));
    assert.equal(list.length, 1);
  });

  test('a failed notification is retried by hand; suppression is listed and cleared', async () => {
    server.reset({ onData: () => ({ code: 554, message: '5.7.1 Rejected for policy reasons' }) });
    const queued = jsonOf<{ id: number }>(
      await cli([
        'notify',
        'password-recovery',
        '--lang',
        'en',
        '--to',
        'luis@example.test',
        '--json',
        '--data',
        JSON.stringify({ link: 'https://desk.example.test/r/1', expiresAt: '2026-03-01T10:00:00Z' }),
      ]),
    );
    await cli(['outbox', 'send']);
    const failed = jsonOf<OutboxEntry>(await cli(['outbox', 'show', String(queued.id), '--json']));
    assert.equal(failed.state, 'failed');
    assert.match(failed.serverReply ?? '', /554 5\.7\.1/);
    // The account by name, and the error in the reader's language.
    const human = await cli(['outbox', 'show', String(queued.id)]);
    assert.match(human.stdout, new RegExp(`^Cuenta +desk \\(#${failed.accountId}\\)$`, 'm'));
    const es = /^Último error +(.+)$/m.exec(human.stdout)?.[1] ?? '';
    const en =
      /^Last error +(.+)$/m.exec(
        (await cli(['outbox', 'show', String(queued.id)], { DROBOT_LANG: 'en' })).stdout,
      )?.[1] ?? '';
    assert.ok(es && en && es !== en, `${es} / ${en}`);
    // The list says the same error in words, never its code; --json keeps the code.
    const code = failed.lastErrorCode ?? '';
    assert.ok(code && es.startsWith(`${code}: `), es);
    const row = (text: string) => text.split('\n').find((line) => line.startsWith(`${queued.id} `)) ?? '';
    const listedEs = row((await cli(['outbox', 'list'])).stdout);
    assert.match(listedEs, / Inglés /);
    assert.ok(listedEs.endsWith(`  ${es.slice(code.length + 2)}`), listedEs);
    assert.ok(!listedEs.includes(code), listedEs);
    const listedEn = row((await cli(['outbox', 'list'], { DROBOT_LANG: 'en' })).stdout);
    assert.match(listedEn, / English /);
    assert.ok(listedEn.endsWith(`  ${en.slice(code.length + 2)}`), listedEn);
    const listedJson = jsonOf<OutboxEntry[]>(await cli(['outbox', 'list', '--json'])).find(
      (e) => e.id === queued.id,
    );
    assert.equal(listedJson?.lastErrorCode, code);
    assert.equal(listedJson?.lang, 'en');
    server.reset({});
    assert.equal((await cli(['outbox', 'retry', String(queued.id)])).code, 0);
    // Said to the person on stderr; stdout, for data, stays empty (no blank line to a pipe).
    const sentByHand = await cli(['outbox', 'send']);
    assert.equal(sentByHand.stdout, '');
    assert.match(sentByHand.stderr, /^Enviadas 1, en reintento 0, fallidas 0\.$/m);
    assert.equal(
      jsonOf<OutboxEntry>(await cli(['outbox', 'show', String(queued.id), '--json'])).state,
      'sent',
    );

    const suppressed = await cli(['outbox', 'suppress', 'Gone@Example.test']);
    assert.equal(suppressed.code, 0);
    assert.equal(suppressed.stdout, '');
    const skipped = jsonOf<{ status: string }>(
      await cli([
        'notify',
        'alarm',
        '--to',
        'gone@example.test',
        '--json',
        '--data',
        JSON.stringify({ severity: 'info', source: 'x', time: '2026-03-01T10:00:00Z', message: 'y' }),
      ]),
    );
    assert.equal(skipped.status, 'suppressed');
    // Told on stderr in the reader's language; stdout, for a queued notification's id, stays empty.
    const alarm = JSON.stringify({
      severity: 'info',
      source: 'x',
      time: '2026-03-01T10:00:00Z',
      message: 'y',
    });
    const toSuppressed = await cli(['notify', 'alarm', '--to', 'gone@example.test', '--data', alarm]);
    assert.equal(toSuppressed.code, 0, toSuppressed.stderr);
    assert.equal(toSuppressed.stdout, '');
    assert.match(toSuppressed.stderr, /No se envía: gone@example\.test está en la lista de supresión/);
    assert.doesNotMatch(toSuppressed.stderr, /rebotó/, 'suppressed by hand: it did not bounce');
    const toOwn = await cli(['notify', 'alarm', '--to', 'desk@drobot.test', '--data', alarm]);
    assert.equal(toOwn.stdout, '');
    assert.match(toOwn.stderr, /^No se envía: es una dirección propia de DRobot\.$/m);
    const toOwnEn = await cli(['notify', 'alarm', '--to', 'desk@drobot.test', '--data', alarm], {
      DROBOT_LANG: 'en',
    });
    assert.equal(toOwnEn.stdout, '');
    assert.match(toOwnEn.stderr, /^Not sent: it is one of DRobot’s own addresses\.$/m);
    assert.deepEqual(
      jsonOf(await cli(['notify', 'alarm', '--to', 'desk@drobot.test', '--data', alarm, '--json'])),
      { status: 'skipped', reason: 'own-address' },
    );
    assert.match((await cli(['outbox', 'suppressed'])).stdout, /gone@example\.test\s+a mano/);
    assert.match((await cli(['outbox', 'unsuppress', 'gone@example.test'])).stderr, /ya puede recibir/);
  });

  test('accounts roundtrip reports the failed leg and exits 1', async () => {
    server.reset({ onRcptTo: () => ({ code: 550, message: '5.1.1 Unknown user' }) });
    const r = await cli(['accounts', 'roundtrip', 'desk', 'inbox', '--timeout', '2000', '--json']);
    server.reset({});
    assert.equal(r.code, 1, r.stderr);
    const report = jsonOf<{ ok: boolean; failedLeg: string; send: { serverReply: string } }>(r);
    assert.equal(report.ok, false);
    assert.equal(report.failedLeg, 'send');
    assert.match(report.send.serverReply, /550 5\.1\.1 Unknown user/);
  });

  test('the case tag word is configurable (DROBOT_CASE_TAG_LABEL)', async () => {
    server.reset({});
    const data = JSON.stringify({ caseId: 7, caseSubject: 'VPN', requesterName: 'Luis' });
    const label = { DROBOT_CASE_TAG_LABEL: 'Ticket' };
    const queued = await cli(
      ['notify', '--type', 'case-created', '--to', 'luis@example.test', '--data', data],
      label,
    );
    assert.equal(queued.code, 0, queued.stderr);
    assert.equal((await cli(['outbox', 'send'], label)).code, 0);
    const [mail] = await server.waitForMessages(1);
    assert.match(mail?.subject ?? '', /^\[Ticket #7\] /);
  });
});
