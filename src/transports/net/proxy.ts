import type net from 'node:net';
import type { ProxySettings } from '../types.js';
import { httpConnectTunnel } from './http-connect.tunnel.js';
import { socks5Tunnel } from './socks5.tunnel.js';

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
export function openProxyTunnel(
  socket: net.Socket,
  proxy: ProxySettings,
  target: ProxyTarget,
): Promise<net.Socket> {
  return proxy.type === 'socks5'
    ? socks5Tunnel(socket, proxy, target)
    : httpConnectTunnel(socket, proxy, target);
}
