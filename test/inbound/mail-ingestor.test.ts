import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BlobStore } from '../../src/cases/blob.store.js';
import { CaseService } from '../../src/cases/case.service.js';
import { MailIngestor, type IngestResult } from '../../src/inbound/ingest/mail.ingestor.js';
import { QuarantineService } from '../../src/inbound/quarantine/quarantine.service.js';
import { DEFAULT_CASE_TAGS, caseTagPattern } from '../../src/inbound/thread/case-tag.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createCaseMessageId, verifyCaseMessageId } from '../../src/notifications/message-id.js';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';

const KEY = Buffer.alloc(32, 7);

for (const dialect of DIALECTS) {
  describe(`mail ingestor (${dialect})`, () => {
    let store: TestStore;
    let database: Database;
    let cases: CaseService;
    let ingestor: MailIngestor;
    let quarantine: QuarantineService;
    let uid = 0;
    let unthrottled: MailIngestor;
    const ingest = (raw: Buffer, uidText = String(++uid), using?: MailIngestor): Promise<IngestResult> => {
      const file = path.join(store.dataDir, `in-${uidText}.eml`);
      fs.writeFileSync(file, raw);
      return (using ?? ingestor).ingestFile({ accountId: 1, mailbox: 'test', uid: uidText }, file, {
        settled: false,
      });
    };
    const caseOf = (r: IngestResult) => ('caseId' in r ? r.caseId : null);

    before(async () => {
      store = await createTestStore(dialect);
      database = await store.open();
      cases = new CaseService(database);
      const blobs = new BlobStore(store.dataDir, database);
      const deps = {
        database,
        cases,
        blobs,
        logger: silentLogger,
        classifyPolicy: { instanceId: 'inst-1', ownAddresses: [corpus.HELPDESK] },
        throttle: { limit: 3, windowSeconds: 3600 },
        tagPattern: caseTagPattern(DEFAULT_CASE_TAGS),
        verifySigned: (id: string) => verifyCaseMessageId(id, KEY),
      };
      ingestor = new MailIngestor(deps);
      unthrottled = new MailIngestor({ ...deps, throttle: { limit: 0, windowSeconds: 3600 } });
      quarantine = new QuarantineService({
        database,
        blobs,
        ingestor,
        keepsServerCopy: () => Promise.resolve(false),
        maxMessageBytes: () => Promise.resolve(25 * 1024 * 1024),
      });
    });
    const suppressed = async (address: string) =>
      (
        await database.db
          .selectFrom('notification_suppressions')
          .select('reason')
          .where('address', '=', address)
          .execute()
      ).map((r) => r.reason);

    after(async () => {
      await database.close();
      await store.drop();
    });

    test('first contacts open cases; replies by tag, References and signed id follow up', async () => {
      const opened = await ingest(corpus.plainMail({ from: 'pepe@example.test' }));
      assert.equal(opened.kind, 'new_case');
      const caseId = caseOf(opened) ?? 0;
      const byTag = await ingest(corpus.replyByTagMail(caseId, { from: 'pepe@example.test' }));
      assert.deepEqual([byTag.kind, caseOf(byTag)], ['follow_up', caseId]);

      const altId = corpus.newMessageId('alt');
      const alt = await ingest(corpus.alternativeMail({ from: 'rosa@example.test', messageId: altId }));
      const byRef = await ingest(corpus.replyByReferencesMail(altId, { from: 'rosa@example.test' }));
      assert.deepEqual([byRef.kind, caseOf(byRef)], ['follow_up', caseOf(alt)]);

      const signed = createCaseMessageId(KEY, caseId, 'helpdesk.test');
      const bySigned = await ingest(
        corpus.replyByReferencesMail(signed, { from: 'otro@example.test', subject: 'x' }),
      );
      assert.deepEqual([bySigned.kind, caseOf(bySigned)], ['follow_up', caseId]);

      const { messages } = await cases.get(caseId);
      assert.equal(messages.length, 3);
      assert.equal(messages[1]?.textReply, 'Ya funciona, gracias.');
      assert.match(messages[1]?.text ?? '', /reiniciarla/);
    });

    test('out-of-office and bounces are recorded on their case, flagged, and never open one', async () => {
      const signed = createCaseMessageId(KEY, 1, 'helpdesk.test');
      const ooo = await ingest(corpus.outOfOfficeMail(signed, { from: 'pepe@example.test' }));
      assert.deepEqual([ooo.kind, caseOf(ooo)], ['auto_recorded', 1]);
      const bounce = await ingest(corpus.dsnBounceMail(signed, 'nadie@example.test'));
      assert.deepEqual([bounce.kind, caseOf(bounce)], ['auto_recorded', 1]);
      const stray = await ingest(corpus.outOfOfficeMail('<unknown@x>', { from: 'x@example.test' }));
      assert.equal(stray.kind, 'auto_unmatched');
      const { messages } = await cases.get(1);
      const last = messages.at(-1);
      assert.equal(last?.classification, 'bounce');
      assert.equal(last?.noReply, true);
      assert.deepEqual(last?.bounce, { recipient: 'nadie@example.test', status: '5.1.1', kind: 'failure' });
      assert.equal(messages.at(-2)?.classification, 'auto_reply');
      assert.deepEqual(
        await suppressed('nadie@example.test'),
        [],
        'a bounce about no mail DRobot sent to that address suppresses nothing',
      );
      await ingest(corpus.dsnBounceMail('<forged@x>', 'victima@example.test'));
      assert.deepEqual(
        await suppressed('victima@example.test'),
        [],
        'a report matching no case suppresses nothing',
      );
    });

    test('a round-trip test mail is never a case and stays on the server for the round trip', async () => {
      const result = await ingest(corpus.plainMail({ headers: { 'X-DRobot-Roundtrip': 'rt-42' } }), 'rt-42');
      assert.equal(result.kind, 'dropped');
      const row = await database.db
        .selectFrom('inbound_mails')
        .selectAll()
        .where('uid', '=', 'rt-42')
        .executeTakeFirstOrThrow();
      assert.equal(row.settled, 1);
    });

    test('own mail is dropped; the same uid or the same content is stored once', async () => {
      const own = await ingest(corpus.plainMail({ headers: { 'X-DRobot-Loop': 'inst-1' } }));
      assert.equal(own.kind, 'dropped');
      const raw = corpus.plainMail({ from: 'dup@example.test' });
      const first = await ingest(raw, 'dup-1');
      assert.equal(first.kind, 'new_case');
      assert.equal((await ingest(raw, 'dup-1')).kind, 'already_handled');
      assert.equal((await ingest(raw, 'dup-2')).kind, 'duplicate');
      const listed = await cases.list({ requester: 'dup@example.test' });
      assert.equal(listed.length, 1);
    });

    test('malformed mail and throttled senders go to quarantine; retry works for the throttled', async () => {
      const bad = await ingest(corpus.malformedMail(), 'bad');
      assert.equal(bad.kind, 'quarantined');
      const results: IngestResult[] = [];
      for (let i = 0; i < 4; i++)
        results.push(await ingest(corpus.plainMail({ from: 'spam@example.test', subject: `n${i}` })));
      assert.deepEqual(
        results.map((r) => r.kind),
        ['new_case', 'new_case', 'new_case', 'quarantined'],
      );
      const held = await quarantine.list();
      assert.deepEqual(held.map((q) => q.reason).sort(), ['throttled', 'unparseable']);
      const throttled = held.find((q) => q.reason === 'throttled');
      const retried = await quarantine.retry(throttled?.id ?? 0);
      assert.equal(retried.kind, 'new_case');
      const badEntry = held.find((q) => q.reason === 'unparseable');
      const again = await quarantine.retry(badEntry?.id ?? 0);
      assert.equal(again.kind, 'quarantined');
      const left = await quarantine.list();
      assert.deepEqual(
        left.map((q) => [q.uid, q.attempts]),
        [['bad', 2]],
      );
    });

    test('the first-contact corpus: expected subjects and texts', async () => {
      for (const item of corpus.firstContactCorpus()) {
        const result = await ingest(item.raw, undefined, unthrottled);
        assert.equal(result.kind, 'new_case', item.name);
        const { case: c, messages } = await cases.get(caseOf(result) ?? 0);
        assert.equal(c.subject, item.subject, item.name);
        assert.match(messages[0]?.text ?? '', item.text, item.name);
        assert.ok(messages[0]?.rawHash, item.name);
      }
    });
  });
}
