import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  pruneUnfetchedConversations,
  rememberConversations,
  UNFETCHED_CONVERSATION_KEEP_DAYS,
} from '../../src/inbound/fetch/source-conversations.js';
import { findOutboxRow, markBounced, sentMailsTo } from '../../src/notifications/outbox.repository.js';
import { recordSentIdentity, sentIdentityOf, threadHintFor } from '../../src/notifications/sent-identity.js';
import { inTransaction, type Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, type TestStore } from '../support/databases.js';
import { makeHelpdesk } from '../support/helpdesk-fixture.js';
import { createPipeline } from '../support/mail-pipeline.js';
import { withTestStore } from '../support/store-hooks.js';

const MAILBOX = 'gmail:desk@gmail.test';

describe('what of a sink answer is recorded (pure)', () => {
  const row = { message_id: '<case.1.a.b@drobot.test>', case_id: 1 };
  it('a replaced Message-ID and a thread, and nothing when the answer says nothing new', () => {
    assert.equal(sentIdentityOf(row, { messageId: row.message_id }, undefined), undefined);
    assert.deepEqual(sentIdentityOf(row, { messageId: '<x1@EXCH01.contoso.test>' }, undefined), {
      messageId: '<x1@EXCH01.contoso.test>',
      thread: undefined,
    });
    assert.deepEqual(sentIdentityOf(row, { messageId: row.message_id, threadId: '18c2f' }, MAILBOX), {
      messageId: undefined,
      thread: { mailbox: MAILBOX, threadId: '18c2f' },
    });
  });
  it('refuses what it cannot store or quote: a malformed Message-ID, a strange thread id, no case', () => {
    const strange = { messageId: 'no brackets', threadId: 'a b\r\nc' };
    assert.equal(sentIdentityOf(row, strange, MAILBOX), undefined);
    assert.equal(sentIdentityOf(row, { messageId: `<${'x'.repeat(2000)}@y>` }, undefined), undefined);
    assert.equal(
      sentIdentityOf({ ...row, case_id: null }, { messageId: row.message_id, threadId: '18c2f' }, MAILBOX),
      undefined,
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`a sent mail's identity in the store (${dialect})`, () => {
    let store: TestStore;
    let database: Database;

    withTestStore(dialect, (opened, db) => {
      store = opened;
      database = db;
    });

    /** A case opened by a mail fetched from the Gmail mailbox as `uid`, and an answer queued to it. */
    async function answeredCase(uid: string) {
      const pipeline = createPipeline(database, store.dataDir);
      const file = path.join(store.dataDir, `${uid}.eml`);
      fs.writeFileSync(file, corpus.plainMail({ messageId: corpus.newMessageId(uid), subject: uid }));
      const result = await pipeline.ingestor.ingestFile({ accountId: 7, mailbox: MAILBOX, uid }, file, {
        settled: false,
      });
      assert.ok('caseId' in result && result.caseId !== null, JSON.stringify(result));
      const helpdesk = makeHelpdesk(database, store.dataDir);
      const answer = await helpdesk.conversation.reply(result.caseId, { text: 'Hecho.' });
      const queued = answer.copies[0]?.result;
      assert.ok(queued?.status === 'queued');
      const row = await findOutboxRow(database.db, queued.id);
      assert.ok(row);
      return { caseId: result.caseId, answer: answer.messageId, row };
    }

    it('the thread a listing named for the case mail is the hint until an answer records its own', async () => {
      const { caseId, row } = await answeredCase('m-listed');
      assert.equal(await threadHintFor(database.db, caseId, MAILBOX), undefined);
      await rememberConversations(
        database,
        MAILBOX,
        [{ id: 'm-listed', size: undefined, conversation: 't1' }],
        new Date(),
      );
      assert.equal(await threadHintFor(database.db, caseId, MAILBOX), 't1');
      assert.equal(await threadHintFor(database.db, caseId, 'gmail:other@gmail.test'), undefined);
      await inTransaction(database, (trx) =>
        recordSentIdentity(trx, row, { thread: { mailbox: MAILBOX, threadId: 't2' } }, new Date()),
      );
      assert.equal(await threadHintFor(database.db, caseId, MAILBOX), 't2');
      await inTransaction(database, (trx) =>
        recordSentIdentity(trx, row, { thread: { mailbox: MAILBOX, threadId: 't3' } }, new Date()),
      );
      assert.equal(await threadHintFor(database.db, caseId, MAILBOX), 't3');
    });

    it('a replaced Message-ID goes on the outbox row and the case message; reports quoting it find the row', async () => {
      const { caseId, answer, row } = await answeredCase('m-replaced');
      const replaced = '<AM0PR01MB1234@EXCH01.contoso.test>';
      await inTransaction(database, (trx) =>
        recordSentIdentity(trx, row, { messageId: replaced }, new Date()),
      );
      const after = await findOutboxRow(database.db, row.id);
      assert.deepEqual([after?.message_id, after?.sent_message_id], [row.message_id, replaced]);
      const message = await database.db
        .selectFrom('case_messages')
        .select(['case_id', 'message_id'])
        .where('id', '=', answer)
        .executeTakeFirstOrThrow();
      assert.deepEqual(message, { case_id: caseId, message_id: replaced });
      const bounced = await sentMailsTo(database.db, [replaced], row.recipient.toUpperCase());
      assert.deepEqual(bounced, [row.id]);
      assert.deepEqual(await sentMailsTo(database.db, [replaced], 'someone.else@example.test'), []);
      assert.equal(await markBounced(database.db, bounced, 'gone', new Date()), 1);
    });

    it('conversations of mails never fetched are dropped once old; those of fetched mails stay', async () => {
      const { caseId } = await answeredCase('m-kept');
      const long = new Date(Date.now() - (UNFETCHED_CONVERSATION_KEEP_DAYS + 1) * 24 * 3600_000);
      const items = [
        { id: 'm-kept', size: undefined, conversation: 'tk' },
        { id: 'm-gone', size: undefined, conversation: 'tg' },
      ];
      await rememberConversations(database, MAILBOX, items, long);
      await rememberConversations(
        database,
        MAILBOX,
        [{ id: 'm-fresh', size: undefined, conversation: 'tf' }],
        new Date(),
      );
      const listed = async () =>
        (
          await database.db
            .selectFrom('source_conversations')
            .select('item_id')
            .where('item_id', 'in', ['m-kept', 'm-gone', 'm-fresh'])
            .orderBy('item_id')
            .execute()
        ).map((r) => r.item_id);
      assert.deepEqual(await listed(), ['m-fresh', 'm-gone', 'm-kept']);
      assert.equal(await pruneUnfetchedConversations(database.db, new Date()), 1);
      assert.deepEqual(await listed(), ['m-fresh', 'm-kept']);
      assert.equal(await threadHintFor(database.db, caseId, MAILBOX), 'tk');
    });
  });
}
