import type { Socket } from 'node:net';
import { connectEndpoint } from '../net/connect.js';
import { startTls } from '../net/tls.js';
import { Pop3Client } from './index.js';
import type { SourceSettings } from '../mailbox-source.js';
import type { Pop3Port } from './pop3.session.js';

/** What opening a logged-in POP3 connection needs: where, how securely, and as whom. */
export type Pop3Target = Pick<
  SourceSettings,
  'host' | 'port' | 'security' | 'timeoutMs' | 'tls' | 'proxy' | 'credentials' | 'sasl'
>;

/**
 * Opens a logged-in POP3 client with the shared network layer (proxy, implicit TLS or STLS, trust
 * options) and the account's SASL choice. Everything that reads a POP3 mailbox opens it this way.
 */
export async function openPop3Client(s: Pop3Target): Promise<Pop3Client> {
  const tlsOptions = {
    host: s.host,
    port: s.port,
    trust: s.tls,
    timeoutMs: s.timeoutMs,
    protocol: 'pop3' as const,
  };
  let socket: Socket = await connectEndpoint({
    host: s.host,
    port: s.port,
    timeoutMs: s.timeoutMs,
    proxy: s.proxy,
  });
  try {
    if (s.security === 'implicit') socket = (await startTls(socket, tlsOptions)).socket;
  } catch (error) {
    socket.destroy();
    throw error;
  }
  const client = new Pop3Client(socket, {
    timeoutMs: s.timeoutMs,
    upgradeToTls: async (plain) => (await startTls(plain, tlsOptions)).socket,
  });
  try {
    await client.greeting();
    if (s.security === 'starttls') await client.startTls();
    await client.logIn(s.credentials, { method: s.sasl ?? 'auto', host: s.host, port: s.port });
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}

/** Opens a logged-in POP3 connection ({@link openPop3Client}) and offers it as the pipeline's POP3 port. */
export async function connectPop3(s: SourceSettings): Promise<Pop3Port> {
  const client = await openPop3Client(s);
  try {
    await client.usePipelining();
  } catch (error) {
    client.close();
    throw error;
  }
  return {
    pipelining: client.pipelined,
    stat: () => client.stat(),
    uidl: async () => (await client.uidl()).map((e) => ({ msg: e.n, uid: e.uid })),
    list: async () => (await client.list()).map((e) => ({ msg: e.n, size: e.size })),
    retr: async (msg, target, options) => {
      await client.retrTo(msg, target, options?.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
    },
    dele: (msg) => client.dele(msg),
    quit: () => client.quit(),
    destroy: () => client.close(),
    get closed() {
      return client.closed;
    },
  };
}
