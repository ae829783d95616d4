import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { imapProbeErrors } from './imap-probe.errors.js';
import { netErrors } from '../net/net.errors.js';
import { tcpError } from '../net/tcp.js';
import { imapErrors } from './imap.errors.js';
import type { SourceSettings } from '../mailbox-source.js';

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

interface LibraryError {
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  message?: string;
}

/**
 * Turns an imapflow or socket error from opening an IMAP session into DRobot's catalogue entries (the
 * same the connection test uses), so a failing account shows a reason and a hint a person can act on.
 */
export function imapOpenError(error: unknown, s: SourceSettings): unknown {
  if (isDrobotError(error) || typeof error !== 'object' || error === null) return error;
  const e = error as LibraryError;
  const host = s.host;
  if (e.authenticationFailed) {
    return new DrobotError(imapProbeErrors.authFailed, {
      step: 'auth',
      params: {
        user: s.credentials.kind === 'none' ? '' : s.credentials.username,
        mechanism: 'LOGIN/AUTHENTICATE',
      },
      serverReply: e.responseText ?? e.serverResponseCode,
      cause: error,
    });
  }
  const code = e.code ?? '';
  if (code === 'TLS_PIN_MISMATCH') {
    const actual = (error as { actual?: string }).actual ?? '?';
    return new DrobotError(netErrors.tlsPinMismatch, { step: 'tls', params: { host, actual }, cause: error });
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new DrobotError(netErrors.tlsCertExpired, {
      step: 'tls',
      params: { host, validTo: '?' },
      cause: error,
    });
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new DrobotError(netErrors.tlsHostnameMismatch, {
      step: 'tls',
      params: { host, names: '?' },
      cause: error,
    });
  }
  if (UNTRUSTED.has(code)) {
    return new DrobotError(netErrors.tlsCertUntrusted, {
      step: 'tls',
      params: { host, reason: code },
      cause: error,
    });
  }
  if (code === 'GREETING_TIMEOUT') {
    // Connected, then nothing usable: a silent server, one that drips, or a TLS port spoken to in clear.
    return new DrobotError(imapErrors.noGreeting, {
      step: 'greeting',
      params: { host, port: s.port, timeoutMs: s.timeoutMs },
      cause: error,
      retryable: true,
    });
  }
  if (code === 'CONNECT_TIMEOUT') {
    return new DrobotError(netErrors.connectTimeout, {
      step: 'tcp',
      params: { host, port: s.port, timeoutMs: s.timeoutMs },
      cause: error,
      retryable: true,
    });
  }
  if (/^E[A-Z]+$/.test(code)) {
    return tcpError(error as NodeJS.ErrnoException, { host, port: s.port, timeoutMs: s.timeoutMs }, 'tcp');
  }
  return error;
}
