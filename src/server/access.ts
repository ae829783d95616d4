import { tokensMatch } from './admin-token.js';

/**
 * Who may call a route, declared on the route itself (`config: { access }`) and read from the route the
 * router actually matched, never from the URL's spelling.
 *
 * - `public`: anyone (health, sign-in, first-run setup, the console's static files, and the OAuth
 *   redirect, which carries its own single-use `state`);
 * - `agent`: a signed-in help desk agent or administrator (cases, replies, notes, the session itself);
 * - `admin`: an administrator: the bearer admin token, or a signed-in user with the `admin` role.
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

/** Who is calling: a script with the admin token, or a person signed in to the console. */
export type Principal =
  | { readonly role: 'admin'; readonly via: 'token' }
  | {
      readonly role: 'agent' | 'admin';
      readonly via: 'session';
      readonly userId: number;
      readonly name: string;
      readonly sessionHash: string;
      readonly csrfToken: string;
    };

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

/**
 * Why a caller is refused, if it is: `unauthenticated` (401: nobody, or a dead session) or `forbidden`
 * (403: signed in, but the role does not reach this level).
 */
export function refusalOf(
  level: AccessLevel,
  principal: Principal | undefined,
): 'unauthenticated' | 'forbidden' | undefined {
  if (isAllowed(level, principal)) return undefined;
  return principal ? 'forbidden' : 'unauthenticated';
}

/** Methods that change nothing: the only ones a session may use without its CSRF token. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** The caller proven by an `Authorization: Bearer <admin token>` header, if any. */
export function principalOf(authorization: string | undefined, adminToken: string): Principal | undefined {
  const match = /^Bearer +(\S(?:.*\S)?) *$/i.exec(authorization ?? '');
  const given = match?.[1];
  if (!given || !adminToken || !tokensMatch(given, adminToken)) return undefined;
  return { role: 'admin', via: 'token' };
}
