import { isImplicitTlsPort } from './net/ports.js';
import type { ResolvedSecurity, Security } from './types.js';

/**
 * `auto` security, the one rule for fetching, sending, the round trip and the connection test: TLS from
 * the first byte on the well-known TLS ports (993, 995, 465), STARTTLS everywhere else, required — never
 * a silent fallback to plain text. Pure.
 */
export function resolveSecurity(security: Security, port: number): ResolvedSecurity {
  if (security !== 'auto') return security;
  return isImplicitTlsPort(port) ? 'implicit' : 'starttls';
}
