import net from 'node:net';
import { DrobotError } from '../../errors/drobot-error.js';
import { netErrors, type NetStep } from './net.errors.js';

/** Where to open a TCP connection; `address` (already resolved) is used instead of `host` when given. */
export interface TcpTarget {
  readonly host: string;
  readonly port: number;
  readonly address?: string | undefined;
  readonly timeoutMs: number;
}

/** An open TCP connection and what it took. */
export interface TcpConnection {
  readonly socket: net.Socket;
  readonly remoteAddress: string;
  readonly durationMs: number;
}

/**
 * Opens a TCP connection bounded by `timeoutMs`. Throws `connection_refused`, `connect_timeout`,
 * `host_unreachable` or `network_error` with the given step (`tcp`, or `proxy` when the target is a proxy).
 */
export function connectTcp(target: TcpTarget, step: NetStep = 'tcp'): Promise<TcpConnection> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.address ?? target.host, port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new DrobotError(netErrors.connectTimeout, {
          step,
          retryable: true,
          params: { host: target.host, port: target.port, timeoutMs: target.timeoutMs },
        }),
      );
    }, target.timeoutMs);
    timer.unref();
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Whoever reads the socket listens for its errors; until then a reset must not crash the process.
      socket.on('error', ignore);
      resolve({
        socket,
        remoteAddress: socket.remoteAddress ?? target.address ?? target.host,
        durationMs: Math.round(performance.now() - started),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(tcpError(error, target, step));
    });
  });
}

/** Maps a socket error to the catalogue. */
export function tcpError(
  error: NodeJS.ErrnoException,
  target: TcpTarget,
  step: NetStep | string,
): DrobotError {
  const params = {
    host: target.host,
    port: target.port,
    timeoutMs: target.timeoutMs,
    reason: error.code,
    step,
  };
  switch (error.code) {
    case 'ECONNREFUSED':
      return new DrobotError(netErrors.connectionRefused, { step, params, cause: error, retryable: true });
    case 'ETIMEDOUT':
      return new DrobotError(netErrors.connectTimeout, { step, params, cause: error, retryable: true });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new DrobotError(netErrors.unreachable, { step, params, cause: error, retryable: true });
    case 'ECONNRESET':
    case 'EPIPE':
      return new DrobotError(netErrors.connectionClosed, { step, params, cause: error, retryable: true });
    default:
      return new DrobotError(netErrors.networkFailed, {
        step,
        params: { ...params, reason: error.code ?? error.message },
        cause: error,
        retryable: true,
      });
  }
}

function ignore(): void {
  // Deliberately empty: see connectTcp.
}
