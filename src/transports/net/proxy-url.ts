import type { ProxySettings } from '../types.js';

/**
 * A proxy as a URL (`socks5://user:pass@host:port`, `http://…`), for a library that takes one
 * (imapflow): credentials percent-encoded, an IPv6 host in brackets. The only place such a URL is built.
 */
export function proxyUrl(proxy: ProxySettings): string {
  const scheme = proxy.type === 'socks5' ? 'socks5' : 'http';
  const user = proxy.username ? encodeURIComponent(proxy.username) : '';
  const pass = proxy.password ? `:${encodeURIComponent(proxy.password)}` : '';
  const auth = user || pass ? `${user}${pass}@` : '';
  const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  return `${scheme}://${auth}${host}:${proxy.port}`;
}
