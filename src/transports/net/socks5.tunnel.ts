import type net from 'node:net';
import { SocksClient } from 'socks';
import { DrobotError } from '../../errors/drobot-error.js';
import type { ProxySettings } from '../types.js';
import { netErrors } from './net.errors.js';
import type { ProxyTarget } from './proxy.js';
import { serverWords } from './server-words.js';

/**
 * Asks a SOCKS5 proxy (RFC 1928, with RFC 1929 username/password when configured) to connect the
 * already open `socket` to the target. The target name is resolved by the proxy.
 */
export async function socks5Tunnel(
  socket: net.Socket,
  proxy: ProxySettings,
  target: ProxyTarget,
): Promise<net.Socket> {
  try {
    const { socket: tunnel } = await SocksClient.createConnection({
      proxy: {
        host: proxy.host,
        port: proxy.port,
        type: 5,
        ...(proxy.username ? { userId: proxy.username, password: proxy.password ?? '' } : {}),
      },
      command: 'connect',
      destination: { host: target.host, port: target.port },
      timeout: target.timeoutMs,
      existing_socket: socket,
    });
    return await holdEarlyData(tunnel as net.Socket);
  } catch (error) {
    throw socksError(error, proxy, target);
  }
}

/**
 * The socks client hands bytes that came with its last handshake reply (a server's greeting) to the
 * socket on the next turn of the event loop and resumes it: keep them, and the socket paused, until the
 * protocol client attaches its reader.
 */
async function holdEarlyData(socket: net.Socket): Promise<net.Socket> {
  const early: Buffer[] = [];
  const collect = (chunk: Buffer) => early.push(chunk);
  socket.on('data', collect);
  await new Promise<void>((resolve) => setImmediate(resolve));
  socket.off('data', collect);
  socket.pause();
  if (early.length > 0) socket.unshift(Buffer.concat(early));
  return socket;
}

function socksError(error: unknown, proxy: ProxySettings, target: ProxyTarget): DrobotError {
  const message = error instanceof Error ? error.message : String(error);
  const params = {
    proxyHost: proxy.host,
    proxyPort: proxy.port,
    host: target.host,
    port: target.port,
    timeoutMs: target.timeoutMs,
  };
  // The socks client reports failures as fixed English sentences; these two mean the credentials.
  if (/Authentication failed|no accepted authentication type/i.test(message)) {
    return new DrobotError(netErrors.proxyAuthFailed, { step: 'proxy', params, cause: error });
  }
  const reason = /timed out/i.test(message)
    ? `no reply within ${target.timeoutMs} ms`
    : serverWords(message.replace(/^Socks5 proxy rejected connection - /, ''));
  return new DrobotError(netErrors.proxyRefused, {
    step: 'proxy',
    params: { ...params, reason },
    serverReply: serverWords(message),
    cause: error,
    retryable: /timed out|closed/i.test(message),
  });
}
