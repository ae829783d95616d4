import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { KINDS } from '../support/account-kinds.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { createPipeline } from '../support/mail-pipeline.js';

/** One moment, stored (as every time is) in ISO 8601 UTC. */
const AT = '2026-12-05T15:46:03.123Z';

const ALARM = JSON.stringify({ severity: 'critical', source: 'ups-1', time: AT, message: 'On battery' });

/** That moment as each reader's zone shows it: seconds, and the zone's offset that day. */
const ZONES = [
  { tz: 'America/Bogota', shown: '2026-12-05 10:46:03 -05:00' },
  { tz: 'Europe/Madrid', shown: '2026-12-05 16:46:03 +01:00' },
  { tz: 'UTC', shown: '2026-12-05 15:46:03 +00:00' },
] as const;

/** Any other way of writing that moment: ISO 8601, minutes alone, a zone's name, a month's name. */
const OTHER_FORMS = [/T\d\d:\d\d/, /\d\d:\d\d\.\d{3}Z/, /\bGMT\b/, /\b(CET|COT|UTC)\b/, /\bdic\b|\bDec\b/];

/**
 * Every time the command line shows a person is in one form, in the reader's time zone (TZ) with its offset,
 * whatever the command and the language; `--json` keeps the stored ISO 8601 UTC.
 */
describe('times in the reader’s zone, one form in every command', () => {
  let store: TestStore;
  let database: Database;
  let caseNumber: number;

  const cli = (args: string[], env: Record<string, string> = {}, input?: string) =>
    runCli(args, { env: { ...store.env, ...env }, ...(input ? { input } : {}) });
  const read = async (args: string[], env: Record<string, string>) => {
    const res = await cli(args, env);
    assert.equal(res.code, 0, `${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };

  before(async () => {
    store = await createTestStore('sqlite');
    const mesa = await cli(
      ['accounts', 'add', '--name', 'mesa', ...KINDS.pop3.flags, '--password-stdin'],
      {},
      'pw\n',
    );
    assert.equal(mesa.code, 0, mesa.stderr);
    const avisos = await cli(['accounts', 'add', '--name', 'avisos', ...KINDS.smtp.flags]);
    assert.equal(avisos.code, 0, avisos.stderr);
    const accountId = jsonOf<{ id: number }>(await cli(['accounts', 'show', 'mesa', '--json'])).id;
    const queued = await cli(['notify', 'alarm', '--to', 'ops@example.test', '--data', ALARM, '--json']);
    assert.equal(queued.code, 0, queued.stderr);

    database = await store.open();
    const file = path.join(store.dataDir, 'in-u1.eml');
    fs.writeFileSync(file, corpus.plainMail({ subject: 'Impresora', from: 'Ana <ana@example.test>' }));
    const pipeline = createPipeline(database, store.dataDir);
    const ingested = await pipeline.ingestor.ingestFile({ accountId, mailbox: 'pop3', uid: 'u1' }, file, {
      settled: true,
    });
    assert.equal(ingested.kind, 'new_case');
    caseNumber = jsonOf<{ number: number }[]>(await cli(['cases', 'list', '--json']))[0]?.number ?? 0;

    // Everything at the one moment, so that every command has the same time to show.
    for (const statement of [
      sql`update accounts set created_at = ${AT}, updated_at = ${AT}`,
      sql`update key_ring set created_at = ${AT}`,
      sql`update outbox set next_attempt_at = ${AT}, state = 'queued'`,
      sql`update cases set created_at = ${AT}, updated_at = ${AT}`,
      sql`update case_messages set created_at = ${AT}`,
    ]) {
      await statement.execute(database.db);
    }
  });
  after(async () => {
    await database?.close();
    await store?.drop();
  });

  for (const { tz, shown } of ZONES) {
    for (const lang of ['es', 'en']) {
      test(`${tz}, ${lang}: accounts show, keys status, outbox list and cases show say ${shown}`, async () => {
        const env = { TZ: tz, DROBOT_LANG: lang };
        const outputs = {
          'accounts show': await read(['accounts', 'show', 'mesa'], env),
          'keys status': await read(['keys', 'status'], env),
          'outbox list': await read(['outbox', 'list'], env),
          'cases list': await read(['cases', 'list'], env),
          'cases show': await read(['cases', 'show', String(caseNumber)], env),
        };
        for (const [command, stdout] of Object.entries(outputs)) {
          assert.ok(stdout.includes(shown), `${command} shows ${shown}:\n${stdout}`);
          for (const other of OTHER_FORMS) assert.doesNotMatch(stdout, other, `${command}:\n${stdout}`);
        }
        // Both stored times of an account, on their lines.
        assert.equal(outputs['accounts show'].split(shown).length - 1, 2, outputs['accounts show']);
      });
    }
  }

  test('the columns of a listing stay aligned around the longer time', async () => {
    const stdout = await read(['outbox', 'list'], { TZ: 'America/Bogota', DROBOT_LANG: 'en' });
    const [head, row] = stdout.split('\n');
    const time = '2026-12-05 10:46:03 -05:00';
    const column = head?.indexOf('NEXT/SENT') ?? -1;
    assert.ok(column > 0, stdout);
    assert.equal(row?.indexOf(time), column, stdout);
    assert.equal(head?.indexOf('LAST ERROR'), column + time.length + 2, stdout);
    assert.doesNotMatch(head ?? '', /UTC/, 'the offset says the zone; the header need not');
  });

  test('--json keeps the stored ISO 8601 UTC, whatever the zone', async () => {
    const env = { TZ: 'Europe/Madrid' };
    const account = jsonOf<{ createdAt: string; updatedAt: string }>(
      await cli(['accounts', 'show', 'mesa', '--json'], env),
    );
    assert.deepEqual([account.createdAt, account.updatedAt], [AT, AT]);
    const keys = jsonOf<{ keys: { createdAt: string }[] }>(await cli(['keys', 'status', '--json'], env));
    assert.equal(keys.keys[0]?.createdAt, AT);
    const outbox = jsonOf<{ nextAttemptAt: string }[]>(await cli(['outbox', 'list', '--json'], env));
    assert.equal(outbox[0]?.nextAttemptAt, AT);
    const shown = jsonOf<{ case: { createdAt: string } }>(
      await cli(['cases', 'show', String(caseNumber), '--json'], env),
    );
    assert.equal(shown.case.createdAt, AT);
  });
});
