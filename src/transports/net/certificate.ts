import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';

/** What a person needs to see about the server's certificate, and whether it was trusted. */
export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  /** ISO-8601 UTC. */
  readonly validFrom: string;
  readonly validTo: string;
  /** SHA-256 of the DER certificate, lowercase hex without colons. */
  readonly fingerprintSha256: string;
  readonly altNames: readonly string[];
  readonly verified: boolean;
  /** Why verification failed (an OpenSSL/Node code such as CERT_HAS_EXPIRED), when it did. */
  readonly verifyError?: string;
}

/** Normalizes a fingerprint as typed by a person: hex with or without colons, any case. */
export function normalizeFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toLowerCase();
}

function distinguishedName(name: unknown): string {
  if (!name || typeof name !== 'object') return '';
  return Object.entries(name as Record<string, string | string[]>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

/** Reads the certificate details from a peer certificate; `verified`/`verifyError` are decided by the caller. */
export function describeCertificate(
  peer: PeerCertificate,
  verdict: { readonly verified: boolean; readonly verifyError?: string | undefined },
): CertificateInfo {
  const x509 = peer.raw ? new X509Certificate(peer.raw) : undefined;
  const altNames = (peer.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  const info = {
    subject: distinguishedName(peer.subject),
    issuer: distinguishedName(peer.issuer),
    validFrom: isoDate(x509?.validFrom ?? peer.valid_from),
    validTo: isoDate(x509?.validTo ?? peer.valid_to),
    fingerprintSha256: normalizeFingerprint(peer.fingerprint256 ?? ''),
    altNames,
    verified: verdict.verified,
  };
  return verdict.verifyError ? { ...info, verifyError: verdict.verifyError } : info;
}

function isoDate(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
