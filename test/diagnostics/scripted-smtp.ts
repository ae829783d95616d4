import net from 'node:net';
import tls from 'node:tls';
import type { CertFiles } from '../support/pki.js';

/**
 * A scripted SMTP server for replies a real server will not give on loopback (Office 365's and Gmail's
 * AUTH refusals). `authReply` is sent, as given, to every AUTH command; it can be changed between tests.
 */
export interface ScriptedSmtp {
  readonly port: number;
  authReply: string;
  /** The greeting, as sent (multi-line replies with their CRLFs). */
  greeting: string;
  /** Milliseconds between the lines of a long EHLO reply; 0 answers EHLO at once. */
  ehloDripMs: number;
  stop(): Promise<void>;
}

export async function startScriptedSmtp(
  options: { readonly tlsCert?: CertFiles } = {},
): Promise<ScriptedSmtp> {
  const sockets = new Set<net.Socket>();
  const state = {
    authReply: '535 5.7.8 Authentication failed',
    greeting: '220-scripted.test ESMTP\r\n220 ready',
    ehloDripMs: 0,
  };
  const session = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(`${state.greeting}\r\n`);
    if (!state.greeting.startsWith('220')) socket.end();
    let buffer = '';
    let login = 0;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.split(' ')[0]?.toUpperCase() ?? '';
        if (login > 0) {
          login -= 1;
          socket.write(login > 0 ? '334 UGFzc3dvcmQ6\r\n' : `${state.authReply}\r\n`);
        } else if (verb === 'EHLO' && line.includes('old')) {
          socket.write('500 5.5.1 EHLO not understood\r\n');
        } else if (verb === 'EHLO' && state.ehloDripMs > 0) {
          drip(socket, state.ehloDripMs);
        } else if (verb === 'EHLO' || verb === 'HELO') {
          socket.write('250-scripted.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
        } else if (verb === 'AUTH' && /^AUTH LOGIN$/i.test(line)) {
          login = 2;
          socket.write('334 VXNlcm5hbWU6\r\n');
        } else if (verb === 'AUTH') {
          socket.write(`${state.authReply}\r\n`);
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else {
          socket.write('502 5.5.2 not here\r\n');
        }
      }
    });
  };
  const server = options.tlsCert
    ? tls.createServer({ cert: options.tlsCert.certPem, key: options.tlsCert.keyPem }, session)
    : net.createServer(session);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get authReply() {
      return state.authReply;
    },
    set authReply(value: string) {
      state.authReply = value;
    },
    get ehloDripMs() {
      return state.ehloDripMs;
    },
    set ehloDripMs(value: number) {
      state.ehloDripMs = value;
    },
    get greeting() {
      return state.greeting;
    },
    set greeting(value: string) {
      state.greeting = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A long EHLO reply, one line at a time: every line comes in time, the whole reply does not. */
function drip(socket: net.Socket, everyMs: number): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    sent += 1;
    socket.write(sent < 20 ? `250-X-SLOW-${sent}\r\n` : '250 done\r\n');
    if (sent >= 20) clearInterval(timer);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}
