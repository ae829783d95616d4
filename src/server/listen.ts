import { DrobotError } from '../errors/drobot-error.js';
import type { Text } from '../i18n/lang.js';
import { serverErrors } from './server.errors.js';

/** Where `drobot serve` listens, checked before it tries. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** A port from `--port`: a whole number from 0 (any free port) to 65535, else a field error. */
export function parsePort(value: string, source: '--port' | 'DROBOT_PORT'): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new DrobotError(serverErrors.badPort, { field: source, params: { value, source } });
}

export { isLoopbackHost } from '../app/loopback.js';

/** A listen failure as an error that names the address, the port and what to do. */
export function listenError(error: unknown, address: ListenAddress): unknown {
  const code = (error as { code?: string }).code;
  const params = { host: address.host, port: address.port, detail: code ?? '' };
  switch (code) {
    case 'EADDRINUSE':
      return new DrobotError(serverErrors.addressInUse, { params, cause: error });
    case 'EACCES':
      return new DrobotError(serverErrors.addressDenied, { params, cause: error });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DrobotError(serverErrors.addressUnavailable, { params, cause: error });
    default:
      return error;
  }
}

export const serveTexts = {
  networkWarning: {
    es: 'AVISO: la API escucha en {host}, alcanzable desde la red, por HTTP sin cifrar: el token de administrador y los datos de las cuentas viajarían en claro. Póngala detrás de un proxy inverso con TLS (https) y configure DROBOT_PUBLIC_URL con su dirección pública; si no, escuche sólo en 127.0.0.1.',
    en: 'WARNING: the API listens on {host}, reachable from the network, over plain HTTP: the admin token and account data would travel in clear. Put it behind a TLS (https) reverse proxy and set DROBOT_PUBLIC_URL to its public address; otherwise listen on 127.0.0.1 only.',
  },
} satisfies Record<string, Text>;
