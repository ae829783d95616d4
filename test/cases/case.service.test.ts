import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { BlobStore } from '../../src/cases/blob.store.js';
import { CaseService, statusAfterInbound } from '../../src/cases/case.service.js';
import { safeFileName } from '../../src/cases/safe-name.js';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { inTransaction, type Database } from '../../src/storage/database.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { newMessage } from '../support/new-message.js';
import { withTestStore } from '../support/store-hooks.js';

for (const dialect of DIALECTS) {
  describe(`case store (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let cases: CaseService;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
      cases = new CaseService(database);
    });

    test('opens a case with its first message, requester and attachments', async () => {
      const blobs = new BlobStore(store.dataDir, database);
      const blob = await blobs.putBuffer(Buffer.from('informe'));
      const opened = await inTransaction(database, (trx) =>
        cases.openCase(trx, {
          subject: 'No funciona la impresora',
          requester: { address: 'Ana@Example.test', name: 'Ana Pérez' },
          sourceAccountId: 7,
          message: newMessage({
            attachments: [
              { hash: blob.hash, filename: 'informe.txt', contentType: 'text/plain', size: 7, inline: false },
            ],
          }),
        }),
      );
      const { case: c, messages } = await cases.get(opened.caseId);
      assert.equal(c.number, opened.caseId);
      assert.equal(c.status, 'new');
      assert.equal(c.requester.address, 'ana@example.test');
      assert.equal(c.requester.displayName, 'Ana Pérez');
      assert.equal(c.sourceAccountId, 7);
      assert.equal(messages.length, 1);
      assert.equal(messages[0]?.attachments[0]?.filename, 'informe.txt');
      assert.equal(messages[0]?.attachments[0]?.size, 7);
      assert.equal(await cases.findCaseByMessageIds(database.db, ['<x@y>', '<m1@example.test>']), c.id);
    });

    test('a follow-up keeps message order and reopens a resolved case; auto-replies do not', async () => {
      const opened = await inTransaction(database, (trx) =>
        cases.openCase(trx, {
          subject: 'VPN',
          requester: { address: 'luis@example.test' },
          sourceAccountId: null,
          message: newMessage({ messageId: '<v1@example.test>' }),
        }),
      );
      // Resolved as an agent's change leaves it (the change itself is the conversation's: its own tests).
      await database.db
        .updateTable('cases')
        .set({ status: 'resolved' })
        .where('id', '=', opened.caseId)
        .execute();
      await inTransaction(database, (trx) =>
        cases.addMessage(
          trx,
          opened.caseId,
          newMessage({ classification: 'auto_reply', messageId: '<v2@x>' }),
        ),
      );
      assert.equal((await cases.get(opened.caseId)).case.status, 'resolved');
      await inTransaction(database, (trx) =>
        cases.addMessage(trx, opened.caseId, newMessage({ messageId: '<v3@x>' })),
      );
      const { case: c, messages } = await cases.get(opened.caseId);
      assert.equal(c.status, 'open');
      assert.deepEqual(
        messages.map((m) => [m.messageId, m.noReply]),
        [
          ['<v1@example.test>', false],
          ['<v2@x>', true],
          ['<v3@x>', false],
        ],
      );
      const listed = await cases.list({ requester: 'LUIS@example.test' });
      assert.deepEqual(
        listed.map((x) => x.id),
        [opened.caseId],
      );
    });

    test('a message for a case that does not exist is case_not_found, and nothing of it is written', async () => {
      await assert.rejects(
        inTransaction(database, (trx) =>
          cases.addMessage(trx, 999999, newMessage({ messageId: '<nadie@x>' })),
        ),
        (e) => isDrobotError(e) && e.code === 'case_not_found',
      );
      const rows = await database.db
        .selectFrom('case_messages')
        .select('id')
        .where('message_id', '=', '<nadie@x>')
        .execute();
      assert.deepEqual(rows, []);
    });

    test('an unknown case is an error with a code', async () => {
      await assert.rejects(cases.get(999999), (e) => isDrobotError(e) && e.code === 'case_not_found');
    });
  });
}

describe('blob store and names', () => {
  test('stores content once under its hash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-blobs-'));
    const blobs = new BlobStore(dir);
    const a = await blobs.putStream(Readable.from([Buffer.from('hola '), Buffer.from('mundo')]));
    const b = await blobs.putBuffer(Buffer.from('hola mundo'));
    assert.equal(a.hash, b.hash);
    assert.equal(a.size, 10);
    assert.ok(
      fs.existsSync(`${dir}/blobs/${a.hash.slice(0, 2)}/${a.hash.slice(2)}`),
      'one file, named by its hash',
    );
    assert.equal((await blobs.read(a.hash)).toString(), 'hola mundo');
    assert.deepEqual(fs.readdirSync(`${dir}/blobs/tmp`), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('safe names strip paths, control characters and reserved names', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('C:\\x\\factura\u202egpj.exe'), 'factura_gpj.exe');
    assert.equal(safeFileName('...'), 'attachment');
    assert.equal(safeFileName('CON.txt'), '_CON.txt');
    assert.equal(safeFileName('año 2026.pdf'), 'año 2026.pdf');
    assert.equal(safeFileName(`${'a'.repeat(300)}.pdf`).length, 180);
    assert.ok(safeFileName(`${'a'.repeat(300)}.pdf`).endsWith('.pdf'));
  });

  test('status rule', () => {
    assert.equal(statusAfterInbound('pending', { classification: 'normal' }), 'open');
    assert.equal(statusAfterInbound('closed', { classification: 'normal' }), 'closed');
    assert.equal(statusAfterInbound('pending', { classification: 'bounce' }), 'pending');
  });
});
