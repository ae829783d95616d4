import { DrobotError } from '../../errors/drobot-error.js';
import { netErrors } from './net.errors.js';

/** The signs, in OpenSSL's and Node's words, that the other side answered a ClientHello in plain text. */
const PLAIN_SERVER =
  /wrong version number|packet length too long|unknown protocol|http request|record layer failure|unexpected eof|socket disconnected before secure TLS connection/i;

const PLAIN_SERVER_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_HTTP_REQUEST',
  'ECONNRESET',
  'EPIPE',
]);

/**
 * Classifies a failed handshake. A plain-text server answers a ClientHello with text (OpenSSL reads it as
 * a bad record: "wrong version number", "packet length too long") or hangs up: `tls_on_plain_port`.
 * Anything else is `tls_failed` with the library's reason.
 */
export function classifyHandshakeFailure(
  error: NodeJS.ErrnoException | undefined,
  context: { readonly host: string; readonly port: number; readonly tlsPort: string },
): DrobotError {
  const params = { host: context.host, port: context.port, tlsPort: context.tlsPort };
  const hungUp = error === undefined;
  if (hungUp || PLAIN_SERVER_CODES.has(error.code ?? '') || PLAIN_SERVER.test(error.message)) {
    return new DrobotError(netErrors.tlsOnPlainPort, { step: 'tls', params, cause: error });
  }
  return new DrobotError(netErrors.tlsFailed, {
    step: 'tls',
    params: { ...params, reason: error.code ?? error.message },
    cause: error,
  });
}
