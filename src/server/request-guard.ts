import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { DrobotError, type ErrorDef } from '../errors/drobot-error.js';
import { formatHost, parseHost } from './host-syntax.js';
import { MAX_PATH_PARAM_LENGTH } from './limits.js';
import { serverErrors } from './server.errors.js';

/**
 * Checks every request must pass before any route runs, whoever calls: pure functions of the request
 * line and headers, each returning the refusal or undefined.
 */

/** The names DRobot answers to on loopback, with any port. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The host names the API answers to: the loopback names and the public URL's host. */
export function allowedHostNames(publicUrl: string | undefined): ReadonlySet<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (publicUrl) names.add(new URL(publicUrl).hostname.toLowerCase());
  return names;
}

/** The host name of a `Host` header value (`name[:port]`), lower-cased; undefined when malformed. */
export function hostNameOf(host: string | undefined): string | undefined {
  return parseHost(host)?.name;
}

/**
 * DNS rebinding: a foreign page whose name is made to resolve to 127.0.0.1 reaches this port with its own
 * name in `Host`. Only our names are served. In an absolute-form request line (`GET http://x/api/…`) the
 * authority stands in for `Host` (RFC 9112, 3.2.2), so it must be one of ours as well.
 *
 * A request without `Host`, with more than one, or with one that is no `host[:port]`, is malformed (400,
 * RFC 9112, 3.2): Node refused the first by itself, without DRobot's headers, and kept the first of
 * several, where a proxy in front might go by another. Only a well-formed name that is not ours is 403.
 */
export function checkHost(
  request: Pick<IncomingMessage, 'url' | 'headers' | 'rawHeaders'>,
  allowed: ReadonlySet<string>,
) {
  let count = 0;
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i]?.toLowerCase() === 'host') count += 1;
  }
  if (count !== 1) return new DrobotError(serverErrors.hostHeaderInvalid, { params: { count } });
  const rawUrl = request.url ?? '';
  const hosts: { value: string | undefined; malformed: ErrorDef }[] = [
    { value: request.headers.host, malformed: serverErrors.hostSyntax },
  ];
  if (!rawUrl.startsWith('/')) {
    hosts.push({ value: authorityOf(rawUrl), malformed: serverErrors.targetHostSyntax });
  }
  for (const { value, malformed } of hosts) {
    if (!parseHost(value)) return new DrobotError(malformed, { params: { host: printable(value) } });
  }
  for (const { value } of hosts) {
    if (!allowed.has(hostNameOf(value) ?? '')) {
      return new DrobotError(serverErrors.hostNotAllowed, { params: { host: printable(value) } });
    }
  }
  return undefined;
}

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i;

/**
 * An absolute http(s) request target whose authority is no `host[:port]` (a port past 65535, a zone id): the
 * refusal naming it, which the router's own refusal of the whole target would not. Undefined otherwise.
 */
export function targetAuthorityError(rawUrl: string): DrobotError | undefined {
  if (!/^https?:\/\//i.test(rawUrl)) return undefined;
  const authority = authorityOf(rawUrl);
  if (parseHost(authority)) return undefined;
  return new DrobotError(serverErrors.targetHostSyntax, { params: { host: printable(authority) } });
}

function authorityOf(rawUrl: string): string | undefined {
  return ABSOLUTE_FORM.exec(rawUrl)?.[1];
}

/**
 * A request target is a path or an absolute http(s) URL; the router refuses other schemes itself. The
 * asterisk form (`OPTIONS *`, `GET *`) asks about no resource: it is refused too (the router took `*` for
 * `/`, and the host check called the Host a foreign name).
 */
export function checkTarget(rawUrl: string) {
  if (rawUrl.startsWith('/') || ABSOLUTE_FORM.test(rawUrl)) return undefined;
  return new DrobotError(serverErrors.malformedTarget);
}

/**
 * Browsers say where a request comes from. A page of another origin (another site, or another port on
 * this machine) never calls the API, public routes included: sign-in and setup from a foreign page would
 * let it guess passwords with the visitor's address or spend the setup link. It may only send a person to
 * the pages made to be arrived at from elsewhere (`navigable`: the OAuth provider's redirect, the console's
 * pages), as a top-level GET navigation. Tools like curl send neither header. A browser's CORS preflight
 * (OPTIONS) names the page's origin too, so it is refused here, and with it the call it asks about.
 */
export function checkOrigin(
  method: string,
  headers: IncomingHttpHeaders,
  allowedOrigins: readonly string[],
  navigable: boolean,
) {
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin.toLowerCase())) {
    return new DrobotError(serverErrors.crossOrigin, { params: { origin: printable(origin) } });
  }
  const site = headers['sec-fetch-site'];
  if (site !== 'cross-site' && site !== 'same-site') return undefined;
  const navigation = (method === 'GET' || method === 'HEAD') && headers['sec-fetch-mode'] === 'navigate';
  if (navigable && navigation) return undefined;
  return new DrobotError(serverErrors.crossOrigin, { params: { origin: site } });
}

/**
 * The origins a same-origin browser request may carry: the public URL's origin, and this server over
 * plain HTTP only when addressed by a loopback name (any port: a forwarded one too). A non-loopback name
 * is only served as the public URL's host, which is reached over its own scheme; the same name over
 * http:// is another origin (a network attacker's page, for one).
 */
export function ownOrigins(headers: IncomingHttpHeaders, publicUrl: string | undefined): string[] {
  const origins: string[] = [];
  // As a browser writes the origin: `localhost:` (the default port) is `http://localhost`.
  const host = parseHost(headers.host);
  if (host !== undefined && LOOPBACK_NAMES.includes(host.name)) origins.push(`http://${formatHost(host)}`);
  if (publicUrl) origins.push(new URL(publicUrl).origin.toLowerCase());
  return origins;
}

/**
 * Cross-site request forgery: a foreign page can send a POST without asking first (a CORS "simple"
 * request) when its body is text/plain, a form, or empty, but never with `application/json`. So every POST
 * must say `application/json`, with or without a body. PUT, PATCH and DELETE are never simple: a browser
 * asks first with a preflight, which DRobot refuses, so one without a body is exempt; one with a body
 * must be JSON too (the only body DRobot reads), and in UTF-8 (see {@link charsetsOf}).
 */
export function checkContentType(method: string, headers: IncomingHttpHeaders) {
  if (method === 'GET' || method === 'HEAD') return undefined;
  const hasBody = headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? '0') > 0;
  if (method !== 'POST' && !hasBody) return undefined;
  const type = headers['content-type'];
  if (!isJsonMediaType(type)) {
    return new DrobotError(serverErrors.jsonRequired, { params: { contentType: printable(type ?? '-') } });
  }
  const charset = charsetsOf(type).find((name) => !READABLE_CHARSETS.includes(name.toLowerCase()));
  if (charset === undefined) return undefined;
  return new DrobotError(serverErrors.charsetRefused, { params: { charset: printable(charset) } });
}

/** The charsets a JSON body is read in: UTF-8, and US-ASCII, which is a part of it. */
const READABLE_CHARSETS: readonly string[] = ['utf-8', 'us-ascii'];

const MEDIA_TYPE_PARAMETER = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]*)/g;

/**
 * The `charset` parameters of a media type (RFC 9110, 8.3.1), unquoted, as given. A body is read as
 * UTF-8 whatever it declares, so one declared in another charset (latin1…) would be misread: it is
 * refused (415) instead.
 */
function charsetsOf(contentType: string | undefined): string[] {
  const charsets: string[] = [];
  for (const [, name = '', value = ''] of (contentType ?? '').matchAll(MEDIA_TYPE_PARAMETER)) {
    if (name.toLowerCase() !== 'charset') continue;
    const quoted = /^"(.*)"$/s.exec(value)?.[1];
    charsets.push(quoted === undefined ? value : quoted.replace(/\\(.)/gs, '$1'));
  }
  return charsets;
}

/**
 * The API reads a body as it comes: one sent with a content coding (gzip…) is refused (415), not read
 * as JSON, and so is one with a transfer coding other than chunked (501), which Node's parser lets
 * through before chunked (`gzip, chunked`) without undoing it.
 */
export function checkBodyCoding(method: string, headers: IncomingHttpHeaders) {
  if (method === 'GET' || method === 'HEAD') return undefined;
  const content = headers['content-encoding']?.trim().toLowerCase();
  if (content && content !== 'identity') {
    return new DrobotError(serverErrors.contentCodingRefused, { params: { coding: printable(content) } });
  }
  const transfer = headers['transfer-encoding'];
  if (transfer !== undefined && transfer.trim().toLowerCase() !== 'chunked') {
    return new DrobotError(serverErrors.transferCodingRefused, { params: { coding: printable(transfer) } });
  }
  return undefined;
}

/** A path parameter longer than any the API takes: 414. */
export function checkPathParams(params: unknown) {
  for (const value of Object.values(params ?? {})) {
    if (typeof value === 'string' && value.length > MAX_PATH_PARAM_LENGTH) {
      return new DrobotError(serverErrors.pathParamTooLong, {
        params: { length: value.length, limit: MAX_PATH_PARAM_LENGTH },
      });
    }
  }
  return undefined;
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** A header value as it may be echoed in a message: printable ASCII, at most 100 characters. */
function printable(value: string | undefined): string {
  const text = (value ?? '').replace(/[^\x20-\x7e]/g, '?');
  return text.length > 100 ? `${text.slice(0, 100)}…` : text || '-';
}
