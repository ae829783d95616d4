import net from 'node:net';

/**
 * A TCP relay on loopback that can cut the connection after the server has sent a number of bytes,
 * to test what a client does when the link drops in the middle of a transfer.
 */
export interface CuttingProxy {
  readonly port: number;
  /** Cut each new connection once this many bytes came from the server; undefined relays everything. */
  cutAfter: number | undefined;
  /** Connections cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  const sockets = new Set<net.Socket>();
  let cuts = 0;
  const state: { cutAfter: number | undefined } = { cutAfter: undefined };
  const server = net.createServer((client) => {
    const limit = state.cutAfter;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    let sent = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (limit !== undefined && sent + chunk.length >= limit) {
        client.write(chunk.subarray(0, Math.max(0, limit - sent)));
        cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get cutAfter() {
      return state.cutAfter;
    },
    set cutAfter(value) {
      state.cutAfter = value;
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
