import { after, before } from 'node:test';
import { openSource } from '../../../src/transports/registry.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startLinkProxy, type LinkBehaviour, type LinkProxy } from '../../support/link-proxy.js';
import { dovecotSettings } from '../../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../../support/pki.js';
import { inboundSourceContract, type InboundContractSubject } from './inbound-source.contract.js';

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
}
