import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { DownloadTooLargeError } from '../../../src/transports/ports.js';
import { openSource } from '../../../src/transports/registry.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startLinkProxy, type LinkBehaviour, type LinkProxy } from '../../support/link-proxy.js';
import { dovecotSettings } from '../../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../../support/pki.js';
import { inboundSourceContract, markedMail, type InboundContractSubject } from './inbound-source.contract.js';

const PASSWORD = 'clave-contrato';

/**
 * The inbound contract run against a private Dovecot over POP3 or IMAP (implicit TLS), with a link proxy in
 * front for the cut and slow cases. Call once per test file.
 */
export function dovecotContract(protocol: 'pop3' | 'imap'): void {
  const tlsPort = () => (protocol === 'imap' ? server.ports.imaps : server.ports.pop3s);
  let pki: TestPki;
  let server: DovecotServer;
  let link: LinkProxy;
  let n = 0;

  before(async () => {
    pki = createTestPki();
    server = await startDovecot({ pki, users: [{ user: 'contrato-0@helpdesk.test', password: PASSWORD }] });
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

  inboundSourceContract(`${protocol === 'imap' ? 'IMAP' : 'POP3'} against Dovecot`, () => subject);

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
