import net from 'node:net';

/** A SOCKS5 proxy (RFC 1928, CONNECT only, RFC 1929 username/password) for tests, loopback targets only. */
export interface Socks5Proxy {
  readonly port: number;
  /** Tunnels opened so far. */
  readonly connections: number;
  stop(): Promise<void>;
}

export interface Socks5ProxyOptions {
  readonly username?: string;
  readonly password?: string;
  /** Refuse every CONNECT with "connection not allowed by ruleset". */
  readonly refuse?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/** Reads exactly `n` bytes from a socket in paused mode. */
function reader(socket: net.Socket): (n: number) => Promise<Buffer> {
  let buffer = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  });
  socket.on('close', () => {
    closed = true;
    wake?.();
  });
  return async (n) => {
    while (buffer.length < n) {
      if (closed) throw new Error('closed');
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const out = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return out;
  };
}

export async function startSocks5Proxy(options: Socks5ProxyOptions = {}): Promise<Socks5Proxy> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const needAuth = options.username !== undefined;

  async function handle(client: net.Socket): Promise<void> {
    const read = reader(client);
    const [version, count = 0] = await read(2);
    const methods = [...(await read(count))];
    if (version !== 5) return void client.destroy();
    const method = needAuth ? 0x02 : 0x00;
    if (!methods.includes(method)) return void client.end(Buffer.from([5, 0xff]));
    client.write(Buffer.from([5, method]));
    if (needAuth) {
      const [, ulen = 0] = await read(2);
      const user = (await read(ulen)).toString('utf8');
      const [plen = 0] = await read(1);
      const pass = (await read(plen)).toString('utf8');
      const ok = user === options.username && pass === (options.password ?? '');
      if (!ok) return void client.end(Buffer.from([1, 1]));
      client.write(Buffer.from([1, 0]));
    }
    const [, command, , atyp] = await read(4);
    let host: string;
    if (atyp === 1) host = [...(await read(4))].join('.');
    else if (atyp === 3) host = (await read((await read(1))[0] ?? 0)).toString('utf8');
    else return void client.end(reply(8));
    const port = (await read(2)).readUInt16BE(0);
    if (command !== 1) return void client.end(reply(7));
    if (options.refuse || !LOOPBACK.has(host)) return void client.end(reply(2));
    const upstream = net.connect({ host: '127.0.0.1', port });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('error', () => client.end(reply(5)));
    upstream.once('connect', () => {
      connections += 1;
      upstream.removeAllListeners('error');
      upstream.on('error', () => client.destroy());
      client.removeAllListeners('data');
      client.write(reply(0));
      client.pipe(upstream).pipe(client);
    });
  }

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    handle(client).catch(() => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return connections;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A CONNECT reply with the given status and a zero IPv4 bound address. */
function reply(status: number): Buffer {
  return Buffer.from([5, status, 0, 1, 0, 0, 0, 0, 0, 0]);
}
