import { after, before } from 'node:test';
import { openSource } from '../../src/transports/registry.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startLinkProxy, type LinkBehaviour, type LinkProxy } from '../support/link-proxy.js';
import { dovecotSettings } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { inboundSourceContract, type InboundContractSubject } from './contract/inbound-source.contract.js';

const PASSWORD = 'clave-contrato';

let pki: TestPki;
let server: DovecotServer;
let link: LinkProxy;
let n = 0;

before(async () => {
  pki = createTestPki();
  server = await startDovecot({ pki, users: [{ user: 'contrato-0@helpdesk.test', password: PASSWORD }] });
  link = await startLinkProxy(server.ports.pop3s);
});
after(async () => {
  await link?.close();
  await server?.stop();
});

const subject: InboundContractSubject = {
  mailbox() {
    n += 1;
    const user = `contrato-${n}@helpdesk.test`;
    server.addUser(user, PASSWORD);
    const settings = (port: number) =>
      dovecotSettings(server, pki, 'pop3', user, PASSWORD, { port, afterStore: 'delete', timeoutMs: 5000 });
    const through = async (behaviour: LinkBehaviour) => {
      link.behaviour = behaviour;
      try {
        return await openSource(settings(link.port));
      } finally {
        link.behaviour = {};
      }
    };
    return Promise.resolve({
      open: () => openSource(settings(server.ports.pop3s)),
      openCut: (afterBytes) => through({ cutAfterServerBytes: afterBytes }),
      openSlow: () => through({ throttle: { chunkBytes: 16 * 1024, delayMs: 5 } }),
      deliver: (raw) => Promise.resolve(server.deliver(user, raw)),
      count: () => Promise.resolve(server.count(user)),
    });
  },
};

inboundSourceContract('POP3 against Dovecot', () => subject);
