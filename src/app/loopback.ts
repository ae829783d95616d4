import net from 'node:net';

/** Whether only this machine can reach an address: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name === '::1') return true;
  return net.isIPv4(name) && name.startsWith('127.');
}

/**
 * Whether a URL may carry credentials (an OAuth authority's token requests): https, or http only to this
 * machine (a local stand-in); no user or password in it.
 */
export function isSecureEndpoint(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  return secure && url.hostname !== '' && url.username === '' && url.password === '';
}
