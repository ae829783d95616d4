import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/storage/database.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { withTestStore } from '../support/store-hooks.js';
import { fakeClock, makeSender, makeService, makeWorker, queueAlarms } from './outbox.fixture.js';

const key = crypto.randomBytes(32);

/**
 * Sent mails whose outcomes the database fails to write for the moment (here PostgreSQL breaking a
 * deadlock, twice): written again, not left `sending` to go out a second time once their lease ends.
 */
describe('outcomes of sent mails on PostgreSQL, when writing them fails for the moment', () => {
  let pki: TestPki;
  let database: Database;
  let server: TestSmtpServer;

  withTestStore('postgres', (_store, db) => {
    database = db;
  });
  before(async () => {
    pki = createTestPki();
    server = await startSmtpServer({ pki });
  });
  after(async () => {
    await server.stop();
  });

  test('are written again: each mail sent once and recorded sent', async () => {
    // A sequence is not undone with the transaction: the first two writes of a sent outcome fail.
    await sql`create sequence outcome_failures`.execute(database.db);
    await sql`
      create function fail_twice() returns trigger language plpgsql as $$
      begin
        if new.state = 'sent' and nextval('outcome_failures') <= 2 then
          raise exception 'deadlock detected' using errcode = '40P01';
        end if;
        return new;
      end $$`.execute(database.db);
    await sql`create trigger fail_twice before update on outbox for each row execute function fail_twice()`.execute(
      database.db,
    );
    const clock = fakeClock('2026-03-03T10:00:00.000Z');
    const service = makeService(database, key, { clock: clock.now });
    const ids = await queueAlarms(service, 5, 'reintento');
    const sender = makeSender(server, pki);
    const worker = makeWorker(database, sender, { clock: clock.now });
    try {
      const summary = await worker.drain();
      assert.equal(summary.sent, 5);
    } finally {
      await sender.close();
    }
    const { rows } = await sql<{ n: string }>`select nextval('outcome_failures') as n`.execute(database.db);
    assert.ok(Number(rows[0]?.n) > 3, 'the writes failed twice, then went through');
    const states = await database.db.selectFrom('outbox').select(['id', 'state']).orderBy('id').execute();
    assert.deepEqual(
      states.map((r) => [r.id, r.state]),
      ids.map((id) => [id, 'sent']),
    );
    assert.equal(server.messages.length, 5);
    // Once the lease would have run out, nothing goes out again.
    clock.advance(10 * 60_000);
    const again = makeSender(server, pki);
    try {
      assert.equal((await makeWorker(database, again, { clock: clock.now }).drain()).claimed, 0);
    } finally {
      again.close();
    }
    assert.equal(server.messages.length, 5);
  });
});
