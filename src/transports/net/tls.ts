import { isIP, type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { DrobotError, type DrobotErrorOptions, type ErrorDef } from '../../errors/drobot-error.js';
import type { TlsTrust } from '../types.js';
import { describeCertificate, normalizeFingerprint, type CertificateInfo } from './certificate.js';
import { extraCaContext } from './extra-ca.js';
import { netErrors } from './net.errors.js';
import { suggestedTlsPort, type MailProtocol } from './ports.js';
import { classifyHandshakeFailure } from './tls-failure.js';

/** How to run a TLS handshake on an open connection. */
export interface TlsOptions {
  /** The server name the certificate must be valid for (also sent as SNI unless it is an IP address). */
  readonly host: string;
  /** For messages and hints only. */
  readonly port: number;
  readonly trust: TlsTrust;
  readonly timeoutMs: number;
  /** For the port suggested in hints. */
  readonly protocol?: MailProtocol | undefined;
}

/** An established TLS session. */
export interface TlsSession {
  readonly socket: TLSSocket;
  readonly certificate: CertificateInfo;
  /** e.g. `TLSv1.3`. */
  readonly version: string;
  readonly cipher: string;
  readonly durationMs: number;
}

/** A certificate problem: the error plus the certificate the server showed. */
export class TlsCertificateError extends DrobotError {
  readonly certificate: CertificateInfo;
  constructor(def: ErrorDef, certificate: CertificateInfo, options: DrobotErrorOptions) {
    super(def, options);
    this.certificate = certificate;
  }
}

/**
 * Runs a TLS handshake over an open socket: implicit TLS right after connecting, or after a
 * STARTTLS/STLS reply. The certificate is verified against the system CAs plus `trust.caPem`, or matched
 * to `trust.pinSha256`; `trust.insecureSkipVerify` accepts anything and reports `verified: false`.
 */
export function startTls(socket: Socket, options: TlsOptions): Promise<TlsSession> {
  const started = performance.now();
  const { host, trust } = options;
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      host,
      ...(isIP(host) ? {} : { servername: host }),
      // Verification is decided below, so the certificate can be described even when it fails.
      rejectUnauthorized: false,
      ...(trust.caPem ? { secureContext: extraCaContext(trust.caPem) } : {}),
    });
    let settled = false;
    const fail = (error: DrobotError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new DrobotError(netErrors.tlsHandshakeTimeout, {
            step: 'tls',
            retryable: true,
            params: { host, port: options.port, timeoutMs: options.timeoutMs },
          }),
        ),
      options.timeoutMs,
    );
    timer.unref();
    secure.once('secureConnect', () => {
      if (settled) return;
      const verdict = verify(secure, options);
      if (verdict instanceof DrobotError) return fail(verdict);
      settled = true;
      clearTimeout(timer);
      secure.removeAllListeners('error');
      secure.removeAllListeners('close');
      // The caller's reader listens for errors; until it does, a reset must not crash the process.
      secure.on('error', () => undefined);
      resolve({
        socket: secure,
        certificate: verdict,
        version: secure.getProtocol() ?? '',
        cipher: secure.getCipher()?.name ?? '',
        durationMs: Math.round(performance.now() - started),
      });
    });
    secure.once('error', (error: NodeJS.ErrnoException) =>
      fail(classifyHandshakeFailure(error, { ...options, tlsPort: suggestedTlsPort(options.protocol) })),
    );
    secure.once('close', () =>
      fail(classifyHandshakeFailure(undefined, { ...options, tlsPort: suggestedTlsPort(options.protocol) })),
    );
  });
}

function verify(secure: TLSSocket, options: TlsOptions): CertificateInfo | DrobotError {
  const peer = secure.getPeerCertificate(false);
  const reason = secure.authorizationError ? String(secure.authorizationError) : undefined;
  const { trust, host } = options;
  if (trust.pinSha256) {
    const actual = normalizeFingerprint(peer.fingerprint256 ?? '');
    const info = describeCertificate(peer, { verified: actual === normalizeFingerprint(trust.pinSha256) });
    if (info.verified) return info;
    return new TlsCertificateError(netErrors.tlsPinMismatch, info, { step: 'tls', params: { host, actual } });
  }
  const info = describeCertificate(peer, { verified: secure.authorized, verifyError: reason });
  if (secure.authorized || trust.insecureSkipVerify) return info;
  const params = {
    host,
    port: options.port,
    reason,
    validTo: info.validTo,
    names: info.altNames.join(', '),
    fingerprint: info.fingerprintSha256,
  };
  if (reason === 'CERT_HAS_EXPIRED' || reason === 'CERT_NOT_YET_VALID') {
    return new TlsCertificateError(netErrors.tlsCertExpired, info, { step: 'tls', params });
  }
  if (reason === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new TlsCertificateError(netErrors.tlsHostnameMismatch, info, { step: 'tls', params });
  }
  return new TlsCertificateError(netErrors.tlsCertUntrusted, info, { step: 'tls', params });
}
