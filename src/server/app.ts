import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { commonErrors, notFoundError } from '../errors/common.errors.js';
import { DrobotError } from '../errors/drobot-error.js';
import { langFromAcceptLanguage, type Lang } from '../i18n/lang.js';
import {
  accessOf,
  isSafeMethod,
  principalOf,
  refusalOf,
  type AccessLevel,
  type Principal,
} from './access.js';
import { startDeadline } from './deadline.js';
import {
  BODY_LIMITS,
  CONNECTIONS_CHECKING_INTERVAL_MS,
  DEFAULT_LIMITS,
  HEADERS_TIMEOUT_MS,
  type ServerLimits,
} from './limits.js';
import { answerBadUrl, answerClientError, answerConnect, answerExpectationFailed } from './client-errors.js';
import { toDrobotError } from './framework-errors.js';
import { apiDocument } from './openapi.document.js';
import {
  allowedHostNames,
  checkBodyCoding,
  checkContentType,
  checkHost,
  checkOrigin,
  checkPathParams,
  checkTarget,
  ownOrigins,
} from './request-guard.js';
import { registerAccountRoutes } from './routes/accounts.routes.js';
import { registerActivityRoutes } from './routes/activity.routes.js';
import { registerCaseRoutes } from './routes/cases.routes.js';
import { registerQuarantineRoutes } from './routes/quarantine.routes.js';
import { registerInboundLogRoutes } from './routes/inbound-log.routes.js';
import { registerNotificationRoutes } from './routes/notifications.routes.js';
import { OAUTH_CALLBACK_PATH, registerOAuthRoutes } from './routes/oauth.routes.js';
import { registerOutboxRoutes } from './routes/outbox.routes.js';
import { applySecurityHeaders } from './security-headers.js';
import { CONSOLE_PAGES, CONSOLE_ROUTES, registerConsoleRoutes } from './console.js';
import { cookieSettings, readSessionCookie, type CookieSettings } from './session-cookie.js';
import { registerSessionRoutes, SETUP_PATH, SIGN_IN_PATH } from './routes/session.routes.js';
import { registerUserRoutes } from './routes/users.routes.js';
import { csrfMatches } from '../users/session.service.js';
import { userErrors } from '../users/user.errors.js';
import { serverErrors } from './server.errors.js';
import { jsonBodyRefusal } from './json-body.js';
import { methodsOfPath, shownPath } from './route-methods.js';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    /** Who is calling, once the access check has run; undefined on public routes called by nobody. */
    principal: Principal | undefined;
  }
}

export interface ServerOptions {
  readonly adminToken: string;
  /** Deadlines; the defaults unless a test shortens them. */
  readonly limits?: Partial<ServerLimits>;
}

/** What every route module receives. */
export interface RouteDeps {
  readonly ctx: AppContext;
  readonly limits: ServerLimits;
  readonly cookie: CookieSettings;
}

/** A route as registered, with the access level it declared (or `admin`, the default). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: AccessLevel;
}

/** The only routes that may declare `public`; any other route asking for it stops the server from starting. */
export const PUBLIC_ROUTES: readonly string[] = [
  '/api/health',
  OAUTH_CALLBACK_PATH,
  SIGN_IN_PATH,
  SETUP_PATH,
  ...CONSOLE_ROUTES,
];

/**
 * The pages a person may be sent to from another site (a link, the OAuth provider's redirect): GET
 * navigations only. Every other request that a browser marks as coming from another site is refused.
 */
export const NAVIGABLE_ROUTES: readonly string[] = [OAUTH_CALLBACK_PATH, ...CONSOLE_PAGES];

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route of a server built by {@link buildServer}, HEAD variants included. */
export function routesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

/** The REST API: JSON in and out; the admin token on every route but the public ones. */
export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMITS.default,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, limits.requestTimeoutMs),
      // Node checks both deadlines only this often (every 30 s by default, so 60 s meant up to 90 s).
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
      // A request without Host is refused by checkHost, in DRobot's words (Node's own 400 had none).
      requireHostHeader: false,
    },
    routerOptions: {
      // The router never refuses a long path parameter by itself: it answered 414 before the access check,
      // and only on a route that takes a parameter, so a caller without the token learnt which paths
      // exist. The length is checked once the caller may use the route (checkPathParams).
      maxParamLength: Number.MAX_SAFE_INTEGER,
      onBadUrl: (_path, request, response) => answerBadUrl(request, response, ctx.config.lang),
    },
    clientErrorHandler: (error, socket) =>
      answerClientError(error, socket, ctx.config.lang, limits.requestTimeoutMs),
  });
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);

  app.server.on('connect', (request: IncomingMessage, socket: Duplex) =>
    answerConnect(request, socket, ctx.config.lang),
  );
  // Node answers `Expect` by itself: a bare 417 to an expectation it does not know, and `100 Continue` at
  // once to `100-continue`, before any check, so a caller without the token was asked for its body. The
  // 417 is DRobot's; the 100 waits until the request has passed every check (preParsing, below).
  app.server.on('checkExpectation', (request: IncomingMessage, response) =>
    answerExpectationFailed(request, response, ctx.config.lang),
  );
  const awaitingContinue = new WeakSet<IncomingMessage>();
  app.server.on('checkContinue', (request: IncomingMessage, response) => {
    awaitingContinue.add(request);
    app.server.emit('request', request, response);
  });
  app.addHook('onRoute', (route) => {
    const access = accessOf(route.config);
    if (access === 'public' && !PUBLIC_ROUTES.includes(route.url ?? '')) {
      throw new Error(`route ${route.url ?? '?'} declares public access but is not in PUBLIC_ROUTES`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? '', access });
  });

  // JSON is the only body the API reads (Fastify's text/plain parser is gone); an empty body is no body.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') done(null, undefined);
    else parseJson(request, text, (error, value) => done(error ? jsonBodyRefusal(text) : null, value));
  });

  const hosts = allowedHostNames(ctx.config.publicUrl);
  const cookie = cookieSettings(ctx.config.publicUrl);
  app.decorateRequest('lang', ctx.config.lang);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.lang = langFromAcceptLanguage(request.headers['accept-language']) ?? ctx.config.lang;
    // Decided on the route the router matched, whatever the spelling of the path. An unmatched path has
    // no declared level and so needs the token: callers without it get 401, never 404, and cannot map
    // which routes exist; with the token, 404 says the route is unknown (405, that it takes other methods).
    const access = accessOf(request.routeOptions.config);
    const refusal =
      checkTarget(request.raw.url ?? '') ??
      checkHost(request.raw, hosts) ??
      checkOrigin(
        request.method,
        request.headers,
        ownOrigins(request.headers, ctx.config.publicUrl),
        NAVIGABLE_ROUTES.includes(request.routeOptions.url ?? ''),
      );
    if (refusal) throw refusal;
    const principal = await identify(request);
    request.principal = principal;
    const denied = refusalOf(access, principal);
    if (denied === 'unauthenticated') throw new DrobotError(commonErrors.unauthorized);
    if (denied === 'forbidden')
      throw new DrobotError(userErrors.forbidden, { params: { role: principal?.role } });
    // A session is carried by the browser on its own; only a page of ours can read the CSRF token it must
    // echo, so a change without it was not asked for by that page. The bearer token is never ambient.
    if (principal?.via === 'session' && !isSafeMethod(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (!csrfMatches(typeof given === 'string' ? given : undefined, principal.csrfToken)) {
        throw new DrobotError(userErrors.csrfMissing);
      }
    }
    // An unmatched path is answered here, before any body is read (or asked for with 100 Continue): 405
    // when the path is a route's, asked with another method, else 404.
    if (request.is404) throw unmatched(request);
    // Only once the caller may use the route: refused earlier, a path parameter too long would tell a
    // caller without the token which routes take one (others get 401 here like any path).
    const longParam = checkPathParams(request.params);
    if (longParam) throw longParam;
    const badBody =
      checkContentType(request.method, request.headers) ?? checkBodyCoding(request.method, request.headers);
    if (badBody) throw badBody;
    startDeadline(request, reply, limits.handlerTimeoutMs);
  });
  // Runs once every check has passed. A body declared larger than the route takes is not asked for:
  // Fastify refuses it (413) without reading it.
  app.addHook('preParsing', async (request, reply, payload) => {
    if (awaitingContinue.delete(request.raw)) {
      const limit = request.routeOptions.bodyLimit ?? BODY_LIMITS.default;
      if (!(Number(request.headers['content-length'] ?? 0) > limit)) reply.raw.writeContinue();
    }
    return payload;
  });
  async function identify(request: FastifyRequest): Promise<Principal | undefined> {
    if (request.headers.authorization !== undefined) {
      return principalOf(request.headers.authorization, options.adminToken);
    }
    const session = await ctx.sessions.resolve(readSessionCookie(request.headers, cookie));
    if (!session) return undefined;
    return {
      role: session.user.role,
      via: 'session',
      userId: session.user.id,
      name: session.user.name,
      sessionHash: session.idHash,
      csrfToken: session.csrfToken,
    };
  }
  app.addHook('onSend', async (request, reply, payload) => {
    applySecurityHeaders(reply);
    // An answer given while the body still arrives (a refusal, a deadline) ends the exchange: the rest is
    // not read, and Node's own timeout cannot give this request a second answer on the same connection.
    if (!request.raw.complete) reply.header('connection', 'close');
    return payload;
  });

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const drobot = toDrobotError(error, {
      bodyLimit: request.routeOptions.bodyLimit ?? BODY_LIMITS.default,
      contentType: request.headers['content-type'],
    });
    // A 501 is the caller's doing (a coding DRobot does not implement), not a failure to log.
    if (drobot.status >= 500 && drobot.status !== 501) {
      ctx.logger.error('request failed', { url: request.url, error });
    }
    if (drobot.status === 401 && drobot.code === commonErrors.unauthorized.code) {
      void reply.header('www-authenticate', 'Bearer realm="drobot"');
    }
    if (drobot.code === serverErrors.methodNotAllowed.code) void reply.header('allow', drobot.params.allowed);
    void reply.status(drobot.status).send({ error: drobot.render(request.lang) });
  });
  function unmatched(request: FastifyRequest): DrobotError {
    const methods = methodsOfPath(routes, request.url);
    // The path alone, cut short: a 404 need not hand back a query string of up to 16 KiB.
    if (methods.length === 0) return notFoundError('route', shownPath(request.url));
    // No route takes OPTIONS: DRobot grants no CORS, and a browser's preflight, which names a foreign
    // origin, was refused by checkOrigin already. Any other OPTIONS gets a 405 that says so.
    const def =
      request.method === 'OPTIONS' ? serverErrors.optionsNotAnswered : serverErrors.methodNotAllowed;
    return new DrobotError(def, {
      params: { method: request.method, path: shownPath(request.url), allowed: methods.join(', ') },
    });
  }
  app.setNotFoundHandler(async (request) => {
    throw unmatched(request);
  });

  const deps: RouteDeps = { ctx, limits, cookie };
  app.get('/api/openapi.json', async () => apiDocument());
  app.get('/api/health', { config: { access: 'public' } }, async () => ({ ok: true }));
  await app.register(async (scope) => registerAccountRoutes(scope, deps));
  await app.register(async (scope) => registerCaseRoutes(scope, deps));
  await app.register(async (scope) => registerQuarantineRoutes(scope, deps));
  await app.register(async (scope) => registerInboundLogRoutes(scope, deps));
  await app.register(async (scope) => registerOAuthRoutes(scope, deps));
  await app.register(async (scope) => registerNotificationRoutes(scope, deps));
  await app.register(async (scope) => registerOutboxRoutes(scope, deps));
  await app.register(async (scope) => registerActivityRoutes(scope, deps));
  await app.register(async (scope) => registerSessionRoutes(scope, deps));
  await app.register(async (scope) => registerUserRoutes(scope, deps));
  await app.register(async (scope) => registerConsoleRoutes(scope));
  return app;
}
