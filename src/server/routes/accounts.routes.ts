import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  accountCreateSchema,
  accountPatchSchema,
  importDocumentSchema,
} from '../../accounts/account.schema.js';
import { toView } from '../../accounts/account.view.js';
import { parseOrThrow } from '../../errors/validation.js';
import { MAX_PAGE, pageAfter, parseIdCursor } from '../../storage/page.js';
import type { RouteDeps } from '../app.js';
import { streamEvents } from '../event-stream.js';
import { setNextLink } from '../paging.js';
import { BODY_LIMITS } from '../limits.js';
import type { OpenApiFragment } from '../openapi.js';
import { errorResponses as errors, json, ref, refParam } from '../openapi.helpers.js';

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

export const accountsOpenApi: OpenApiFragment = {
  schemas: {
    AccountCreate: z.toJSONSchema(accountCreateSchema, { io: 'input' }),
    AccountPatch: z.toJSONSchema(accountPatchSchema, { io: 'input' }),
    AccountImport: z.toJSONSchema(importDocumentSchema, { io: 'input' }),
    ConnectionTestResult: {
      type: 'object',
      description:
        'Every step (token, dns, tcp, proxy, tls, greeting, capabilities, starttls, auth, policy, mailbox, send; Graph and Gmail API accounts: token, policy (app-only Graph), mailbox, send) with status ok/failed/skipped, duration, detail and, on failure, the error with a hint. `protocol` is pop3, imap, smtp, graph or gmail.',
      properties: {
        ok: { type: 'boolean' },
        account: { type: ['string', 'null'] },
        protocol: { type: 'string' },
        startedAt: { type: 'string' },
        durationMs: { type: 'number' },
        failedStep: { type: 'string' },
        warnings: { type: 'array', items: { type: 'string' } },
        steps: { type: 'array', items: { type: 'object' } },
      },
    },
    Account: {
      type: 'object',
      description: 'An account; secrets appear only as "*****" (set) or null (not set).',
      additionalProperties: true,
    },
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
