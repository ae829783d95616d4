import net from 'node:net';

/** How the link treats each new connection; changed between connections by the test. */
export interface LinkBehaviour {
  /** Cut the connection once the server sent this many bytes to the client. */
  cutAfterServerBytes?: number | undefined;
  /** Cut the connection once the client sent this many bytes to the server. */
  cutAfterClientBytes?: number | undefined;
  /** Deliver the server's bytes in chunks of this size, one per `delayMs` (a slow, throttled link). */
  throttle?: { readonly chunkBytes: number; readonly delayMs: number } | undefined;
}

/**
 * A TCP relay on loopback between a client and a real server: relays as is, or cuts the connection after
 * a number of bytes either way, or delivers the server's bytes slowly. TLS passes through untouched.
 */
export interface LinkProxy {
  readonly port: number;
  behaviour: LinkBehaviour;
  /** Connections cut so far. */
  readonly cuts: number;
  /** Cuts every open connection now (a network failure); new ones are relayed as the behaviour says. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startLinkProxy(targetPort: number): Promise<LinkProxy> {
  const sockets = new Set<net.Socket>();
  let cuts = 0;
  const state: { behaviour: LinkBehaviour } = { behaviour: {} };
  const server = net.createServer((client) => {
    const b = { ...state.behaviour };
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    let fromServer = 0;
    let fromClient = 0;
    let queue: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const end = () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    const cut = () => {
      cuts += 1;
      end();
    };
    const toClient = (chunk: Buffer) => {
      if (b.cutAfterServerBytes !== undefined && fromServer + chunk.length >= b.cutAfterServerBytes) {
        client.write(chunk.subarray(0, Math.max(0, b.cutAfterServerBytes - fromServer)));
        cut();
        return;
      }
      fromServer += chunk.length;
      client.write(chunk);
    };
    if (b.throttle) {
      const { chunkBytes, delayMs } = b.throttle;
      timer = setInterval(() => {
        const all = Buffer.concat(queue);
        if (all.length === 0) return;
        toClient(all.subarray(0, chunkBytes));
        queue = all.length > chunkBytes ? [all.subarray(chunkBytes)] : [];
      }, delayMs);
    }
    upstream.on('data', (chunk: Buffer) => {
      if (b.throttle) queue.push(chunk);
      else toClient(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      if (b.cutAfterClientBytes !== undefined && fromClient + chunk.length >= b.cutAfterClientBytes) {
        upstream.write(chunk.subarray(0, Math.max(0, b.cutAfterClientBytes - fromClient)));
        cut();
        return;
      }
      fromClient += chunk.length;
      upstream.write(chunk);
    });
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    // The server closing is relayed once what it sent has gone through a throttled link.
    upstream.on('close', () => {
      if (!timer) return end();
      const drain = setInterval(() => {
        if (queue.length === 0) {
          clearInterval(drain);
          end();
        }
      }, b.throttle?.delayMs ?? 10);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value) {
      state.behaviour = value;
    },
    get cuts() {
      return cuts;
    },
    dropAll() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
