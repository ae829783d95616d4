import net from 'node:net';

/** An HTTP answer as it came over the socket. */
export interface RawResponse {
  readonly status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RawRequest {
  readonly method: string;
  /** The request target exactly as sent: a path spelled any way, or an absolute URL. */
  readonly target: string;
  /** `Host` is 127.0.0.1:<port> unless given (null: none). */
  readonly host?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * Sends one request over a fresh TCP connection, byte for byte as given (no client normalizes the path,
 * the Host header or the request line), and reads the answer until the server closes.
 */
export function rawHttp(port: number, request: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const body = Buffer.from(request.body ?? '', 'utf8');
  return rawExchange(port, Buffer.concat([requestHead(port, request), body]), timeoutMs);
}

/** The request line and headers of a request as {@link rawHttp} writes them, `Connection: close` last. */
function requestHead(port: number, request: RawRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  const host = request.host === undefined ? `127.0.0.1:${port}` : request.host;
  if (host !== null) lines.push(`Host: ${host}`);
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(request.body, 'utf8')}`);
  lines.push('Connection: close', '', '');
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** What came of a request sent with `Expect: 100-continue`. */
export interface ContinueExchange {
  /** Whether the server answered `100 Continue`, and so was sent the body. */
  readonly continued: boolean;
  /** The final answer. */
  readonly response: RawResponse;
}

/**
 * Sends a request's headers with `Expect: 100-continue` and sends its body only if the server answers
 * `100 Continue`, as curl does for a large body; then reads the final answer until the server closes.
 */
export function rawExpectContinue(
  port: number,
  request: RawRequest & { readonly body: string },
  timeoutMs = 10_000,
): Promise<ContinueExchange> {
  const head = requestHead(port, { ...request, headers: { ...request.headers, expect: '100-continue' } });
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let continued = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const interim = /^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.exec(received);
      if (!continued && interim) {
        continued = true;
        received = received.slice(interim[0].length);
        socket.write(Buffer.from(request.body, 'utf8'));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve({ continued, response: parseResponse(received) });
      } catch (error) {
        reject(error as Error);
      }
    });
    socket.write(head);
  });
}

/** Writes bytes to a fresh connection and parses the one answer that comes back. */
export function rawExchange(port: number, bytes: Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer (a 413) and close before the whole body is written: read what it said.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
      } catch (error) {
        reject(error as Error);
      }
    });
    socket.write(bytes);
  });
}

/** Parses an answer read as latin1 (one character per byte, so chunk sizes hold); the body is UTF-8. */
function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = text.slice(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status, headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
