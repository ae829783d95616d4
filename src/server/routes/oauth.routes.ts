import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from '../../app/zod.js';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { commonErrors, notFoundError } from '../../errors/common.errors.js';
import { parseOrThrow } from '../../errors/validation.js';
import { callbackPage } from '../../oauth/flows/callback.page.js';
import { ConsoleOAuthResults, type ConsoleOAuthOutcome } from '../../oauth/console-results.js';
import { oauthServicesFor } from '../../oauth/oauth.factory.js';
import type { RouteDeps } from '../app.js';
import { formatHost, parseHost } from '../host-syntax.js';
import type { OpenApiFragment } from '../openapi.js';
import {
  boolean,
  dateTime,
  errorResponses as errors,
  json,
  object,
  ref,
  refParam,
  string,
} from '../openapi.helpers.js';

interface RefParams {
  ref: string;
}

/** Where the console's consent comes back: public, authenticated by its single-use `state`. */
export const OAUTH_CALLBACK_PATH = '/api/oauth/callback';

const resultParams = z.strictObject({ id: z.string().regex(/^[\w-]{1,64}$/) });

const startSchema = z.strictObject({
  /** The console's own callback URL when it differs from this server's address (a reverse proxy). */
  redirectUri: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * Where the provider sends the browser back: the public URL when DRobot has one (behind a TLS reverse
 * proxy), else this server as the caller reached it; the `Host` header was checked to be one of ours.
 */
function defaultRedirectUri(request: FastifyRequest, publicUrl: string | undefined): string {
  // Written the one way (`localhost:` is `localhost`): the provider compares redirect URIs as text.
  const parsed = parseHost(request.host);
  const host = parsed ? formatHost(parsed) : request.host;
  return `${publicUrl ?? `${request.protocol}://${host}`}${OAUTH_CALLBACK_PATH}`;
}

/** The callback page: no script, no resource, its own inline style, never framed or stored. */
const CALLBACK_PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'",
};

/**
 * OAuth from the console: start a consent for an account (the browser is sent to the returned URL),
 * receive the provider's redirect, and show the account's token state. Token values never leave.
 */
export function registerOAuthRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  const services = () => oauthServicesFor(ctx);
  const results = new ConsoleOAuthResults();

  app.post<{ Params: RefParams }>('/api/accounts/:ref/oauth/start', async (request) => {
    const body = parseOrThrow(startSchema, request.body ?? {});
    const account = await ctx.accounts.get(request.params.ref);
    return services().authorizer.startConsole(account.id, {
      redirectUri: body.redirectUri ?? defaultRedirectUri(request, ctx.config.publicUrl),
      lang: request.lang,
    });
  });

  app.get<{ Params: RefParams }>('/api/accounts/:ref/oauth', async (request) => {
    const account = await ctx.accounts.get(request.params.ref);
    return {
      account: account.name,
      state: account.state,
      stateDetail: account.stateDetail,
      tokens: await services().tokens.info(account.id),
    };
  });

  // Once the state names the account, the browser goes back to its form, which shows how it went.
  const backToForm = (reply: FastifyReply, outcome: ConsoleOAuthOutcome) =>
    reply
      .status(303)
      .header('location', `/?oauth=${results.put(outcome)}#/accounts/${encodeURIComponent(outcome.account)}`)
      .send();

  app.get(OAUTH_CALLBACK_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const query = new URLSearchParams(request.query as Record<string, string>);
    let account: string | undefined;
    try {
      const done = await services().authorizer.completeConsole(query, (a) => (account = a.name));
      return backToForm(reply, { account: done.accountName, ok: true, token: done.token });
    } catch (error) {
      const known = isDrobotError(error) ? error : new DrobotError(commonErrors.internal, { cause: error });
      if (known.status >= 500) ctx.logger.error('oauth callback failed', { error });
      if (account !== undefined) return backToForm(reply, { account, ok: false, error: known });
      // No account to go back to (an unknown or used state): the page says what went wrong.
      return reply
        .headers(CALLBACK_PAGE_HEADERS)
        .type('text/html; charset=utf-8')
        .status(known.status >= 500 ? 500 : 400)
        .send(callbackPage({ kind: 'failure', error: known.render(request.lang) }, request.lang));
    }
  });

  app.get('/api/oauth/results/:id', async (request) => {
    const { id } = parseOrThrow(resultParams, request.params);
    const outcome = results.get(id);
    if (!outcome) throw notFoundError('oauthResult', id);
    return outcome.ok
      ? { account: outcome.account, ok: true, token: outcome.token }
      : { account: outcome.account, ok: false, error: outcome.error.render(request.lang) };
  });
}

const tokenInfo = {
  type: 'object',
  description: 'What may be shown of a token set: never the token values.',
  properties: {
    audience: { type: 'string', enum: ['outlook', 'graph', 'google'] },
    expiresAt: { type: 'string', format: 'date-time' },
    scopes: { type: 'array', items: { type: 'string' } },
    email: { type: 'string' },
    hasRefreshToken: { type: 'boolean' },
    flow: { type: 'string', enum: ['delegated', 'app'] },
  },
};

export const oauthOpenApi: OpenApiFragment = {
  schemas: {
    OAuthStart: z.toJSONSchema(startSchema, { io: 'input' }),
    OAuthStatus: {
      type: 'object',
      properties: {
        account: { type: 'string' },
        state: { type: 'string' },
        stateDetail: { type: ['string', 'null'] },
        tokens: { type: 'array', items: tokenInfo },
      },
    },
  },
  paths: {
    '/api/accounts/{ref}/oauth/start': {
      parameters: refParam,
      post: {
        summary: 'Start an OAuth consent from the console; send the browser to the returned URL',
        requestBody: { required: false, ...json(ref('OAuthStart')) },
        responses: {
          '200': json(object({ url: string, expiresAt: dateTime })),
          '404': json(ref('Error')),
          ...errors,
        },
      },
    },
    '/api/accounts/{ref}/oauth': {
      parameters: refParam,
      get: {
        summary: "The account's authorization state and token expiry (never the tokens)",
        responses: { '200': json(ref('OAuthStatus')), '404': json(ref('Error')), ...errors },
      },
    },
    [OAUTH_CALLBACK_PATH]: {
      get: {
        summary:
          "The provider's redirect after consent (public; authenticated by its state): back to the account's form in the console",
        security: [],
        responses: {
          ...errors,
          '303': {
            description:
              "To the account's form, `/?oauth=ID#/accounts/NAME`; GET /api/oauth/results/{id} says how it went",
          },
          '400': {
            description:
              'HTML page when the state names no pending consent: what went wrong and what to do (a malformed request is refused before, in JSON)',
            content: { 'text/html': {} },
          },
        },
      },
    },
    '/api/oauth/results/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        summary:
          'How a console consent ended (kept 10 minutes): the account, ok, and its token state (never the token) or the error',
        responses: {
          '200': json(
            object(
              { account: string, ok: boolean, token: tokenInfo, error: ref('ErrorDetail') },
              { optional: ['token', 'error'] },
            ),
          ),
          '404': json(ref('Error')),
          ...errors,
        },
      },
    },
  },
};
