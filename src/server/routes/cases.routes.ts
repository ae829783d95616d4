import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseStatus } from '../../cases/case-status.js';
import { CASE_STATUSES } from '../../cases/case.types.js';
import { commonErrors } from '../../errors/common.errors.js';
import { DrobotError } from '../../errors/drobot-error.js';
import { parseOrThrow } from '../../errors/validation.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import type { RouteDeps } from '../app.js';
import { downloadHeaders } from '../download-headers.js';
import { setNextLink } from '../paging.js';
import { decodeTimeCursor, encodeTimeCursor, pageOf } from '../../storage/page.js';
import type { OpenApiFragment } from '../openapi.js';
import { errorResponses as errors, json, ref } from '../openapi.helpers.js';

/** A status named in Spanish or English ("abierto", "open"), as the stored key. */
const status = z.preprocess(
  (v) => (typeof v === 'string' ? (parseStatus(v) ?? v) : v),
  z.enum(CASE_STATUSES),
);

const listQuery = z.strictObject({
  status: status.optional(),
  requester: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  after: z.string().max(200).optional(),
});

const statusPatch = z.strictObject({ status });

const idParam = z.strictObject({ id: z.coerce.number().int().min(1) });
const attachmentParams = z.strictObject({
  id: z.coerce.number().int().min(1),
  attachmentId: z.coerce.number().int().min(1),
});

/** /api/cases: the help desk cases, their messages and attachments. */
export function registerCaseRoutes(app: FastifyInstance, { ctx, limits }: RouteDeps): void {
  app.get('/api/cases', async (request, reply) => {
    const { cases } = await inboundOf(ctx);
    const { after, limit = 100, ...query } = parseOrThrow(listQuery, request.query);
    const rows = await cases.list({ ...query, limit: limit + 1, after: decodeTimeCursor(after) });
    const page = pageOf(rows, limit, (c) => encodeTimeCursor(c.updatedAt, c.id));
    setNextLink(reply, request.url, page.next);
    return page.items;
  });

  app.get('/api/cases/:id', async (request) => {
    const { cases } = await inboundOf(ctx);
    return cases.get(parseOrThrow(idParam, request.params).id);
  });

  app.patch('/api/cases/:id', async (request) => {
    const { cases } = await inboundOf(ctx);
    const { id } = parseOrThrow(idParam, request.params);
    return cases.setStatus(id, parseOrThrow(statusPatch, request.body).status);
  });

  const download = { config: { deadlineMs: limits.downloadTimeoutMs } };
  app.get('/api/cases/:id/attachments/:attachmentId', download, async (request, reply) => {
    const { cases, blobs } = await inboundOf(ctx);
    const { id, attachmentId } = parseOrThrow(attachmentParams, request.params);
    const { messages } = await cases.get(id);
    const attachment = messages.flatMap((m) => m.attachments).find((a) => a.id === attachmentId);
    if (!attachment || !blobs.has(attachment.hash)) {
      throw new DrobotError(commonErrors.notFound, { params: { what: 'attachment', id: attachmentId } });
    }
    // Name and type came from a mail: checked and encoded, and the file is never rendered in place.
    return reply.headers(downloadHeaders(attachment)).send(blobs.openStream(attachment.hash));
  });
}

const idPath = [
  { name: 'id', in: 'path', required: true, description: 'case number', schema: { type: 'integer' } },
];

export const casesOpenApi: OpenApiFragment = {
  schemas: {
    Case: {
      type: 'object',
      description: 'A help desk case: number, subject, status, requester, source account, times.',
      additionalProperties: true,
    },
    CaseWithMessages: {
      type: 'object',
      description:
        'A case and its messages in order; each message has the full text, the text without quoted history, sanitized HTML, its classification and attachments.',
      additionalProperties: true,
    },
    CaseStatusPatch: z.toJSONSchema(statusPatch, { io: 'input' }),
  },
  paths: {
    '/api/cases': {
      get: {
        summary: 'List cases, newest activity first',
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: [...CASE_STATUSES] } },
          { name: 'requester', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
          {
            name: 'after',
            in: 'query',
            description: 'the cursor of the previous page (its Link rel="next" header, or X-Next-Cursor)',
            schema: { type: 'string' },
          },
        ],
        responses: { '200': json({ type: 'array', items: ref('Case') }), ...errors },
      },
    },
    '/api/cases/{id}': {
      parameters: idPath,
      get: {
        summary: 'Show a case with its messages',
        responses: { '200': json(ref('CaseWithMessages')), '404': json(ref('Error')), ...errors },
      },
      patch: {
        summary: 'Change the status of a case',
        requestBody: { required: true, ...json(ref('CaseStatusPatch')) },
        responses: { '200': json(ref('Case')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/cases/{id}/attachments/{attachmentId}': {
      parameters: [
        ...idPath,
        { name: 'attachmentId', in: 'path', required: true, schema: { type: 'integer' } },
      ],
      get: {
        summary: 'Download an attachment or inline image of a case',
        responses: { '200': { description: 'The file' }, '404': json(ref('Error')), ...errors },
      },
    },
  },
};
