import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import { accountSchemas } from '../../accounts/account.schema.js';
import { accountDefaults } from '../../accounts/account-defaults.js';
import { AFTER_FETCH_ACTIONS, FIRST_RUN_POLICIES } from '../../accounts/account.model.js';
import { MASK, toView } from '../../accounts/account.view.js';
import { parseOrThrow } from '../../errors/validation.js';
import { MAX_PAGE, pageAfter, parseIdCursor } from '../../storage/page.js';
import type { RouteDeps } from '../app.js';
import { streamEvents } from '../event-stream.js';
import { setNextLink } from '../paging.js';
import { BODY_LIMITS } from '../limits.js';
import type { OpenApiFragment } from '../openapi.js';
import {
  arrayOf,
  boolean,
  dateTime,
  errorResponses as errors,
  integer,
  json,
  object,
  orNull,
  ref,
  refParam,
  string,
} from '../openapi.helpers.js';

const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  after: z.string().max(20).optional(),
});

interface RefParams {
  ref: string;
}

/** /api/accounts: the same service the CLI calls; secrets are write-only and never returned. */
export function registerAccountRoutes(app: FastifyInstance, { ctx, limits }: RouteDeps): void {
  const accountBody = { bodyLimit: BODY_LIMITS.account };
  const connectionTest = {
    bodyLimit: BODY_LIMITS.account,
    config: { deadlineMs: limits.slowHandlerTimeoutMs },
  };

  app.get('/api/accounts', async (request, reply) => {
    const q = parseOrThrow(pageQuery, request.query ?? {});
    if (q.after !== undefined) parseIdCursor(q.after);
    const views = (await ctx.accounts.list()).map(toView);
    const page = pageAfter(views, q.limit ?? MAX_PAGE, q.after, (v) => String(v.id));
    setNextLink(reply, request.url, page.next);
    return page.items;
  });

  app.post('/api/accounts', accountBody, async (request, reply) => {
    const account = await ctx.accounts.create(request.body);
    return reply.status(201).send(toView(account));
  });

  app.get('/api/accounts/export', async () => ctx.accounts.exportAll());

  // What an account that leaves its API address or authority empty uses, before any account exists: the
  // console's form for a new account shows it (its script names no other origin). No secret; admin as the rest.
  app.get('/api/account-defaults', async () => accountDefaults(ctx.config.oauthAuthorities));

  app.post('/api/accounts/import', { bodyLimit: BODY_LIMITS.import }, async (request, reply) => {
    const created = await ctx.accounts.import(request.body);
    return reply.status(201).send(created.map(toView));
  });

  app.get<{ Params: RefParams }>('/api/accounts/:ref', async (request) =>
    toView(await ctx.accounts.get(request.params.ref)),
  );

  app.patch<{ Params: RefParams }>('/api/accounts/:ref', accountBody, async (request) =>
    toView(await ctx.accounts.edit(request.params.ref, request.body)),
  );

  // Enabling or disabling is its own action: no body, nothing else changes.
  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post<{ Params: RefParams }>(`/api/accounts/:ref/${action}`, async (request) =>
      toView(await ctx.accounts.edit(request.params.ref, { enabled })),
    );
  }

  app.post<{ Params: RefParams; Body: { sendTestTo?: string; changes?: unknown } | undefined }>(
    '/api/accounts/:ref/test',
    connectionTest,
    async (request) => {
      const body = request.body ?? {};
      return ctx.accountTests.testSaved(request.params.ref, {
        lang: request.lang,
        ...(body.sendTestTo ? { sendTestTo: body.sendTestTo } : {}),
        ...(body.changes !== undefined ? { changes: body.changes } : {}),
      });
    },
  );

  // The same tests, each step sent as a server-sent event (`step`) the moment it is recorded, then `result`.
  app.post<{ Params: RefParams; Body: { sendTestTo?: string; changes?: unknown } | undefined }>(
    '/api/accounts/:ref/test/events',
    connectionTest,
    (request, reply) =>
      streamEvents(request, reply, (emit) => {
        const body = request.body ?? {};
        return ctx.accountTests.testSaved(request.params.ref, {
          lang: request.lang,
          onStep: (step) => emit('step', step),
          ...(body.sendTestTo ? { sendTestTo: body.sendTestTo } : {}),
          ...(body.changes !== undefined ? { changes: body.changes } : {}),
        });
      }),
  );

  app.post<{ Body: { account?: unknown; sendTestTo?: string } | undefined }>(
    '/api/accounts/test/events',
    connectionTest,
    (request, reply) =>
      streamEvents(request, reply, (emit) => {
        const body = request.body ?? {};
        return ctx.accountTests.testDraft(body.account, {
          lang: request.lang,
          onStep: (step) => emit('step', step),
          ...(body.sendTestTo ? { sendTestTo: body.sendTestTo } : {}),
        });
      }),
  );

  app.post<{ Body: { account?: unknown; sendTestTo?: string } | undefined }>(
    '/api/accounts/test',
    connectionTest,
    async (request) => {
      const body = request.body ?? {};
      return ctx.accountTests.testDraft(body.account, {
        lang: request.lang,
        ...(body.sendTestTo ? { sendTestTo: body.sendTestTo } : {}),
      });
    },
  );

  app.delete<{ Params: RefParams }>('/api/accounts/:ref', async (request, reply) => {
    await ctx.accounts.remove(request.params.ref);
    return reply.status(204).send();
  });
}

/** A secret as shown: "*****" when set, null when not; never its value. */
const secret = { type: ['string', 'null'], enum: [MASK, null] };

export const accountsOpenApi: OpenApiFragment = {
  schemas: {
    AccountCreate: z.toJSONSchema(accountSchemas().create, { io: 'input' }),
    AccountPatch: z.toJSONSchema(accountSchemas().patch, { io: 'input' }),
    AccountImport: z.toJSONSchema(accountSchemas().importDocument, { io: 'input' }),
    ConnectionTestResult: object(
      {
        ok: boolean,
        account: orNull(string),
        protocol: { type: 'string', enum: ['pop3', 'imap', 'smtp', 'graph', 'gmail'] },
        startedAt: dateTime,
        durationMs: { type: 'number' },
        failedStep: string,
        warnings: arrayOf(string),
        steps: arrayOf(ref('Step')),
      },
      {
        optional: ['account', 'failedStep'],
        description:
          'Every step (token, dns, tcp, proxy, tls, greeting, capabilities, starttls, auth, policy, mailbox, send; Graph and Gmail API accounts: token, policy (app-only Graph), mailbox, send) with status ok/failed/skipped, duration, detail and, on failure, the error with a hint. `protocol` is pop3, imap, smtp, graph or gmail.',
      },
    ),
    Step: object(
      {
        name: {
          type: 'string',
          enum: [
            'token',
            'dns',
            'tcp',
            'proxy',
            'tls',
            'greeting',
            'capabilities',
            'starttls',
            'auth',
            'policy',
            'mailbox',
            'send',
          ],
        },
        status: { type: 'string', enum: ['ok', 'failed', 'skipped'] },
        durationMs: { type: 'number' },
        detail: string,
        data: {
          type: 'object',
          description: 'facts: certificate, capabilities, counts',
          additionalProperties: {},
        },
        error: object(
          { code: string, message: string, hint: string, serverReply: string },
          { optional: ['hint', 'serverReply'] },
        ),
      },
      {
        optional: ['data', 'error'],
        description:
          'One step of a connection test, rendered in the language asked for; also each `step` event of the test as server-sent events.',
      },
    ),
    AccountDefaults: object(
      {
        apiUrls: object(
          { graph: string, 'gmail-api': string },
          {
            description:
              "by connection type: the provider's API address, which an account without `apiUrl` uses",
          },
        ),
        authorities: object(
          { microsoft: ref('DefaultAuthority'), google: ref('DefaultAuthority') },
          { description: 'by OAuth provider: where an account without `oauth.authority` signs in' },
        ),
      },
      {
        description:
          'What an account that leaves a setting empty uses, the same for every account of its kind (a new one too)',
      },
    ),
    DefaultAuthority: object(
      {
        url: string,
        source: { type: 'string', enum: ['configuration', 'provider'] },
      },
      {
        description:
          "configuration: set by DROBOT_OAUTH_MICROSOFT_AUTHORITY or DROBOT_OAUTH_GOOGLE_AUTHORITY; provider: the provider's own",
      },
    ),
    Account: object(
      {
        id: integer,
        name: string,
        direction: string,
        protocol: string,
        preset: string,
        connection: string,
        host: string,
        port: integer,
        effectivePort: integer,
        username: string,
        password: secret,
        timeoutMs: integer,
        security: string,
        sasl: string,
        auth: string,
        smtpAuth: boolean,
        leaveCopy: boolean,
        folder: string,
        apiUrl: orNull(string),
        apiUrlDefault: {
          ...string,
          readOnly: true,
          description:
            "Graph and Gmail API accounts only: the provider's API address, which the account uses while `apiUrl` is null",
        },
        proxy: object({
          type: string,
          host: orNull(string),
          port: orNull(integer),
          username: orNull(string),
          password: secret,
        }),
        tls: object({ caPem: orNull(string), pinSha256: orNull(string), insecureSkipVerify: boolean }),
        oauth: object({
          clientId: orNull(string),
          clientSecret: secret,
          tenantId: orNull(string),
          useLoopback: boolean,
          useBrowser: boolean,
          authority: orNull(string),
          tokens: {
            type: 'object',
            description: 'the token sets held, by audience, always masked',
            additionalProperties: { type: 'string', enum: [MASK] },
          },
        }),
        inbound: object({
          pollIntervalSeconds: integer,
          maxMessagesPerRun: integer,
          maxMessageBytes: integer,
          firstRun: { type: 'string', enum: [...FIRST_RUN_POLICIES] },
          afterFetch: { type: 'string', enum: [...AFTER_FETCH_ACTIONS] },
          moveToFolder: orNull(string),
          acknowledge: boolean,
          lang: { type: ['string', 'null'], enum: ['es', 'en', null] },
        }),
        outbound: object({ fromAddress: orNull(string), fromName: orNull(string), ratePerMinute: integer }),
        enabled: boolean,
        state: string,
        stateDetail: orNull(string),
        lastTest: {
          ...object({ at: dateTime, ok: boolean, failedStep: orNull(string), message: orNull(string) }),
          type: ['object', 'null'],
        },
        createdAt: dateTime,
        updatedAt: dateTime,
      },
      {
        optional: ['apiUrlDefault'],
        description: 'An account; secrets appear only as "*****" (set) or null (not set).',
      },
    ),
  },
  paths: {
    '/api/accounts': {
      get: {
        summary: 'List accounts',
        responses: { '200': json({ type: 'array', items: ref('Account') }), ...errors },
      },
      post: {
        summary: 'Create an account',
        requestBody: { required: true, ...json(ref('AccountCreate')) },
        responses: { '201': json(ref('Account')), ...errors },
      },
    },
    '/api/accounts/{ref}': {
      parameters: refParam,
      get: {
        summary: 'Show an account',
        responses: { '200': json(ref('Account')), '404': json(ref('Error')), ...errors },
      },
      patch: {
        summary: 'Edit an account',
        requestBody: { required: true, ...json(ref('AccountPatch')) },
        responses: { '200': json(ref('Account')), '404': json(ref('Error')), ...errors },
      },
      delete: {
        summary: 'Remove an account',
        responses: { '204': { description: 'Removed' }, '404': json(ref('Error')), ...errors },
      },
    },
    '/api/accounts/{ref}/enable': {
      parameters: refParam,
      post: {
        summary: 'Enable an account: it is used again (no body)',
        responses: { '200': json(ref('Account')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/accounts/{ref}/disable': {
      parameters: refParam,
      post: {
        summary: 'Disable an account: it is kept but not used (no body)',
        responses: { '200': json(ref('Account')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/accounts/{ref}/test': {
      parameters: refParam,
      post: {
        summary:
          'Connection test of a saved account, optionally with unsaved changes; the result is kept as its last test',
        requestBody: {
          required: false,
          ...json({
            type: 'object',
            properties: { sendTestTo: { type: 'string', format: 'email' }, changes: ref('AccountPatch') },
          }),
        },
        responses: { '200': json(ref('ConnectionTestResult')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/accounts/{ref}/test/events': {
      parameters: refParam,
      post: {
        summary:
          'The connection test of a saved account as server-sent events: `step` per step, then `result` (or `error`)',
        responses: { '200': { description: 'text/event-stream' }, ...errors },
      },
    },
    '/api/accounts/test/events': {
      post: {
        summary:
          'The connection test of a draft as server-sent events: `step` per step, then `result` (or `error`)',
        responses: { '200': { description: 'text/event-stream' }, ...errors },
      },
    },
    '/api/accounts/test': {
      post: {
        summary: 'Connection test of settings not saved yet (a draft account, secrets included)',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['account'],
            properties: { account: ref('AccountCreate'), sendTestTo: { type: 'string', format: 'email' } },
          }),
        },
        responses: { '200': json(ref('ConnectionTestResult')), ...errors },
      },
    },
    '/api/account-defaults': {
      get: {
        summary:
          'What an account leaving its API address or OAuth authority empty uses: per API connection type, per provider',
        responses: { '200': json(ref('AccountDefaults')), ...errors },
      },
    },
    '/api/accounts/export': {
      get: {
        summary: 'Export every account without secrets',
        responses: { '200': json(ref('AccountImport')), ...errors },
      },
    },
    '/api/accounts/import': {
      post: {
        summary: 'Import accounts (all or nothing), secrets optional',
        requestBody: { required: true, ...json(ref('AccountImport')) },
        responses: { '201': json({ type: 'array', items: ref('Account') }), ...errors },
      },
    },
  },
};
