import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import { mailAddressSchema } from '../../app/mail-address.schema.js';
import { parseOrThrow } from '../../errors/validation.js';
import { enqueueInputSchema } from '../../notifications/enqueue.input.js';
import { NOTIFICATION_TYPES } from '../../notifications/notification.types.js';
import { notificationsOf, roundTripDepsOf } from '../../notifications/notifications.context.js';
import { roundTripAccounts } from '../../notifications/round-trip/round-trip.accounts.js';
import { routingProblemMessage } from '../../notifications/routing.labels.js';
import { routingProblem } from '../../notifications/routing.js';
import type { RouteDeps } from '../app.js';
import type { OpenApiFragment } from '../openapi.js';
import {
  arrayOf,
  boolean,
  errorResponses as errors,
  integer,
  json,
  object,
  ref,
  refParam,
  string,
} from '../openapi.helpers.js';

const roundTripBody = z.strictObject({
  inbound: z.union([z.string().min(1), z.number().int().positive()]),
  to: mailAddressSchema().optional(),
  timeoutMs: z.number().int().min(1000).max(600_000).optional(),
});

/** POST /api/notifications (enqueue), GET /api/notifications/routing and POST /api/accounts/{ref}/roundtrip. */
export function registerNotificationRoutes(app: FastifyInstance, { ctx, limits }: RouteDeps): void {
  app.post('/api/notifications', async (request, reply) => {
    const { outbox } = await notificationsOf(ctx);
    const result = await outbox.enqueue(request.body);
    return reply.status(result.status === 'queued' ? 202 : 200).send(result);
  });

  // What the dashboard shows when notifications have no account to go by (none is guessed among several).
  app.get('/api/notifications/routing', async (request) => {
    const problem = routingProblem(await ctx.accounts.list(), ctx.config.notify);
    return {
      problem: problem ? { ...problem, message: routingProblemMessage(problem, request.lang) } : null,
    };
  });

  const roundTrip = { config: { deadlineMs: limits.slowHandlerTimeoutMs } };
  app.post<{ Params: { ref: string } }>('/api/accounts/:ref/roundtrip', roundTrip, async (request) => {
    const body = parseOrThrow(roundTripBody, request.body ?? {});
    return roundTripAccounts(roundTripDepsOf(ctx), request.params.ref, body.inbound, {
      to: body.to,
      timeoutMs: body.timeoutMs,
      lang: request.lang,
    });
  });
}

export const notificationsOpenApi: OpenApiFragment = {
  schemas: {
    NotificationEnqueue: z.toJSONSchema(enqueueInputSchema(), { io: 'input' }),
    EnqueueResult: {
      type: 'object',
      description: 'status queued (id, messageId), suppressed (address) or skipped (reason)',
      properties: {
        status: { enum: ['queued', 'suppressed', 'skipped'] },
        id: { type: 'integer' },
        messageId: { type: 'string' },
        address: { type: 'string' },
        reason: { enum: ['auto-reply', 'bounce', 'own-address'] },
      },
      required: ['status'],
    },
    RoutingStatus: object(
      {
        problem: {
          anyOf: [
            object(
              {
                kind: {
                  enum: [
                    'no-default',
                    'none-enabled',
                    'unknown-account',
                    'disabled-account',
                    'disabled-route',
                  ],
                },
                name: string,
                type: { enum: [...NOTIFICATION_TYPES] },
                accounts: arrayOf(string),
                disabled: arrayOf(string),
                message: string,
              },
              {
                optional: ['name', 'type', 'disabled'],
                description:
                  'no-default: several outbound accounts enabled and DROBOT_NOTIFY_ACCOUNT unset; ' +
                  'none-enabled: every outbound account disabled (disabled: their names) and ' +
                  'DROBOT_NOTIFY_ACCOUNT unset; ' +
                  'unknown-account / disabled-account: DROBOT_NOTIFY_ACCOUNT names no outbound account, or a ' +
                  'disabled one (name); disabled-route: DROBOT_NOTIFY_ACCOUNTS sends a type (type) through a ' +
                  'disabled account (name). accounts: the enabled outbound accounts; message: what to do, in ' +
                  'the request language',
              },
            ),
            { type: 'null' },
          ],
        },
      },
      { description: 'whether notifications have an outbound account to go by' },
    ),
    RoundTripRequest: z.toJSONSchema(roundTripBody, { io: 'input' }),
    RoundTripReport: object(
      {
        ok: boolean,
        tag: string,
        failedLeg: { type: 'string', enum: ['send', 'receive'] },
        send: ref('RoundTripLeg'),
        receive: {
          allOf: [ref('RoundTripLeg'), object({ checks: integer })],
          description:
            'the inbound leg and how many times the mailbox was looked at; absent when not reached',
        },
        delayMs: integer,
      },
      {
        optional: ['failedLeg', 'receive', 'delayMs'],
        description: 'each leg (send, receive) with its duration, server reply and error; the delay',
      },
    ),
    RoundTripLeg: object(
      {
        ok: boolean,
        durationMs: integer,
        serverReply: string,
        error: ref('ErrorDetail'),
      },
      { optional: ['serverReply', 'error'] },
    ),
  },
  paths: {
    '/api/notifications': {
      post: {
        summary: 'Queue a notification (sent by the outbox worker)',
        requestBody: { required: true, ...json(ref('NotificationEnqueue')) },
        responses: {
          '202': { description: 'Queued', ...json(ref('EnqueueResult')) },
          '200': {
            description: 'Not queued: suppressed address or loop rule',
            ...json(ref('EnqueueResult')),
          },
          ...errors,
        },
      },
    },
    '/api/notifications/routing': {
      get: {
        summary: 'Whether notifications have an outbound account to go by, and what to do if not',
        responses: { '200': json(ref('RoutingStatus')), ...errors },
      },
    },
    '/api/accounts/{ref}/roundtrip': {
      parameters: refParam,
      post: {
        summary: 'Send a tagged test mail through this outbound account and wait for the inbound one',
        requestBody: { required: true, ...json(ref('RoundTripRequest')) },
        responses: { '200': json(ref('RoundTripReport')), '404': json(ref('Error')), ...errors },
      },
    },
  },
};
