import type net from 'node:net';
import { DrobotError } from '../../errors/drobot-error.js';
import type { ProxySettings } from '../types.js';
import { netErrors } from './net.errors.js';
import type { ProxyTarget } from './proxy.js';
import { serverWords } from './server-words.js';

const MAX_HEADER_BYTES = 16 * 1024;

/** The CONNECT request for a target, with Basic proxy credentials when configured. */
export function connectRequest(proxy: ProxySettings, target: ProxyTarget): string {
  const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (proxy.username) {
    const basic = Buffer.from(`${proxy.username}:${proxy.password ?? ''}`, 'utf8').toString('base64');
    lines.push(`Proxy-Authorization: Basic ${basic}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Opens a tunnel through an HTTP proxy with CONNECT on the already open `socket`. A 2xx answer opens
 * the tunnel; 407 is `proxy_auth_failed`; anything else is `proxy_refused` with the status line.
 */
export function httpConnectTunnel(
  socket: net.Socket,
  proxy: ProxySettings,
  target: ProxyTarget,
): Promise<net.Socket> {
  const params = { proxyHost: proxy.host, proxyPort: proxy.port, host: target.host, port: target.port };
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const finish = (error?: DrobotError, rest?: Buffer) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error) {
        socket.destroy();
        reject(error);
        return;
      }
      socket.pause();
      if (rest && rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    const refused = (reason: string, serverReply?: string) =>
      new DrobotError(netErrors.proxyRefused, {
        step: 'proxy',
        params: { ...params, reason },
        ...(serverReply ? { serverReply } : {}),
        retryable: true,
      });
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length > MAX_HEADER_BYTES) finish(refused('reply header too long'));
        return;
      }
      // The proxy's words, as they may be kept: visible and bounded.
      const statusLine = serverWords(received.subarray(0, received.indexOf('\r\n')).toString('latin1'));
      const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1] ?? NaN);
      if (status >= 200 && status < 300) return finish(undefined, received.subarray(end + 4));
      if (status === 407) {
        return finish(
          new DrobotError(netErrors.proxyAuthFailed, { step: 'proxy', params, serverReply: statusLine }),
        );
      }
      finish(refused(Number.isNaN(status) ? 'not an HTTP proxy' : statusLine, statusLine));
    };
    const onError = (error: Error) => finish(refused(error.message));
    const onClose = () => finish(refused('the proxy closed the connection'));
    const timer = setTimeout(
      () => finish(refused(`no reply within ${target.timeoutMs} ms`)),
      target.timeoutMs,
    );
    timer.unref();
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.write(connectRequest(proxy, target));
  });
}
