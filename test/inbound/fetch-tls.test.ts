import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createPipeline, dovecotSettings, fetchPlan, type TestPipeline } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const PASSWORD = 'secreto-tls';

describe('certificate trust when fetching from a server with a self-signed certificate', () => {
  let pki: TestPki;
  let server: DovecotServer;
  let store: TestStore;
  let database: Database;
  let p: TestPipeline;

  before(async () => {
    pki = createTestPki();
    const protocols = ['imap', 'pop3'];
    server = await startDovecot({
      pki,
      certificate: pki.selfSigned,
      users: protocols.map((proto) => ({ user: `pin-${proto}@helpdesk.test`, password: PASSWORD })),
    });
    store = await createTestStore('sqlite');
    database = await store.open();
    p = createPipeline(database, store.dataDir);
  });
  after(async () => {
    await database?.close();
    await store?.drop();
    await server?.stop();
  });

  for (const [protocol, id] of [
    ['imap', 501],
    ['pop3', 502],
  ] as const) {
    for (const security of ['implicit', 'starttls'] as const) {
      test(`${protocol} ${security}: untrusted without a pin, refused with a wrong pin, fetched with the right one`, async () => {
        const user = `pin-${protocol}@helpdesk.test`;
        const port =
          security === 'implicit'
            ? protocol === 'imap'
              ? server.ports.imaps
              : server.ports.pop3s
            : protocol === 'imap'
              ? server.ports.imap
              : server.ports.pop3;
        const settings = (pinSha256: string | undefined) =>
          dovecotSettings(server, pki, protocol, user, PASSWORD, {
            port,
            security,
            tls: { caPem: undefined, pinSha256, insecureSkipVerify: false },
          });
        server.deliver(user, corpus.plainMail({ subject: `fijado ${protocol} ${security}` }));
        const untrusted = await p.runner.run(fetchPlan(id, settings(undefined)));
        assert.ok(untrusted.error, 'a self-signed certificate is not trusted by default');
        const wrongPin = await p.runner.run(fetchPlan(id, settings('00'.repeat(32))));
        assert.ok(wrongPin.error);
        assert.match(wrongPin.error, /pin|fingerprint|huella/i);
        const pinned = await p.runner.run(fetchPlan(id, settings(pki.selfSigned.sha256)));
        assert.equal(pinned.error, null);
        assert.equal(pinned.newCases, 1);
      });
    }
  }
});
