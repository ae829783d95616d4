import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import { mailAddressSchema } from '../../app/mail-address.schema.js';
import { notFoundError } from '../../errors/common.errors.js';
import { parseOrThrow } from '../../errors/validation.js';
import { NOTIFICATION_TYPES, OUTBOX_STATES } from '../../notifications/notification.types.js';
import { notificationsOf } from '../../notifications/notifications.context.js';
import {
  clearSuppression,
  normalizeAddress,
  listSuppressions,
  suppressAddress,
} from '../../notifications/suppression.repository.js';
import type { RouteDeps } from '../app.js';
import { setNextLink } from '../paging.js';
import { pageOf, parseIdCursor } from '../../storage/page.js';
import type { OpenApiFragment } from '../openapi.js';
import {
  dateTime,
  errorResponses as errors,
  integer,
  json,
  object,
  ref,
  string,
} from '../openapi.helpers.js';

const listQuery = z.strictObject({
  state: z.enum(OUTBOX_STATES).optional(),
  case: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  before: z.coerce.number().int().positive().optional(),
  after: z.string().max(20).optional(),
});
const idParam = z.strictObject({ id: z.coerce.number().int().positive() });
const addressParam = z.strictObject({ address: mailAddressSchema() });

/** /api/outbox: what was queued, sent and failed; retry by hand; the suppression list. */
export function registerOutboxRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  app.get('/api/outbox', async (request, reply) => {
    const q = parseOrThrow(listQuery, request.query ?? {});
    const { outbox } = await notificationsOf(ctx);
    const limit = q.limit ?? 100;
    // Newest first: the page after a notification holds the older ones (`before` is the older name).
    const beforeId = parseIdCursor(q.after) ?? q.before;
    const rows = await outbox.list(
      { state: q.state, caseId: q.case, limit: limit + 1, beforeId },
      request.lang,
    );
    const page = pageOf(rows, limit, (e) => String(e.id));
    setNextLink(reply, request.url, page.next);
    return page.items;
  });

  app.get('/api/outbox/summary', async () => (await notificationsOf(ctx)).outbox.counts());

  app.get('/api/outbox/suppressions', async () => listSuppressions(ctx.database.db));

  app.put('/api/outbox/suppressions/:address', async (request) => {
    const { address } = parseOrThrow(addressParam, request.params);
    await suppressAddress(ctx.database.db, address, 'manual', undefined);
    return { address: normalizeAddress(address), suppressed: true };
  });

  app.delete('/api/outbox/suppressions/:address', async (request, reply) => {
    const { address } = parseOrThrow(addressParam, request.params);
    if (!(await clearSuppression(ctx.database.db, address))) {
      throw notFoundError('suppression', address);
    }
    return reply.status(204).send();
  });

  app.get('/api/outbox/:id', async (request) => {
    const { id } = parseOrThrow(idParam, request.params);
    return (await notificationsOf(ctx)).outbox.show(id, request.lang);
  });

  app.post('/api/outbox/:id/retry', async (request) => {
    const { id } = parseOrThrow(idParam, request.params);
    return (await notificationsOf(ctx)).outbox.retry(id, request.lang);
  });
}

const idParameter = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
const addressParameter = [{ name: 'address', in: 'path', required: true, schema: { type: 'string' } }];

export const outboxOpenApi: OpenApiFragment = {
  schemas: {
    OutboxEntry: object(
      {
        id: integer,
        type: { type: 'string', enum: [...NOTIFICATION_TYPES] },
        lang: { type: 'string', enum: ['es', 'en'] },
        accountId: integer,
        recipient: string,
        subject: string,
        messageId: string,
        sentMessageId: string,
        caseId: integer,
        state: { type: 'string', enum: [...OUTBOX_STATES] },
        attempts: integer,
        maxAttempts: integer,
        nextAttemptAt: dateTime,
        lastErrorCode: string,
        lastError: string,
        serverReply: string,
        sentAt: dateTime,
        createdAt: dateTime,
        updatedAt: dateTime,
      },
      {
        optional: [
          'sentMessageId',
          'caseId',
          'nextAttemptAt',
          'lastErrorCode',
          'lastError',
          'serverReply',
          'sentAt',
        ],
        description:
          'A notification: state, attempts, next attempt, last error (in the language asked for), server reply, Message-ID. One notification alone also has its bodies and headers.',
      },
    ),
    Suppression: {
      type: 'object',
      properties: {
        address: { type: 'string' },
        reason: { enum: ['bounce', 'manual'] },
        detail: { type: 'string' },
        createdAt: { type: 'string' },
      },
    },
  },
  paths: {
    '/api/outbox': {
      get: {
        summary: 'List notifications, newest first',
        parameters: [
          { name: 'state', in: 'query', schema: { enum: [...OUTBOX_STATES] } },
          { name: 'case', in: 'query', schema: { type: 'integer' } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'before', in: 'query', schema: { type: 'integer' } },
          {
            name: 'after',
            in: 'query',
            description: 'the cursor of the previous page (its Link rel="next" header, or X-Next-Cursor)',
            schema: { type: 'string' },
          },
        ],
        responses: { '200': json({ type: 'array', items: ref('OutboxEntry') }), ...errors },
      },
    },
    '/api/outbox/summary': {
      get: {
        summary: 'How many notifications are in each state',
        responses: {
          '200': json({
            type: 'object',
            description: 'state (queued, sending, sent, retrying, failed) → how many',
            additionalProperties: integer,
          }),
          ...errors,
        },
      },
    },
    '/api/outbox/{id}': {
      parameters: idParameter,
      get: {
        summary: 'One notification with its bodies and headers',
        responses: { '200': json(ref('OutboxEntry')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/outbox/{id}/retry': {
      parameters: idParameter,
      post: {
        summary: 'Send a failed or waiting notification again now (same Message-ID)',
        responses: {
          '200': json(ref('OutboxEntry')),
          '404': json(ref('Error')),
          '409': json(ref('Error')),
          ...errors,
        },
      },
    },
    '/api/outbox/suppressions': {
      get: {
        summary: 'Addresses that get no notifications',
        responses: { '200': json({ type: 'array', items: ref('Suppression') }), ...errors },
      },
    },
    '/api/outbox/suppressions/{address}': {
      parameters: addressParameter,
      put: {
        summary: 'Stop notifications to an address',
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      delete: {
        summary: 'Let an address receive notifications again',
        responses: { '204': { description: 'Cleared' }, '404': json(ref('Error')), ...errors },
      },
    },
  },
};
