import type net from 'node:net';
import type { ProxySettings } from '../types.js';
import { httpConnectTunnel } from './http-connect.tunnel.js';

/** The server a proxy is asked to reach. */
export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
}

/**
 * Turns a socket connected to a proxy into a tunnel to the target (SOCKS5 or HTTP CONNECT).
 * Errors carry step `proxy`: `proxy_refused` or `proxy_auth_failed`.
 */
export async function openProxyTunnel(
  socket: net.Socket,
  proxy: ProxySettings,
  target: ProxyTarget,
): Promise<net.Socket> {
  if (proxy.type !== 'socks5') return httpConnectTunnel(socket, proxy, target);
  // The SOCKS library is loaded only when a SOCKS proxy is configured: most connections go direct.
  const { socks5Tunnel } = await import('./socks5.tunnel.js');
  return socks5Tunnel(socket, proxy, target);
}
