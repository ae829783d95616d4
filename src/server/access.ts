import { tokensMatch } from './admin-token.js';

/**
 * Who may call a route, declared on the route itself (`config: { access }`) and read from the route the
 * router actually matched, never from the URL's spelling.
 *
 * - `public`: anyone (health, and the OAuth redirect, which carries its own single-use `state`);
 * - `agent`: a help desk agent or an administrator (for the web console's signed-in users, later);
 * - `admin`: an administrator: today the bearer admin token.
 *
 * Deny by default: a route that declares nothing, and every unmatched path, is `admin`.
 */
export const ACCESS_LEVELS = ['public', 'agent', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessLevel;
  }
}

/** Who is calling. Only the admin token exists today; console sessions (cookie + CSRF) will add theirs. */
export interface Principal {
  readonly role: 'agent' | 'admin';
  readonly via: 'token';
}

/** The access level of a matched route's config; anything but a known level is `admin`. */
export function accessOf(config: { readonly access?: unknown } | undefined): AccessLevel {
  const declared = config?.access;
  return ACCESS_LEVELS.find((level) => level === declared) ?? 'admin';
}

/** The one decision: may this caller use a route of this level? */
export function isAllowed(level: AccessLevel, principal: Principal | undefined): boolean {
  switch (level) {
    case 'public':
      return true;
    case 'agent':
      return principal !== undefined;
    case 'admin':
      return principal?.role === 'admin';
  }
}

/** The caller proven by an `Authorization: Bearer <admin token>` header, if any. */
export function principalOf(authorization: string | undefined, adminToken: string): Principal | undefined {
  const match = /^Bearer +(\S(?:.*\S)?) *$/i.exec(authorization ?? '');
  const given = match?.[1];
  if (!given || !adminToken || !tokensMatch(given, adminToken)) return undefined;
  return { role: 'admin', via: 'token' };
}
