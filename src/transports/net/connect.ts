import type net from 'node:net';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import type { Endpoint, ProxySettings } from '../types.js';
import { netErrors } from './net.errors.js';
import { openProxyTunnel } from './proxy.js';
import { resolveHost, type LookupAll } from './resolve.js';
import { connectTcp, type TcpConnection } from './tcp.js';

/** The part of an endpoint the plain connection needs. */
export type ConnectTarget = Pick<Endpoint, 'host' | 'port' | 'timeoutMs' | 'proxy'>;

/**
 * Connects to the proxy itself. A proxy that cannot be reached is reported as `proxy_refused` (the
 * person has to fix the proxy settings, not the mail server's).
 */
export async function connectToProxy(
  proxy: ProxySettings,
  target: { readonly host: string; readonly port: number; readonly timeoutMs: number },
  address?: string,
): Promise<TcpConnection> {
  try {
    return await connectTcp({ host: proxy.host, port: proxy.port, address, timeoutMs: target.timeoutMs });
  } catch (error) {
    const reason = isDrobotError(error) ? error.message : String(error);
    throw new DrobotError(netErrors.proxyRefused, {
      step: 'tcp',
      params: {
        proxyHost: proxy.host,
        proxyPort: proxy.port,
        host: target.host,
        port: target.port,
        reason,
      },
      cause: error,
      retryable: true,
    });
  }
}

/**
 * Opens a plain TCP connection to the endpoint: DNS, TCP and, when configured, the proxy tunnel (the
 * proxy resolves the server's name then). Each phase is bounded by `timeoutMs`.
 */
export async function connectEndpoint(target: ConnectTarget, lookup?: LookupAll): Promise<net.Socket> {
  const { proxy, timeoutMs } = target;
  if (!proxy) {
    const resolved = await resolveHost(target.host, { timeoutMs, ...(lookup ? { lookup } : {}) });
    const tcp = await connectTcp({ ...target, address: resolved.addresses[0] });
    return tcp.socket;
  }
  const resolved = await resolveHost(proxy.host, { timeoutMs, ...(lookup ? { lookup } : {}) });
  const tcp = await connectToProxy(proxy, target, resolved.addresses[0]);
  return openProxyTunnel(tcp.socket, proxy, target);
}
