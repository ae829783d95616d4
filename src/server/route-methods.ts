import type { RegisteredRoute } from './app.js';

/**
 * The methods the routes matching a path take, for a request the router matched to none: its path may be
 * a route's, asked with another method (405 and `Allow`, not 404). Paths are compared segment by segment,
 * decoded, as the router does: `:name` takes one segment, `*` the rest.
 */
export function methodsOfPath(routes: readonly RegisteredRoute[], url: string): string[] {
  const segments = requestPath(url)
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    });
  const methods = new Set<string>();
  for (const route of routes) {
    if (matches(route.url.split('/'), segments)) methods.add(route.method);
  }
  return [...methods].sort();
}

/** The path of a request target: without its query, and without scheme and authority in absolute form. */
export function requestPath(url: string): string {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const end = path.search(/[?#]/);
  return end < 0 ? path : path.slice(0, end);
}

const SHOWN_PATH_CHARS = 200;

/** A request's path as an answer may repeat it: no query string, at most 200 characters. Pure. */
export function shownPath(url: string): string {
  const path = requestPath(url);
  return path.length > SHOWN_PATH_CHARS ? `${path.slice(0, SHOWN_PATH_CHARS)}…` : path;
}

function matches(pattern: readonly string[], segments: readonly (string | undefined)[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] ?? '';
    if (part === '*') return true;
    const segment = segments[i];
    if (segment === undefined) return false;
    if (part.startsWith(':') ? segment === '' : part !== segment) return false;
  }
  return pattern.length === segments.length;
}
