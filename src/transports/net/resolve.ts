import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { DrobotError } from '../../errors/drobot-error.js';
import { netErrors } from './net.errors.js';
import { withTimeout } from './timeout.js';

/** The outcome of resolving a host name. */
export interface Resolved {
  readonly host: string;
  /** Addresses in the resolver's order; the first is the one connected to. */
  readonly addresses: readonly string[];
  /** True when the host was an IP address and no lookup happened. */
  readonly literal: boolean;
  readonly durationMs: number;
}

/** A lookup function shaped like `dns.promises.lookup(host, { all: true })`, replaceable in tests. */
export type LookupAll = (host: string) => Promise<readonly { address: string; family: number }[]>;

const systemLookup: LookupAll = (host) => dns.lookup(host, { all: true });

/**
 * Resolves a host name with the system resolver (so /etc/hosts counts), bounded by `timeoutMs`.
 * IP literals are returned as they are. Throws `dns_not_found` or `dns_timeout` (step `dns`).
 */
export async function resolveHost(
  host: string,
  options: { readonly timeoutMs: number; readonly lookup?: LookupAll },
): Promise<Resolved> {
  const started = performance.now();
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare)) return { host, addresses: [bare], literal: true, durationMs: 0 };
  const lookup = options.lookup ?? systemLookup;
  const timeout = () =>
    new DrobotError(netErrors.dnsTimeout, {
      step: 'dns',
      params: { host, timeoutMs: options.timeoutMs },
      retryable: true,
    });
  try {
    const found = await withTimeout(lookup(bare), options.timeoutMs, timeout);
    if (found.length === 0) throw notFound(host);
    return {
      host,
      addresses: found.map((entry) => entry.address),
      literal: false,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (error instanceof DrobotError) throw error;
    // ENOTFOUND, EAI_AGAIN, ENODATA…: for a person they all mean the name cannot be resolved.
    throw notFound(host, error);
  }
}

function notFound(host: string, cause?: unknown): DrobotError {
  return new DrobotError(netErrors.dnsNotFound, { step: 'dns', params: { host }, cause });
}
