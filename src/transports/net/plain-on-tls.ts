import { DrobotError } from '../../errors/drobot-error.js';
import { netErrors } from './net.errors.js';
import { suggestedPlainPort, type MailProtocol } from './ports.js';

/**
 * Whether bytes look like a TLS record (content type 20–23, version major 3): what a TLS server sends
 * to a client that spoke plain text to it (an alert).
 */
export function looksLikeTlsRecord(data: Buffer): boolean {
  const type = data[0];
  return type !== undefined && type >= 0x14 && type <= 0x17 && (data.length < 2 || data[1] === 0x03);
}

/** The `plain_on_tls_port` error for a plain connection to a TLS port, with the plain port to suggest. */
export function plainOnTlsError(
  peer: { readonly port: number; readonly protocol?: MailProtocol | undefined },
  step: string,
): DrobotError {
  return new DrobotError(netErrors.plainOnTlsPort, {
    step,
    params: { port: peer.port, plainPort: suggestedPlainPort(peer.protocol) },
  });
}

/** How long to wait for a TLS server's reaction to a plain line, within the margin a timeout allows. */
export function tlsProbeWindowMs(timeoutMs: number): number {
  return Math.min(1000, Math.max(200, Math.round(timeoutMs / 10)));
}
