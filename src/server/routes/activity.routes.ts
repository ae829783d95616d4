import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hourlyActivity } from '../../activity/hourly-activity.js';
import { DEFAULT_HOURS, MAX_HOURS } from '../../activity/hourly-buckets.js';
import { parseOrThrow } from '../../errors/validation.js';
import type { RouteDeps } from '../app.js';
import type { OpenApiFragment } from '../openapi.js';
import { errorResponses as errors, json, ref } from '../openapi.helpers.js';

const hourlyQuery = z.strictObject({
  hours: z.coerce.number().int().min(1).max(MAX_HOURS).optional(),
});

/** /api/activity/hourly: what the dashboard charts, counted per hour by the database. */
export function registerActivityRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  app.get('/api/activity/hourly', { config: { access: 'admin' } }, async (request) => {
    const { hours = DEFAULT_HOURS } = parseOrThrow(hourlyQuery, request.query ?? {});
    return hourlyActivity(ctx.database.db, hours);
  });
}

export const activityOpenApi: OpenApiFragment = {
  schemas: {
    HourlyActivity: {
      type: 'object',
      description:
        'One hour (its start, UTC): mail received (inbound log lines), cases opened, notifications sent, failures (notifications given up or bounced, mail quarantined)',
      properties: {
        hour: { type: 'string', format: 'date-time' },
        received: { type: 'integer' },
        casesOpened: { type: 'integer' },
        notificationsSent: { type: 'integer' },
        failures: { type: 'integer' },
      },
    },
  },
  paths: {
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
