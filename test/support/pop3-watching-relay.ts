import type net from 'node:net';
import tls from 'node:tls';
import type { CertFiles } from './pki.js';

/**
 * A POP3S relay on loopback that reads the client's commands: it ends the client's TLS with the suite's
 * server certificate and speaks TLS to the real server behind it, so a test can act at the moment a
 * given command goes out (e.g. kill the client while its pipelined DELEs are in flight).
 */
export interface WatchingRelay {
  readonly port: number;
  /**
   * Called on each read from the client that holds `command` lines, after the bytes were passed on to
   * the server, with the burst's number (a burst: such lines with no other command between them,
   * counted over all connections from 1) and its lines so far. Returning true holds the server's
   * replies back on that connection from then on, so the client never learns the outcome of what it sent.
   */
  onCommand: ((burst: number, sent: readonly string[]) => boolean) | undefined;
  /** The command `onCommand` watches for (upper case, e.g. `DELE`). */
  command: string;
  /** Bursts of the watched command seen so far, over all connections. */
  readonly sightings: number;
  close(): Promise<void>;
}

export async function startWatchingRelay(
  upstreamPort: number,
  cert: CertFiles,
  caPem: string,
): Promise<WatchingRelay> {
  const sockets = new Set<net.Socket>();
  const state = {
    onCommand: undefined as ((burst: number, sent: readonly string[]) => boolean) | undefined,
    command: 'DELE',
    sightings: 0,
  };
  const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (client) => {
    const upstream = tls.connect({
      host: '127.0.0.1',
      port: upstreamPort,
      ca: caPem,
      servername: 'localhost',
    });
    sockets.add(client);
    sockets.add(upstream);
    let holding = false;
    let inBurst = false;
    let burstLines: string[] = [];
    let pending = '';
    upstream.on('data', (chunk: Buffer) => {
      if (!holding) client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (holding) return;
      // Commands are short ASCII lines; a partial one waits for the rest of its line.
      pending += chunk.toString('latin1');
      const lines = pending.split('\r\n');
      pending = lines.pop() ?? '';
      if (lines.length === 0) return;
      const isWatched = (l: string) => l.toUpperCase().startsWith(`${state.command} `);
      const watched = lines.filter(isWatched);
      const startsBurst = watched.length > 0 && !(inBurst && isWatched(lines[0] ?? ''));
      inBurst = isWatched(lines[lines.length - 1] ?? '');
      if (watched.length === 0) return;
      if (startsBurst) {
        state.sightings += 1;
        burstLines = [];
      }
      burstLines.push(...watched);
      holding = state.onCommand?.(state.sightings, burstLines) === true;
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get onCommand() {
      return state.onCommand;
    },
    set onCommand(value) {
      state.onCommand = value;
    },
    get command() {
      return state.command;
    },
    set command(value) {
      state.command = value;
    },
    get sightings() {
      return state.sightings;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
