import { after, before } from 'node:test';
import { createSink } from '../../src/transports/registry.js';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { outboundSinkContract, type OutboundContractSubject } from './contract/outbound-sink.contract.js';

let pki: TestPki;
let server: TestSmtpServer;
let cutLink: LinkProxy;
let slowLink: LinkProxy;
let refusal: 'temporary' | 'permanent' | undefined;

before(async () => {
  pki = createTestPki();
  server = await startSmtpServer({
    pki,
    script: {
      onMailFrom: () => {
        const kind = refusal;
        refusal = undefined;
        if (kind === 'temporary') return { code: 451, message: '4.7.0 Try again later' };
        if (kind === 'permanent') return { code: 550, message: '5.7.1 Sender not allowed' };
        return undefined;
      },
    },
  });
  cutLink = await startLinkProxy(server.port);
  slowLink = await startLinkProxy(server.port);
  slowLink.behaviour = { throttle: { chunkBytes: 64, delayMs: 5 } };
});
after(async () => {
  await cutLink?.close();
  await slowLink?.close();
  await server?.stop();
});

const sinkAt = (port: number) =>
  createSink('smtp', {
    endpoint: {
      host: '127.0.0.1',
      port,
      security: 'starttls',
      timeoutMs: 5000,
      tls: { caPem: pki.caPem, insecureSkipVerify: false },
    },
    credentials: { kind: 'none' },
    pool: false,
  });

const subject: OutboundContractSubject = {
  from: 'helpdesk@drobot.test',
  sink: () => sinkAt(server.port),
  cutSink: (afterBytes) => {
    cutLink.behaviour = { cutAfterClientBytes: afterBytes };
    return sinkAt(cutLink.port);
  },
  slowSink: () => sinkAt(slowLink.port),
  refuseNext: (kind) => {
    refusal = kind;
  },
  delivered: () => Promise.resolve(server.messages.map((m) => ({ raw: m.raw, to: m.envelope.to }))),
  reset: () => {
    refusal = undefined;
    server.reset();
  },
};

outboundSinkContract('SMTP (smtp-server)', () => subject);
