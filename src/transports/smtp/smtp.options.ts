import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import { checkServerIdentity } from 'node:tls';
import { normalizeFingerprint } from '../net/certificate.js';
import { extraCaContext } from '../net/extra-ca.js';
import { proxyUrl } from '../net/proxy-url.js';
import { resolveSecurity } from '../security.js';
import type { Credentials, Endpoint, SaslMethod } from '../types.js';

/** How DRobot sends through one SMTP server: where, how securely, as whom. */
export interface SmtpSenderSettings {
  readonly endpoint: Endpoint;
  readonly credentials: Credentials;
  readonly sasl?: SaslMethod | undefined;
  /** Name given in EHLO; default the machine's host name. */
  readonly clientName?: string | undefined;
  /** Keep connections open and reuse them (false: one connection per mail). */
  readonly pool?: { readonly maxConnections: number; readonly maxMessages: number } | false | undefined;
}

export { proxyUrl };

/** TLS options: extra CA, pin (checked on top of the normal verification), or explicit no-verify. */
export function tlsOptions(endpoint: Endpoint): Record<string, unknown> {
  const trust = endpoint.tls;
  if (trust.insecureSkipVerify) return { rejectUnauthorized: false };
  const options: Record<string, unknown> = { rejectUnauthorized: true };
  // SNI takes host names only (RFC 6066); an IP address is still checked against the certificate.
  if (isIP(endpoint.host) === 0) options.servername = endpoint.host;
  // The system CAs plus the extra one, as every other transport trusts them.
  if (trust.caPem) options.secureContext = extraCaContext(trust.caPem);
  const pin = trust.pinSha256 ? normalizeFingerprint(trust.pinSha256) : undefined;
  if (pin) {
    options.checkServerIdentity = (host: string, cert: PeerCertificate) => {
      const seen = normalizeFingerprint(cert.fingerprint256 ?? '');
      if (seen !== pin) return new Error(`certificate fingerprint ${seen} does not match the pinned one`);
      return checkServerIdentity(host, cert);
    };
  }
  return options;
}

/** nodemailer transport options for the settings (pure; the socks module is attached by the sender). */
export function nodemailerOptions(settings: SmtpSenderSettings): Record<string, unknown> {
  const { endpoint, credentials } = settings;
  const security = resolveSecurity(endpoint.security, endpoint.port);
  const options: Record<string, unknown> = {
    host: endpoint.host,
    port: endpoint.port,
    secure: security === 'implicit',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    connectionTimeout: endpoint.timeoutMs,
    greetingTimeout: endpoint.timeoutMs,
    socketTimeout: Math.max(endpoint.timeoutMs, 30_000),
    dnsTimeout: endpoint.timeoutMs,
    tls: tlsOptions(endpoint),
    logger: false,
    debug: false,
  };
  if (settings.clientName) options.name = settings.clientName;
  if (settings.pool) {
    options.pool = true;
    options.maxConnections = settings.pool.maxConnections;
    options.maxMessages = settings.pool.maxMessages;
  }
  if (credentials.kind === 'password') {
    options.auth = { user: credentials.username, pass: credentials.password };
  } else if (credentials.kind === 'oauth2') {
    options.auth = { type: 'OAuth2', user: credentials.username, accessToken: credentials.accessToken };
  }
  if (settings.sasl === 'plain') options.authMethod = 'PLAIN';
  if (settings.sasl === 'login') options.authMethod = 'LOGIN';
  if (settings.sasl === 'xoauth2') options.authMethod = 'XOAUTH2';
  if (endpoint.proxy) options.proxy = proxyUrl(endpoint.proxy);
  return options;
}
