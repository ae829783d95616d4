import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DrobotError } from '../errors/drobot-error.js';
import { langFromAcceptLanguage, type Lang } from '../i18n/lang.js';
import { DEFAULT_HEADERS, SECURITY_HEADERS } from './security-headers.js';
import { targetAuthorityError } from './request-guard.js';
import { serverErrors } from './server.errors.js';

/**
 * Node refuses some requests before any route sees them: headers too large, a request line or framing it
 * cannot parse, a request that does not arrive in time. Those answers are written here on the socket,
 * with the headers and the error shape of every other answer, in the server's language (a request that
 * cannot be read has no language to trust). The connection is closed after it.
 */
export function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Socket,
  lang: Lang,
  requestTimeoutMs: number,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer already begun on this connection (a deadline's 503) is never followed by a second one.
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.end(rawAnswer(clientErrorOf(error, requestTimeoutMs), lang), () => socket.destroy());
  } else {
    socket.destroy();
  }
}

/** The refusal for an error Node's HTTP parser or its timers gave. */
export function clientErrorOf(error: NodeJS.ErrnoException, requestTimeoutMs: number): DrobotError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DrobotError(serverErrors.requestTooSlow, {
        params: { seconds: Math.ceil(requestTimeoutMs / 1000) },
      });
    case 'HPE_HEADER_OVERFLOW':
      return new DrobotError(serverErrors.headersTooLarge, { params: { limit: http.maxHeaderSize } });
    default:
      return new DrobotError(serverErrors.malformedRequest, {
        params: { reason: (error.code ?? 'HPE_INVALID').replace(/[^A-Z0-9_]/gi, '') },
      });
  }
}

/** The status, headers and body of an answer carrying a DRobot error, as every other answer has them. */
export function errorAnswer(error: DrobotError, lang: Lang) {
  const body = Buffer.from(JSON.stringify({ error: error.render(lang) }), 'utf8');
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
    ...SECURITY_HEADERS,
    ...DEFAULT_HEADERS,
    connection: 'close',
  };
  return { status: error.status, headers, body };
}

/** A whole HTTP/1.1 answer carrying a DRobot error, as bytes for the socket. */
function rawAnswer(error: DrobotError, lang: Lang): Buffer {
  const { status, headers, body } = errorAnswer(error, lang);
  const head = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/**
 * Fastify's router answers itself a path it cannot decode (`/%zz`) and a target that is neither a path nor
 * an http(s) URL (`ftp://…`): with DRobot's answer instead, which says which of the two it was.
 */
export function answerBadUrl(request: http.IncomingMessage, response: http.ServerResponse, lang: Lang): void {
  const url = request.url ?? '';
  const error = url.startsWith('/')
    ? new DrobotError(serverErrors.malformedUrl)
    : (targetAuthorityError(url) ?? new DrobotError(serverErrors.malformedTarget));
  answerEarly(error, request, response, lang);
}

/**
 * Node answers an `Expect` header it does not know (anything but `100-continue`) itself, with a bare 417:
 * DRobot's answer instead. It says nothing of routes, so it needs no token.
 */
export function answerExpectationFailed(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  lang: Lang,
): void {
  answerEarly(new DrobotError(serverErrors.expectationFailed), request, response, lang);
}

/**
 * A CONNECT request (a proxy's method, its target a `host:port`) is handed by Node to no route: with no one
 * listening, it closed the connection without a word. DRobot is no proxy: its answer, then the close.
 */
export function answerConnect(request: http.IncomingMessage, socket: Duplex, lang: Lang): void {
  const error = new DrobotError(serverErrors.malformedTarget);
  const answer = rawAnswer(error, langFromAcceptLanguage(request.headers['accept-language']) ?? lang);
  socket.end(answer, () => socket.destroy());
}

/** A refusal written before any route runs, on a request that could be read: in the language it asks for. */
function answerEarly(
  error: DrobotError,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  lang: Lang,
): void {
  const { status, headers, body } = errorAnswer(
    error,
    langFromAcceptLanguage(request.headers['accept-language']) ?? lang,
  );
  response.writeHead(status, headers).end(body);
}
