import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { commonErrors } from '../errors/common.errors.js';
import { DrobotError, isDrobotError } from '../errors/drobot-error.js';
import { langFromAcceptLanguage, type Lang } from '../i18n/lang.js';
import { tokensMatch } from './admin-token.js';
import { buildOpenApi } from './openapi.js';
import { accountsOpenApi, registerAccountRoutes } from './routes/accounts.routes.js';
import { casesOpenApi, registerCaseRoutes } from './routes/cases.routes.js';
import { quarantineOpenApi, registerQuarantineRoutes } from './routes/quarantine.routes.js';
import { notificationsOpenApi, registerNotificationRoutes } from './routes/notifications.routes.js';
import { oauthOpenApi, registerOAuthRoutes } from './routes/oauth.routes.js';
import { outboxOpenApi, registerOutboxRoutes } from './routes/outbox.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
  }
}

export interface ServerOptions {
  readonly adminToken: string;
}

/** What every route module receives. */
export interface RouteDeps {
  readonly ctx: AppContext;
}

/** The REST API: JSON in and out, an admin token on every /api route but the OpenAPI document. */
export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });

  app.decorateRequest('lang', ctx.config.lang);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.lang = langFromAcceptLanguage(request.headers['accept-language']) ?? ctx.config.lang;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/openapi.json')) return;
    if (isPublicRoute(request.url)) return;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token || !tokensMatch(token, options.adminToken)) throw new DrobotError(commonErrors.unauthorized);
  });

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const drobot = toDrobotError(error);
    if (drobot.status >= 500) ctx.logger.error('request failed', { url: request.url, error });
    void reply.status(drobot.status).send({ error: drobot.render(request.lang) });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new DrobotError(commonErrors.notFound, { params: { what: 'route', id: request.url } });
    void reply.status(404).send({ error: error.render(request.lang) });
  });

  const deps: RouteDeps = { ctx };
  app.get('/api/openapi.json', async () =>
    buildOpenApi([
      accountsOpenApi,
      oauthOpenApi,
      casesOpenApi,
      quarantineOpenApi,
      notificationsOpenApi,
      outboxOpenApi,
    ]),
  );
  app.get('/api/health', async () => ({ ok: true }));
  await app.register(async (scope) => registerAccountRoutes(scope, deps));
  await app.register(async (scope) => registerCaseRoutes(scope, deps));
  await app.register(async (scope) => registerQuarantineRoutes(scope, deps));
  await app.register(async (scope) => registerOAuthRoutes(scope, deps));
  await app.register(async (scope) => registerNotificationRoutes(scope, deps));
  await app.register(async (scope) => registerOutboxRoutes(scope, deps));
  return app;
}

/** Routes that authenticate by other means (an OAuth redirect carries its own state). */
const PUBLIC_PREFIXES: readonly string[] = ['/api/health', '/api/oauth/callback'];

function isPublicRoute(url: string): boolean {
  return PUBLIC_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
}

function toDrobotError(error: unknown): DrobotError {
  if (isDrobotError(error)) return error;
  const e = error as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e.statusCode === 400 && /JSON/i.test(e.message ?? ''))) {
    return new DrobotError(commonErrors.malformedJson, { params: { detail: e.message ?? '' } });
  }
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new DrobotError(commonErrors.malformedJson, { params: { detail: e.message ?? '' } });
  }
  if (e.statusCode && e.statusCode < 500) {
    return new DrobotError(
      { ...commonErrors.validation, status: e.statusCode },
      { params: { summary: e.message ?? '' } },
    );
  }
  return new DrobotError(commonErrors.internal, { cause: error });
}
