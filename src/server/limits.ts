/**
 * How much and how long the API accepts. Every request has a deadline to arrive and one to be answered;
 * bodies are small unless a route needs more.
 *
 * Headers are bounded by Node's own defaults, kept on purpose: at most 16 KiB of headers
 * (`--max-http-header-size`, else 431), at most 2000 header lines (`maxHeadersCount`), and all of them
 * within 60 s (`headersTimeout`).
 */

/** All headers must arrive within this (Node's `headersTimeout`, its default), or the whole request's. */
export const HEADERS_TIMEOUT_MS = 60_000;

/**
 * How often Node looks for requests past `headersTimeout` or `requestTimeout`: a deadline holds to within
 * this. Node's default, 30 s, let a 60 s deadline run to 90 s. Each check walks the open connections:
 * with 2000 requests under way, checking every second cost about 9 ms of CPU per second (under 1 % of a
 * core) more than every 30 s.
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;
export interface ServerLimits {
  /** The whole request (headers and body) must arrive within this (Node's `requestTimeout`). */
  readonly requestTimeoutMs: number;
  /** A socket with no traffic at all for this long is closed; above the longest handler deadline. */
  readonly connectionTimeoutMs: number;
  /** Default time to answer a request; long routes set their own. */
  readonly handlerTimeoutMs: number;
  /** Connection tests, round trips and quarantine retries: their own steps carry their timeouts. */
  readonly slowHandlerTimeoutMs: number;
  /** Streaming a stored attachment to a slow client. */
  readonly downloadTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  requestTimeoutMs: 60_000,
  connectionTimeoutMs: 35 * 60_000,
  handlerTimeoutMs: 60_000,
  // A round trip waits up to 10 minutes for its mail to arrive.
  slowHandlerTimeoutMs: 11 * 60_000,
  downloadTimeoutMs: 30 * 60_000,
};

/**
 * The longest path parameter a route takes: a mail address (the suppression list's), at most 254 octets
 * (RFC 5321), so at most 254 characters once decoded; names and ids are shorter. Longer is refused (414).
 */
export const MAX_PATH_PARAM_LENGTH = 254;

const KiB = 1024;
const MiB = 1024 * KiB;

/** Request body limits in bytes, counted by Fastify on the bytes received. */
export const BODY_LIMITS = {
  /** Every route that takes no larger body: statuses, notifications, retries. */
  default: 64 * KiB,
  /** An account's settings may carry a CA bundle (`tls.caPem`, 64 KiB at most) and secrets. */
  account: 256 * KiB,
  /** An import holds many accounts, each perhaps with its CA bundle. */
  import: 8 * MiB,
  /** An answer to a case: its text and up to 20 MiB of attachments, base64-encoded (4/3 larger). */
  reply: 28 * MiB,
} as const;
