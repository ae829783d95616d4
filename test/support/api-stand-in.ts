import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { INTROSPECTION_CLIENT } from './oauth-server.js';

/**
 * What the Microsoft Graph and Gmail API stand-ins share: a loopback HTTP server, bearer tokens checked
 * against the suite's authorization server by RFC 7662 introspection (so a revoked grant or an expired
 * token is refused as the providers refuse it), scripted answers (throttling, outages), and a log of the
 * requests received for the tests to read.
 */

/** What introspection said of a bearer token. */
export interface TokenFacts {
  readonly active: boolean;
  readonly scopes: readonly string[];
  /** The user who consented (delegated tokens); undefined for client-credentials tokens. */
  readonly user: string | undefined;
  readonly clientId: string;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export interface ScriptMatch {
  readonly method?: string;
  /** Tested against the path with its query. */
  readonly path: RegExp;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface StandInRequest extends LoggedRequest {
  readonly url: URL;
  readonly token: string | undefined;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON unless a Buffer. */
  readonly body?: unknown;
}

/** A request body of the stand-ins is bounded like any server's. */
const MAX_BODY = 50 * 1024 * 1024;

export class StandInServer {
  readonly requests: LoggedRequest[] = [];
  private readonly scripts: { match: ScriptMatch; answer: ScriptedAnswer; left: number }[] = [];
  private server: http.Server | undefined;
  url = '';

  constructor(
    private readonly introspectionUrl: string,
    private readonly handler: (req: StandInRequest) => Promise<Reply>,
    /** Serve HTTPS with this certificate (as the real APIs do) instead of plain HTTP. */
    private readonly tls?: { readonly certPem: string; readonly keyPem: string },
  ) {}

  async start(): Promise<void> {
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'standInFailure', message: String(error) } }));
      });
    };
    const server = this.tls
      ? https.createServer({ cert: this.tls.certPem, key: this.tls.keyPem }, listener)
      : http.createServer(listener);
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const scheme = this.tls ? 'https' : 'http';
    this.url = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Answers the next `times` requests that match with `answer` instead of the API's own. */
  failNext(match: ScriptMatch, answer: ScriptedAnswer, times = 1): void {
    this.scripts.push({ match, answer, left: times });
  }

  /** Requests received whose method and path (with query) match. */
  received(method: string, path: RegExp): LoggedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && path.test(`${r.path}${r.query.size ? `?${r.query}` : ''}`),
    );
  }

  async introspect(token: string): Promise<TokenFacts> {
    const basic = Buffer.from(`${INTROSPECTION_CLIENT.clientId}:${INTROSPECTION_CLIENT.clientSecret}`);
    const response = await fetch(this.introspectionUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic.toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }).toString(),
    });
    const facts = (await response.json()) as {
      active?: boolean;
      scope?: string;
      username?: string;
      sub?: string;
      client_id?: string;
    };
    return {
      active: facts.active === true,
      scopes: (facts.scope ?? '').split(' ').filter(Boolean),
      user: facts.username ?? facts.sub,
      clientId: facts.client_id ?? '',
    };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const logged: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(logged);
    const target = `${url.pathname}${url.search}`;
    const i = this.scripts.findIndex(
      (s) => s.left > 0 && (!s.match.method || s.match.method === logged.method) && s.match.path.test(target),
    );
    const script = this.scripts[i];
    let reply: Reply;
    if (script) {
      script.left -= 1;
      if (script.left === 0) this.scripts.splice(i, 1);
      reply = script.answer;
    } else {
      const auth = req.headers.authorization ?? '';
      const token = /^Bearer (.+)$/i.exec(auth)?.[1];
      reply = await this.handler({ ...logged, url, token });
    }
    send(res, reply);
  }
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers ?? {});
    res.end();
    return;
  }
  const buffer = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body), 'utf8');
  res.writeHead(reply.status, {
    'content-type': Buffer.isBuffer(reply.body) ? 'text/plain' : 'application/json',
    'content-length': String(buffer.length),
    ...reply.headers,
  });
  res.end(buffer);
}

/** The value of one header of a raw message (first occurrence, unfolded), or undefined. */
export function headerOf(raw: Buffer | string, name: string): string | undefined {
  const text = raw.toString();
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** The bare address of a header like `Name <a@b>`, lower case. */
export function addressOf(value: string | undefined): string {
  const angle = /<([^>]+)>/.exec(value ?? '')?.[1];
  return (angle ?? value ?? '').trim().toLowerCase();
}

/** The recipients a provider reads from a MIME message's headers (To, Cc, Bcc), as bare addresses. */
export function headerRecipients(raw: Buffer): string[] {
  return ['to', 'cc', 'bcc']
    .flatMap((h) => (headerOf(raw, h) ?? '').split(','))
    .filter((a) => a.trim() !== '')
    .map((a) => addressOf(a));
}
