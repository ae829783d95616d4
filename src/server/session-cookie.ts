import type { IncomingHttpHeaders } from 'node:http';

/**
 * The console's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Path=/. Behind HTTPS (DROBOT_PUBLIC_URL https://…) it is `Secure` and named with the
 * `__Host-` prefix, which browsers accept only from a secure origin, without Domain, on Path=/.
 */
export interface CookieSettings {
  readonly name: string;
  readonly secure: boolean;
}

export function cookieSettings(publicUrl: string | undefined): CookieSettings {
  const secure = publicUrl?.startsWith('https:') ?? false;
  return { name: secure ? '__Host-drobot_session' : 'drobot_session', secure };
}

/** The `Set-Cookie` value that hands a browser its session (a session cookie: it ends with the browser). */
export function sessionCookie(settings: CookieSettings, value: string): string {
  return [
    `${settings.name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(settings.secure ? ['Secure'] : []),
  ].join('; ');
}

/** The `Set-Cookie` value that makes a browser forget it. */
export function clearedCookie(settings: CookieSettings): string {
  return `${sessionCookie(settings, '')}; Max-Age=0`;
}

/** The session cookie's value in a request's `Cookie` header, if any (the first one when repeated). */
export function readSessionCookie(
  headers: IncomingHttpHeaders,
  settings: CookieSettings,
): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === settings.name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
