import type { FastifyReply } from 'fastify';

/** Headers every response carries: nothing is sniffed, framed, cached, referred or shared cross-origin. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

/** Defaults a route may replace (the OAuth page allows its inline style; API JSON is never stored). */
export const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Sets the security headers on a reply about to be sent, and removes any CORS header: DRobot grants none. */
export function applySecurityHeaders(reply: FastifyReply): void {
  for (const name of Object.keys(reply.getHeaders())) {
    if (name.toLowerCase().startsWith('access-control-')) reply.removeHeader(name);
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  for (const [name, value] of Object.entries(DEFAULT_HEADERS)) {
    if (!reply.hasHeader(name)) reply.header(name, value);
  }
}
