import { isIPv6 } from 'node:net';

/**
 * A `Host` value, or the authority of an absolute URL, taken apart: the name lower-cased; the port
 * undefined when there is none or it is empty (`localhost:`), which means the scheme's default port.
 */
export interface HostValue {
  readonly name: string;
  readonly port: number | undefined;
}

/** A reg-name (RFC 3986, 3.2.2): unreserved characters, sub-delimiters and percent-encoded octets. */
const REG_NAME = /^(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})+$/i;
/** An address of an IP version yet to come, in brackets: `v1.x` (RFC 3986, 3.2.2). */
const IP_FUTURE = /^v[0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+$/i;
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d*))?$/;

/**
 * `uri-host [ ":" port ]` (RFC 9110, 7.2): a name, an IPv4 address or an IPv6 address in brackets, and
 * after a colon a port from 0 to 65535, or none: `port = *DIGIT` (RFC 3986, 3.2.3), an empty port being
 * the scheme's default (RFC 9110, 4.2.3), as if the colon were not there. Undefined when the value is not
 * one: a space, `@` or `/` in it, two colons, an empty name, a port too large or not digits, an IPv6 zone
 * (`[fe80::1%25eth0]`: zone identifiers belong to no URI that HTTP uses, RFC 9110 4.2, so not to `Host`).
 * An http URI never has an empty host (RFC 9110, 4.2.1), so neither does its `Host`.
 */
export function parseHost(value: string | undefined): HostValue | undefined {
  const match = HOST_AND_PORT.exec(value ?? '');
  const [, host = '', digits] = match ?? [];
  if (!match || !validHost(host)) return undefined;
  const port = digits === undefined || digits === '' ? undefined : Number(digits);
  if (port !== undefined && port > 65535) return undefined;
  return { name: host.toLowerCase(), port };
}

/** A host value written the one way: `name` or `name:port`, an empty port left out. */
export function formatHost(host: HostValue): string {
  return host.port === undefined ? host.name : `${host.name}:${host.port}`;
}

function validHost(host: string): boolean {
  if (!host.startsWith('[')) return REG_NAME.test(host);
  const literal = host.slice(1, -1);
  return (isIPv6(literal) && !literal.includes('%')) || IP_FUTURE.test(literal);
}
