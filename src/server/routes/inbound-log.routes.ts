import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import type { BlobPort } from '../../cases/blob.port.js';
import { parseOrThrow } from '../../errors/validation.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { parseInboundLogQuery, readInboundLog } from '../../inbound/log/inbound-log.js';
import {
  RAW_MAIL_TYPE,
  rawOfCaseMessage,
  rawOfQuarantine,
  type RawMail,
} from '../../inbound/log/raw-mail.js';
import type { RouteDeps } from '../app.js';
import { downloadHeaders } from '../download-headers.js';
import { setNextLink } from '../paging.js';
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

const messageParams = z.strictObject({
  id: z.coerce.number().int().min(1),
  msgId: z.coerce.number().int().min(1),
});
const idParam = z.strictObject({ id: z.coerce.number().int().min(1) });

/** Headers of a raw mail download: never rendered in place, never cached. */
function rawHeaders(raw: RawMail): Record<string, string> {
  return {
    ...downloadHeaders({ contentType: RAW_MAIL_TYPE, filename: raw.filename }),
    'content-length': String(raw.size),
  };
}

/**
 * /api/inbound/log: every mail seen on a server and what became of it; and the raw mail of a case
 * message or of a quarantined item. Administrators only: raw mail holds everything a sender wrote.
 */
export function registerInboundLogRoutes(app: FastifyInstance, { ctx, limits }: RouteDeps): void {
  app.get('/api/inbound/log', { config: { access: 'admin' } }, async (request, reply) => {
    const query = parseInboundLogQuery(request.query);
    const accountId = query.account ? (await ctx.accounts.get(query.account)).id : undefined;
    const page = await readInboundLog(ctx.database.db, {
      ...(accountId !== undefined ? { accountId } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.after !== undefined ? { after: query.after } : {}),
    });
    // The same headers as every other listing; the body keeps its cursor too, as it always had.
    setNextLink(reply, request.url, page.nextCursor ?? undefined);
    return page;
  });

  const download = { config: { access: 'admin' as const, deadlineMs: limits.downloadTimeoutMs } };
  app.get('/api/cases/:id/messages/:msgId/raw', download, async (request, reply) => {
    const { blobs } = await inboundOf(ctx);
    const { id, msgId } = parseOrThrow(messageParams, request.params);
    const raw = await rawOfCaseMessage(ctx.database.db, blobs, msgId, id);
    return reply.headers(rawHeaders(raw)).send(await rawStream(blobs, raw.hash));
  });

  app.get('/api/quarantine/:id/raw', download, async (request, reply) => {
    const { blobs } = await inboundOf(ctx);
    const raw = await rawOfQuarantine(ctx.database.db, blobs, parseOrThrow(idParam, request.params).id);
    return reply.headers(rawHeaders(raw)).send(await rawStream(blobs, raw.hash));
  });
}

/** The stored bytes of a raw mail just found (an error if the sweep took them meanwhile). */
async function rawStream(blobs: BlobPort, hash: string) {
  const blob = await blobs.open(hash);
  if (!blob) throw new Error(`raw mail ${hash} is no longer stored`);
  return blob.stream;
}

const rawResponse = {
  description: 'The mail exactly as the server delivered it (message/rfc822, as an attachment).',
  content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } },
};

export const inboundLogOpenApi: OpenApiFragment = {
  schemas: {
    InboundLogPage: object(
      {
        items: arrayOf(
          object({
            id: integer,
            accountId: integer,
            account: orNull(string),
            mailbox: string,
            uid: string,
            from: orNull(string),
            subject: orNull(string),
            outcome: string,
            detail: orNull(string),
            caseNumber: orNull(integer),
            caseMessageId: orNull(integer),
            quarantineId: orNull(integer),
            at: dateTime,
          }),
        ),
        nextCursor: orNull(string),
      },
      {
        description:
          'Mail seen on the servers, newest first: account, server id, from, subject, outcome (new_case, follow_up, auto_recorded, auto_unmatched, dropped, duplicate, preexisting, throttled, quarantined, queued), its detail (a new case that got no acknowledgment: not_acknowledged:<reason>), case number. nextCursor is the `after` of the next page, null at the end.',
      },
    ),
  },
  paths: {
    '/api/inbound/log': {
      get: {
        summary: 'Every mail seen on an inbound server and what became of it',
        parameters: [
          { name: 'account', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          {
            name: 'after',
            in: 'query',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
        ],
        responses: { '200': json(ref('InboundLogPage')), ...errors },
      },
    },
    '/api/cases/{id}/messages/{msgId}/raw': {
      parameters: [
        { name: 'id', in: 'path', required: true, description: 'case number', schema: { type: 'integer' } },
        { name: 'msgId', in: 'path', required: true, schema: { type: 'integer' } },
      ],
      get: {
        summary: 'Download the raw mail of a case message (.eml)',
        responses: { '200': rawResponse, '404': json(ref('Error')), ...errors },
      },
    },
    '/api/quarantine/{id}/raw': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: {
        summary: 'Download the raw mail of a quarantined item (.eml)',
        responses: { '200': rawResponse, '404': json(ref('Error')), ...errors },
      },
    },
  },
};
