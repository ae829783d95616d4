import http from 'node:http';
import type { Duplex } from 'node:stream';
import { connectEndpoint } from '../net/connect.js';
import { startTls } from '../net/tls.js';
import type { ProxySettings, TlsTrust } from '../types.js';

/** How an API host is reached: the account's proxy and certificate trust, as for the mail protocols. */
export interface AgentSettings {
  readonly tls: TlsTrust;
  readonly proxy?: ProxySettings | undefined;
  readonly timeoutMs: number;
}

/**
 * A keep-alive HTTP agent whose connections go through DRobot's own network layer: DNS and TCP with
 * deadlines, SOCKS5 or HTTP CONNECT proxies, and TLS verified against the system CAs plus the account's
 * CA, or a pinned certificate. So a REST API account honours the same settings as a POP3 or SMTP one.
 */
export class EndpointAgent extends http.Agent {
  constructor(
    private readonly settings: AgentSettings,
    private readonly secure: boolean,
  ) {
    super({ keepAlive: true, maxSockets: 4, maxFreeSockets: 4, timeout: settings.timeoutMs * 6 });
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | null | undefined {
    const host = String(options.hostname ?? options.host ?? '');
    const port = Number(options.port) || (this.secure ? 443 : 80);
    const { timeoutMs, proxy, tls } = this.settings;
    connectEndpoint({ host, port, timeoutMs, proxy })
      .then(async (socket) => {
        if (!this.secure) return socket;
        return (await startTls(socket, { host, port, trust: tls, timeoutMs })).socket;
      })
      .then(
        (socket) => callback?.(null, socket),
        (error: Error) => callback?.(error, undefined as unknown as Duplex),
      );
    return undefined;
  }
}
