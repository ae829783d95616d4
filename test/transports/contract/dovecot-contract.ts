import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { fetchDirect } from '../../../src/transports/imap/imap-direct-fetch.js';
import { imapOptions } from '../../../src/transports/imap/imap.session.js';
import { DownloadTooLargeError } from '../../../src/transports/ports.js';
import { openSource } from '../../../src/transports/registry.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startLinkProxy, type LinkBehaviour, type LinkProxy } from '../../support/link-proxy.js';
import { dovecotSettings } from '../../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../../support/pki.js';
import { inboundSourceContract, markedMail, type InboundContractSubject } from './inbound-source.contract.js';

const PASSWORD = 'clave-contrato';
const LIMITS = {
  maxLineBytes: 64 * 1024,
  maxLiteralBytes: 64 * 1024,
  maxResponseBytes: 256 * 1024,
  maxResponses: 100,
};

/**
 * The inbound contract run against a private Dovecot over POP3 or IMAP (implicit TLS), with a link proxy in
 * front for the cut and slow cases; `compress`: IMAP offers COMPRESS=DEFLATE, which imapflow takes (then
 * the listing and downloads go through imapflow's own fetch, not DRobot's direct reads). Call once per test
 * file.
 */
export function dovecotContract(protocol: 'pop3' | 'imap', options: { compress?: boolean } = {}): void {
  const tlsPort = () => (protocol === 'imap' ? server.ports.imaps : server.ports.pop3s);
  let pki: TestPki;
  let server: DovecotServer;
  let link: LinkProxy;
  let n = 0;

  before(async () => {
    pki = createTestPki();
    server = await startDovecot({
      pki,
      users: [{ user: 'contrato-0@helpdesk.test', password: PASSWORD }],
      compress: options.compress === true,
    });
    link = await startLinkProxy(tlsPort());
  });
  after(async () => {
    await link?.close();
    await server?.stop();
  });

  const subject: InboundContractSubject = {
    pipelines: true,
    mailbox() {
      n += 1;
      const user = `contrato-${n}@helpdesk.test`;
      server.addUser(user, PASSWORD);
      const settings = (port: number) =>
        dovecotSettings(server, pki, protocol, user, PASSWORD, {
          port,
          afterStore: 'delete',
          timeoutMs: 5000,
        });
      const through = async (behaviour: LinkBehaviour) => {
        link.behaviour = behaviour;
        try {
          return await openSource(settings(link.port));
        } finally {
          link.behaviour = {};
        }
      };
      return Promise.resolve({
        open: () => openSource(settings(tlsPort())),
        openCut: (afterBytes) => through({ cutAfterServerBytes: afterBytes }),
        openSlow: () => through({ throttle: { chunkBytes: 16 * 1024, delayMs: 5 } }),
        deliver: (raw) => Promise.resolve(server.deliver(user, raw)),
        count: () => Promise.resolve(server.count(user)),
      });
    },
  };

  const name = protocol === 'imap' ? 'IMAP' : 'POP3';
  inboundSourceContract(
    `${name} against Dovecot${options.compress ? ', compressed (COMPRESS=DEFLATE)' : ''}`,
    () => subject,
  );

  if (options.compress) {
    describe('IMAP against Dovecot, compressed: the direct reads give way to imapflow', () => {
      test('imapflow compresses the connection, and a direct fetch is not attempted on it', async () => {
        const box = await subject.mailbox();
        await box.deliver(markedMail('compressed', 2_000).raw);
        const client = new ImapFlow(
          imapOptions(dovecotSettings(server, pki, 'imap', `contrato-${n}@helpdesk.test`, PASSWORD)),
        );
        client.on('error', () => undefined);
        await client.connect();
        try {
          assert.ok(client.capabilities.has('COMPRESS=DEFLATE'), 'the server offers compression');
          await client.mailboxOpen('INBOX');
          const answer = await fetchDirect(client, '1:* (UID RFC822.SIZE)', LIMITS, () => Promise.resolve());
          assert.equal(answer, undefined, 'left to imapflow');
          const listed = await client.fetchAll('1:*', { uid: true, size: true }, { uid: true });
          assert.equal(listed.length, 1, 'the connection still answers imapflow');
        } finally {
          await client.logout();
        }
      });
    });
  }

  if (protocol === 'pop3') {
    describe('POP3 pipelining against Dovecot', () => {
      test('an oversize mail in the middle of a window rejects itself and those after it; a new session gets the rest', async () => {
        const box = await subject.mailbox();
        const mails = [2_000, 3_000, 300_000, 1_000, 2_500].map((size, i) => markedMail(`pipe-${i}`, size));
        for (const m of mails) await box.deliver(m.raw);
        const first = await box.open();
        assert.ok((first.downloadWindow ?? 1) >= mails.length, 'the whole mailbox fits in one window');
        const listing = await first.list({
          firstRun: 'all',
          includeSetAside: false,
          limit: 100,
          cursor: undefined,
        });
        const targets = listing.items.map(() => new Bytes());
        const outcomes = await Promise.allSettled(
          listing.items.map((item, i) => first.download(item.id, targets[i]!, { maxBytes: 100_000 })),
        );
        first.abort();
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected'],
        );
        for (const i of [0, 1]) assert.ok(targets[i]!.bytes.equals(mails[i]!.raw), `mail ${i} whole`);
        const oversize = (outcomes[2] as PromiseRejectedResult).reason as unknown;
        assert.ok(oversize instanceof DownloadTooLargeError, String(oversize));
        assert.ok(oversize.receivedBytes > 100_000 && oversize.maxBytes === 100_000);
        assert.ok(targets[2]!.bytes.length <= 100_000, 'no more than the cap reached the target');
        for (const i of [3, 4]) {
          const error = (outcomes[i] as PromiseRejectedResult).reason as Error;
          assert.match(error.message, /connection|conexión/i, `mail ${i}: ${error.message}`);
          assert.ok(
            !targets[i]!.bytes.toString('latin1').includes(mails[i]!.marker),
            `mail ${i} not delivered`,
          );
        }
        assert.equal(await box.count(), mails.length, 'nothing changed on the server');

        const next = await box.open();
        const again = await next.list({
          firstRun: 'all',
          includeSetAside: false,
          limit: 100,
          cursor: undefined,
        });
        assert.deepEqual(
          again.items.map((i) => i.id),
          listing.items.map((i) => i.id),
        );
        const rest = await Promise.all(
          [3, 4].map(async (i) => {
            const target = new Bytes();
            await next.download(again.items[i]!.id, target, { maxBytes: 100_000 });
            return target.bytes;
          }),
        );
        assert.ok(rest[0]!.equals(mails[3]!.raw) && rest[1]!.equals(mails[4]!.raw), 'the rest, whole');
        await next.close();
      });
    });
  }
}

/** Collects what a download writes. */
class Bytes extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
