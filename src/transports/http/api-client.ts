import http from 'node:http';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DrobotError } from '../../errors/drobot-error.js';
import { EndpointAgent, type AgentSettings } from './endpoint-agent.js';
import { httpErrors } from './http.errors.js';
import { retryDelayMs } from './retry-after.js';

/** JSON answers larger than this are refused: no listing page or message resource of an API comes near. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;
/** Throttled or unavailable answers are waited out this many times per request, at most. */
const MAX_ATTEMPTS = 5;
/** A throttled request never waits longer than this for one retry, whatever Retry-After says. */
const MAX_WAIT_MS = 120_000;

export interface ApiClientSettings extends AgentSettings {
  /** The API's base URL, e.g. `https://graph.microsoft.com/v1.0`: requests never leave its origin. */
  readonly baseUrl: string;
  /** A fresh access token; `renew` after the API said 401 (an expired or revoked token). */
  readonly accessToken: (renew: boolean) => Promise<string>;
  /** Waits (for Retry-After); tests pass a clock that does not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path under the base URL (`/me/messages`), or an absolute URL on the same origin (a next page link). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly body?: Buffer;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A small REST client for the mail APIs: bearer token (renewed once on 401), same-origin requests only (a
 * token is never sent to a host the administrator did not save, even if a response names one), deadlines
 * on every request, bounded answers, and throttling (429, 503, Retry-After) waited out a few times.
 */
export class ApiClient {
  private readonly base: URL;
  private readonly agent: EndpointAgent;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly settings: ApiClientSettings) {
    this.base = new URL(settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`);
    this.agent = new EndpointAgent(settings, this.base.protocol === 'https:');
    this.sleep = settings.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** A JSON request; the parsed answer. */
  async json<T>(request: ApiRequest): Promise<T> {
    const response = await this.send(request, (res) => readBounded(res, MAX_JSON_BYTES));
    if (response.body.length === 0) return undefined as T;
    try {
      return JSON.parse(response.body.toString('utf8')) as T;
    } catch (error) {
      throw new DrobotError(httpErrors.badJson, { params: { path: request.path }, cause: error });
    }
  }

  /** A request whose answer body is streamed into `target` (a raw message); the target bounds its size. */
  async stream(request: ApiRequest, target: Writable): Promise<void> {
    await this.send(request, async (res) => {
      await pipeline(res, target);
      return Buffer.alloc(0);
    });
  }

  /** A request whose answer is only its status and a bounded body. */
  raw(request: ApiRequest): Promise<ApiResponse> {
    return this.send(request, (res) => readBounded(res, MAX_JSON_BYTES));
  }

  close(): void {
    this.agent.destroy();
  }

  /** The URL of a request, refusing any other origin than the base URL's. */
  urlOf(request: ApiRequest): URL {
    const url = /^https?:\/\//i.test(request.path)
      ? new URL(request.path)
      : new URL(request.path.replace(/^\//, ''), this.base);
    if (url.origin !== this.base.origin) {
      throw new DrobotError(httpErrors.foreignOrigin, { params: { origin: url.origin } });
    }
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async send(
    request: ApiRequest,
    read: (res: http.IncomingMessage) => Promise<Buffer>,
  ): Promise<ApiResponse> {
    const url = this.urlOf(request);
    let renewed = false;
    let token = await this.settings.accessToken(false);
    for (let attempt = 1; ; attempt++) {
      const { res, body } = await this.once(url, request, token, read);
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) return { status, headers: res.headers, body };
      if (status === 401 && !renewed) {
        // An access token that expired early or was revoked: one renewal, then the answer stands.
        renewed = true;
        token = await this.settings.accessToken(true);
        continue;
      }
      const wait = retryDelayMs(status, res.headers['retry-after'], attempt, body);
      if (wait !== undefined && attempt < MAX_ATTEMPTS) {
        await this.sleep(Math.min(wait, MAX_WAIT_MS));
        continue;
      }
      throw apiError(status, body, request, url);
    }
  }

  private once(
    url: URL,
    request: ApiRequest,
    token: string,
    read: (res: http.IncomingMessage) => Promise<Buffer>,
  ): Promise<{ res: http.IncomingMessage; body: Buffer }> {
    const body =
      request.json !== undefined ? Buffer.from(JSON.stringify(request.json), 'utf8') : request.body;
    const contentType =
      request.json !== undefined ? 'application/json' : (request.contentType ?? 'application/octet-stream');
    return new Promise((resolve, reject) => {
      // The agent's connections are TLS already (through DRobot's own layer) for an https URL: the request
      // itself is written as plain HTTP on them, so it is given as options, never as the https URL.
      const req = http.request(
        {
          protocol: 'http:',
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method: request.method ?? 'GET',
          agent: this.agent,
          headers: {
            host: url.host,
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body ? { 'content-type': contentType, 'content-length': String(body.length) } : {}),
            ...request.headers,
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          // An error answer is read whole (bounded) whatever the caller wanted to do with a success.
          const reader =
            status >= 200 && status < 300 ? read : (r: http.IncomingMessage) => readBounded(r, 64 * 1024);
          reader(res).then(
            (data) => {
              clearTimeout(deadline);
              resolve({ res, body: data });
            },
            (error: unknown) => {
              clearTimeout(deadline);
              req.destroy();
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        },
      );
      // No answer header within the timeout fails the request; a body then has a generous whole deadline
      // (streams are bounded by their targets, which drop a stalled transfer).
      const deadline = setTimeout(() => {
        req.destroy(
          new DrobotError(httpErrors.timeout, {
            params: { host: url.host, seconds: Math.round(this.settings.timeoutMs / 1000) },
            retryable: true,
          }),
        );
      }, this.settings.timeoutMs * 12);
      req.setTimeout(this.settings.timeoutMs, () =>
        req.destroy(
          new DrobotError(httpErrors.timeout, {
            params: { host: url.host, seconds: Math.round(this.settings.timeoutMs / 1000) },
            retryable: true,
          }),
        ),
      );
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(
          error instanceof DrobotError
            ? error
            : new DrobotError(httpErrors.unreachable, {
                params: { host: url.host, reason: error.message },
                retryable: true,
                cause: error,
              }),
        );
      });
      req.end(body);
    });
  }
}

/** Reads a response body, refusing more than `max` bytes (counted as they arrive). */
export async function readBounded(res: http.IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > max) {
      res.destroy();
      throw new DrobotError(httpErrors.tooLarge, { params: { max } });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The provider's own error code and message, from the JSON shapes Graph and Google use. */
export function providerError(body: Buffer): { code: string; message: string } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      error?:
        { code?: unknown; status?: unknown; message?: unknown; errors?: { reason?: unknown }[] } | string;
      error_description?: unknown;
    };
    const e = parsed.error;
    if (typeof e === 'string') return { code: e, message: String(parsed.error_description ?? '') };
    const reason = e?.errors?.[0]?.reason;
    const code = typeof reason === 'string' ? reason : String(e?.code ?? e?.status ?? '');
    return { code, message: String(e?.message ?? '').slice(0, 500) };
  } catch {
    return { code: '', message: body.toString('utf8').slice(0, 200) };
  }
}

function apiError(status: number, body: Buffer, request: ApiRequest, url: URL): DrobotError {
  const { code, message } = providerError(body);
  return new DrobotError(status === 401 ? httpErrors.unauthorized : httpErrors.status, {
    params: { status, code: code || String(status), path: url.pathname, method: request.method ?? 'GET' },
    serverReply: `${status} ${code} ${message}`.trim().slice(0, 512),
    retryable: status >= 500 || status === 429,
  });
}
