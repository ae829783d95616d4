import net from 'node:net';

/** An HTTP CONNECT proxy for tests: loopback targets only, optional Basic auth, a refusing mode. */
export interface HttpConnectProxy {
  readonly port: number;
  /** Tunnels opened so far. */
  readonly connections: number;
  stop(): Promise<void>;
}

export interface HttpConnectProxyOptions {
  readonly username?: string;
  readonly password?: string;
  /** Answer every CONNECT with 403 Forbidden. */
  readonly refuse?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

export async function startHttpConnectProxy(
  options: HttpConnectProxyOptions = {},
): Promise<HttpConnectProxy> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const expected =
    options.username === undefined
      ? undefined
      : `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;

  function answer(client: net.Socket, status: string, extra = ''): void {
    client.end(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
  }

  function handle(client: net.Socket, head: string, rest: Buffer): void {
    const [requestLine = '', ...headerLines] = head.split('\r\n');
    const match = /^CONNECT (\[[^\]]+\]|[^:\s]+):(\d+) HTTP\/1\.[01]$/.exec(requestLine);
    if (!match) return answer(client, '405 Method Not Allowed');
    const auth = headerLines
      .find((line) => line.toLowerCase().startsWith('proxy-authorization:'))
      ?.slice('proxy-authorization:'.length)
      .trim();
    if (expected !== undefined && auth !== expected) {
      return answer(
        client,
        '407 Proxy Authentication Required',
        'Proxy-Authenticate: Basic realm="test"\r\n',
      );
    }
    const host = match[1] ?? '';
    if (options.refuse || !LOOPBACK.has(host)) return answer(client, '403 Forbidden');
    const upstream = net.connect({ host: '127.0.0.1', port: Number(match[2]) });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('error', () => answer(client, '502 Bad Gateway'));
    upstream.once('connect', () => {
      connections += 1;
      upstream.removeAllListeners('error');
      upstream.on('error', () => client.destroy());
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream).pipe(client);
    });
  }

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      handle(client, buffer.subarray(0, end).toString('latin1'), buffer.subarray(end + 4));
    };
    client.on('data', onData);
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
