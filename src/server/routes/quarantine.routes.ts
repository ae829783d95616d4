import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import { parseOrThrow } from '../../errors/validation.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { MAX_PAGE, pageAfter, parseIdCursor } from '../../storage/page.js';
import type { RouteDeps } from '../app.js';
import { setNextLink } from '../paging.js';
import type { OpenApiFragment } from '../openapi.js';
import {
  boolean,
  dateTime,
  errorResponses as errors,
  integer,
  json,
  object,
  orNull,
  ref,
  string,
} from '../openapi.helpers.js';

const listQuery = z.strictObject({
  account: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  after: z.string().max(20).optional(),
});
const idParam = z.strictObject({ id: z.coerce.number().int().min(1) });
const retryBody = z.strictObject({ allowOversize: z.boolean().optional() });

/**
 * /api/quarantine: mail that could not become a case, kept with its raw bytes, and its retry; plus
 * /api/inbound/health, where an account whose server keeps failing shows its error state.
 */
export function registerQuarantineRoutes(app: FastifyInstance, { ctx, limits }: RouteDeps): void {
  app.get('/api/quarantine', async (request, reply) => {
    const inbound = await inboundOf(ctx);
    const { account, limit = MAX_PAGE, after } = parseOrThrow(listQuery, request.query);
    if (after !== undefined) parseIdCursor(after);
    const accountId = account ? (await ctx.accounts.get(account)).id : undefined;
    const entries = await inbound.quarantine.list(accountId, request.lang);
    const page = pageAfter(entries, limit, after, (e) => String(e.id));
    setNextLink(reply, request.url, page.next);
    return page.items;
  });

  app.get('/api/quarantine/:id', async (request) => {
    const inbound = await inboundOf(ctx);
    return inbound.quarantine.get(parseOrThrow(idParam, request.params).id, request.lang);
  });

  // A retry parses the whole kept mail again, however large it is.
  app.post(
    '/api/quarantine/:id/retry',
    { config: { deadlineMs: limits.slowHandlerTimeoutMs } },
    async (request) => {
      const inbound = await inboundOf(ctx);
      const body = parseOrThrow(retryBody, request.body ?? {});
      return inbound.quarantine.retry(parseOrThrow(idParam, request.params).id, body);
    },
  );

  app.get('/api/inbound/health', async (request) => (await inboundOf(ctx)).service.health(request.lang));
}

const idPath = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];

export const quarantineOpenApi: OpenApiFragment = {
  schemas: {
    QuarantineEntry: object(
      {
        id: integer,
        accountId: integer,
        mailbox: string,
        uid: string,
        reason: string,
        detail: orNull(string),
        size: integer,
        rawKept: boolean,
        attempts: integer,
        createdAt: dateTime,
        updatedAt: dateTime,
      },
      {
        description:
          "A quarantined mail: account, server id, reason (unparseable, over_size, storage_error, throttled, download_failed) and its detail in the reader's language (Accept-Language; a library's or server's own words quoted in it).",
      },
    ),
    IngestResult: {
      type: 'object',
      description: 'What a retry did: kind new_case, follow_up, auto_recorded, … or quarantined again.',
      additionalProperties: true,
    },
    FetchHealth: object(
      {
        accountId: integer,
        account: string,
        lastRunAt: orNull(dateTime),
        lastError: orNull(string),
        failures: integer,
        nextAttemptAt: orNull(dateTime),
        state: string,
      },
      { description: 'An inbound account: last run, last error, failures in a row, next attempt.' },
    ),
  },
  paths: {
    '/api/quarantine': {
      get: {
        summary: 'List quarantined mail',
        parameters: [{ name: 'account', in: 'query', schema: { type: 'string' } }],
        responses: { '200': json({ type: 'array', items: ref('QuarantineEntry') }), ...errors },
      },
    },
    '/api/quarantine/{id}': {
      parameters: idPath,
      get: {
        summary: 'Show a quarantined mail',
        responses: { '200': json(ref('QuarantineEntry')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/quarantine/{id}/retry': {
      parameters: idPath,
      post: {
        summary: 'Process a quarantined mail again (no size limit, no sender throttle)',
        responses: { '200': json(ref('IngestResult')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/inbound/health': {
      get: {
        summary: 'Fetch health of every inbound account',
        responses: { '200': json({ type: 'array', items: ref('FetchHealth') }), ...errors },
      },
    },
  },
};
