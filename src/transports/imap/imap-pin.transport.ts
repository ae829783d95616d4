import net from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { ImapTransport, ImapTransportOptions, ImapTransportSocket } from 'imapflow';
import { normalizeFingerprint } from '../net/certificate.js';

/** The certificate's SHA-256 fingerprint did not match the pin: the connection is closed before login. */
export class PinMismatchError extends Error {
  readonly code = 'TLS_PIN_MISMATCH';
  constructor(readonly actual: string) {
    super(`the server certificate (SHA-256 ${actual}) does not match the pinned fingerprint`);
    this.name = 'PinMismatchError';
  }
}

/**
 * An imapflow transport that trusts exactly the certificate with the pinned SHA-256 fingerprint (a
 * self-signed server certificate, say), checked right after the handshake and before a single command
 * (and so before the login) is sent. Node checks names only after a CA chain verified, so a pin cannot be
 * expressed with TLS options alone.
 */
export function pinnedTlsTransport(pinSha256: string): ImapTransport {
  const pin = normalizeFingerprint(pinSha256);
  const secure = (socket: TLSSocket, onSecure: () => void): TLSSocket => {
    socket.once('secureConnect', () => {
      const actual = normalizeFingerprint(socket.getPeerCertificate(false).fingerprint256 ?? '');
      if (actual !== pin) socket.destroy(new PinMismatchError(actual));
      else onSecure();
    });
    return socket;
  };
  const tlsOptions = (o: ImapTransportOptions) => ({
    host: o.host,
    port: o.port,
    ...(o.servername ? { servername: o.servername } : {}),
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2' as const,
  });
  return {
    connect(options, onConnect): ImapTransportSocket {
      if (!options.secure) return net.connect({ host: options.host, port: options.port }, onConnect);
      return secure(tls.connect(tlsOptions(options)), onConnect);
    },
    upgrade(socket, options, onSecure): ImapTransportSocket {
      return secure(tls.connect({ ...tlsOptions(options), socket: socket as net.Socket }), onSecure);
    },
  };
}
