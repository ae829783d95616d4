import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import { hourlyActivity } from '../../activity/hourly-activity.js';
import { DEFAULT_HOURS, MAX_HOURS } from '../../activity/hourly-buckets.js';
import { parseRunsQuery, readRuns, RUNS_MAX_LIMIT } from '../../activity/runs.js';
import { parseOrThrow } from '../../errors/validation.js';
import type { RouteDeps } from '../app.js';
import type { OpenApiFragment } from '../openapi.js';
import {
  arrayOf,
  dateTime,
  errorResponses as errors,
  integer,
  json,
  object,
  orNull,
  ref,
  string,
} from '../openapi.helpers.js';

const hourlyQuery = z.strictObject({
  hours: z.coerce.number().int().min(1).max(MAX_HOURS).optional(),
});

/** /api/activity/hourly: what the dashboard charts, counted per hour by the database. */
export function registerActivityRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  app.get('/api/activity/hourly', { config: { access: 'admin' } }, async (request) => {
    const { hours = DEFAULT_HOURS } = parseOrThrow(hourlyQuery, request.query ?? {});
    return hourlyActivity(ctx.database.db, hours);
  });

  app.get('/api/activity/runs', { config: { access: 'admin' } }, async (request) => {
    const query = parseRunsQuery(request.query ?? {});
    const accountId = query.account ? (await ctx.accounts.get(query.account)).id : undefined;
    return readRuns(ctx.database.db, {
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(accountId !== undefined ? { accountId } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.after !== undefined ? { after: query.after } : {}),
    });
  });
}

export const activityOpenApi: OpenApiFragment = {
  schemas: {
    HourlyActivity: object(
      {
        hour: dateTime,
        received: integer,
        casesOpened: integer,
        notificationsSent: integer,
        failures: integer,
      },
      {
        description:
          'One hour (its start, UTC): mail received (inbound log lines), cases opened, notifications sent, failures (notifications given up or bounced, mail quarantined)',
      },
    ),
    RunPage: object(
      {
        items: arrayOf(
          object({
            id: integer,
            kind: { type: 'string', description: 'fetch (a fetch run) or send (an outbox round)' },
            accountId: orNull(integer),
            account: orNull(string),
            startedAt: dateTime,
            endedAt: dateTime,
            counts: { type: 'object', additionalProperties: integer },
            error: { ...object({ es: string, en: string }), type: ['object', 'null'] },
          }),
        ),
        nextCursor: orNull(string),
      },
      {
        description:
          'Fetch runs and outbox rounds, newest first: kind (fetch, send), account (fetch runs), start and end, counts (fetch: received, fetched, newCases, followUps, quarantined, remaining, errors; send: claimed, sent, retrying, failed) and the error in both languages (a round in which notifications failed: how many, and the first error). nextCursor is the `after` of the next page, null at the end.',
      },
    ),
  },
  paths: {
    '/api/activity/runs': {
      get: {
        summary: 'The history of fetch runs and outbox rounds (kept 30 days), newest first',
        parameters: [
          { name: 'kind', in: 'query', schema: { type: 'string', enum: ['fetch', 'send'] } },
          { name: 'account', in: 'query', description: 'inbound account name', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: RUNS_MAX_LIMIT } },
          {
            name: 'after',
            in: 'query',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
        ],
        responses: { '200': json(ref('RunPage')), ...errors },
      },
    },
    '/api/activity/hourly': {
      get: {
        summary: 'Mail received, cases opened, notifications sent and failures per hour, oldest hour first',
        parameters: [
          {
            name: 'hours',
            in: 'query',
            description: `how many hours back, the current one included (1 to ${MAX_HOURS}, default ${DEFAULT_HOURS})`,
            schema: { type: 'integer', minimum: 1, maximum: MAX_HOURS },
          },
        ],
        responses: { '200': json({ type: 'array', items: ref('HourlyActivity') }), ...errors },
      },
    },
  },
};
