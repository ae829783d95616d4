import type { FastifyInstance, FastifyReply } from 'fastify';
import * as z from '../../app/zod.js';
import { parseOrThrow } from '../../errors/validation.js';
import { removeSetupAddress } from '../../users/setup-address-file.js';
import type { NewSession } from '../../users/session.service.js';
import type { RouteDeps } from '../app.js';
import type { OpenApiFragment } from '../openapi.js';
import { errorResponses as errors, json, object, orNull, ref, string } from '../openapi.helpers.js';
import { clearedCookie, sessionCookie, type CookieSettings } from '../session-cookie.js';

export const SIGN_IN_PATH = '/api/session';
export const SETUP_PATH = '/api/setup';

// Bounded before any hashing: a name longer than a user name can be, or a password longer than 1 KiB, is refused.
const credentials = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});
const setup = z.strictObject({
  token: z.string().min(1).max(200),
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

function opened(reply: FastifyReply, cookie: CookieSettings, session: NewSession) {
  void reply.header('set-cookie', sessionCookie(cookie, session.cookie));
  return { user: { name: session.user.name, role: session.user.role }, csrfToken: session.csrfToken };
}

/**
 * /api/session: sign in (public: what protects it is the JSON-only rule and the Origin check, which a
 * foreign page cannot pass, and the per-user and per-address throttle), who am I, sign out.
 * /api/setup: the first administrator, with the single-use token `drobot serve` printed.
 */
export function registerSessionRoutes(app: FastifyInstance, { ctx, cookie }: RouteDeps): void {
  app.post(SIGN_IN_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const { name, password } = parseOrThrow(credentials, request.body);
    return opened(reply, cookie, await ctx.sessions.signIn(name, password, request.ip));
  });

  app.get(SIGN_IN_PATH, { config: { access: 'agent' } }, async (request) => {
    const who = request.principal;
    if (who?.via !== 'session') return { user: { name: null, role: 'admin' }, via: 'token' };
    return { user: { name: who.name, role: who.role }, via: 'session', csrfToken: who.csrfToken };
  });

  app.delete(SIGN_IN_PATH, { config: { access: 'agent' } }, async (request, reply) => {
    const who = request.principal;
    if (who?.via === 'session') await ctx.sessions.end(who.sessionHash);
    return reply.header('set-cookie', clearedCookie(cookie)).status(204).send();
  });

  app.post(SETUP_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const { token, name, password } = parseOrThrow(setup, request.body);
    const session = await ctx.sessions.completeSetup(token, name, password);
    removeSetupAddress(ctx.config.dataDir);
    return opened(reply, cookie, session);
  });
}

export const sessionOpenApi: OpenApiFragment = {
  schemas: {
    Session: object(
      {
        user: object({ name: orNull(string), role: { type: 'string', enum: ['admin', 'agent'] } }),
        via: { type: 'string', enum: ['session', 'token'] },
        csrfToken: { type: 'string', description: 'echo it in the X-CSRF-Token header of every change' },
      },
      {
        optional: ['via', 'csrfToken'],
        description:
          'Who is signed in (a name of null: the admin token). `via` is told by GET; `csrfToken` comes with a session.',
      },
    ),
  },
  paths: {
    [SIGN_IN_PATH]: {
      post: {
        summary: 'Sign in to the console: sets the HttpOnly session cookie (public; throttled)',
        security: [],
        requestBody: json({
          type: 'object',
          required: ['name', 'password'],
          properties: { name: { type: 'string' }, password: { type: 'string' } },
        }),
        responses: { '200': json(ref('Session')), '429': json(ref('Error')), ...errors },
      },
      get: {
        summary: 'The signed-in user and the CSRF token',
        responses: { '200': json(ref('Session')), ...errors },
      },
      delete: {
        summary: 'Sign out: ends the session on the server',
        responses: { '204': { description: 'Ended' }, ...errors },
      },
    },
    [SETUP_PATH]: {
      post: {
        summary: 'Create the first administrator with the single-use token drobot serve printed (public)',
        security: [],
        requestBody: json({
          type: 'object',
          required: ['token', 'name', 'password'],
          properties: { token: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
        }),
        responses: { '200': json(ref('Session')), ...errors },
      },
    },
  },
};
