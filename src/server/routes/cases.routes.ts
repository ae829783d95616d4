import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import type { CaseWithMessages } from '../../cases/case.service.js';
import { BOUNCE_KINDS, CASE_STATUSES, CLASSIFICATIONS, DELIVERY_STATES } from '../../cases/case.types.js';
import { notFoundError } from '../../errors/common.errors.js';
import { parseOrThrow } from '../../errors/validation.js';
import { caseFiltersSchema, caseStatusSchema, toCaseQuery } from '../../helpdesk/case-filters.js';
import { HISTORY_EVENT_KINDS } from '../../helpdesk/case-history.js';
import { caseView, conversationOf } from '../../helpdesk/helpdesk.context.js';
import { REPLY_LIMITS } from '../../helpdesk/reply.input.js';
import type { Lang } from '../../i18n/lang.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { outboxErrorIn } from '../../notifications/outbox.repository.js';
import { withRemoteImages } from '../../inbound/parse/html.remote-images.js';
import { BODY_LIMITS } from '../limits.js';
import type { RouteDeps } from '../app.js';
import type { Principal } from '../access.js';
import { downloadHeaders } from '../download-headers.js';
import { setNextLink } from '../paging.js';
import { ADMIN_TOKEN_AUTHOR } from '../../helpdesk/change-author.js';
import { decodeTimeCursor, encodeTimeCursor, pageOf } from '../../storage/page.js';
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
  string,
} from '../openapi.helpers.js';

const listQuery = caseFiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  after: z.string().max(200).optional(),
});

/**
 * Base64 as RFC 4648 writes it: groups of four, `=` only at the end. Checked by its length and one character
 * class, not by a pattern of groups, whose repetition V8 runs on its stack (a file over about 3 MiB overflowed
 * it: a 500 for an attachment within the limits).
 */
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_CHARS.test(text);
}

const replyBody = z.strictObject({
  text: z.string().max(REPLY_LIMITS.textChars * 4),
  attachments: z
    .array(
      z.strictObject({
        filename: z.string().min(1).max(255),
        contentType: z.string().max(200).optional(),
        contentBase64: z
          .string()
          .max(Math.ceil(REPLY_LIMITS.attachmentBytes / 3) * 4)
          .refine(isBase64, 'base64'),
      }),
    )
    .max(REPLY_LIMITS.attachments)
    .optional(),
  status: caseStatusSchema.optional(),
  author: z.string().max(200).optional(),
});

const noteBody = z.strictObject({
  text: z.string().max(REPLY_LIMITS.textChars * 4),
  author: z.string().max(200).optional(),
});

const statusPatch = z.strictObject({ status: caseStatusSchema, author: z.string().max(200).optional() });

const idParam = z.strictObject({ id: z.coerce.number().int().min(1) });
const messageParams = z.strictObject({
  id: z.coerce.number().int().min(1),
  msgId: z.coerce.number().int().min(1),
});
const htmlQuery = z.strictObject({ images: z.enum(['blocked', 'remote']).optional() });

/**
 * The policy of a mail's HTML page: nothing runs, nothing is sent, the page is sandboxed even if opened
 * alone, framed only by the console; remote images load only when the person asked for them.
 */
function mailHtmlPolicy(remoteImages: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${remoteImages ? ' http: https:' : ''}`,
    "form-action 'none'",
    "base-uri 'none'",
    'sandbox',
    "frame-ancestors 'self'",
  ].join('; ');
}
const attachmentParams = z.strictObject({
  id: z.coerce.number().int().min(1),
  attachmentId: z.coerce.number().int().min(1),
});

/**
 * Who signs an answer, a note or a status change: a signed-in person is always themselves (an agent cannot
 * sign as someone else); a script with the admin token may name the author.
 */
function authorOf(principal: Principal | undefined, given: string | undefined): string | undefined {
  return principal?.via === 'session' ? principal.name : given;
}

/** /api/cases: the help desk cases, their messages and attachments. */
export function registerCaseRoutes(app: FastifyInstance, { ctx, limits }: RouteDeps): void {
  // Agents work the cases: every route here is theirs as well as the administrators'.
  const agent = { config: { access: 'agent' as const } };
  app.get('/api/cases', agent, async (request, reply) => {
    const { cases } = await inboundOf(ctx);
    const { after, limit = 100, offset, ...filters } = parseOrThrow(listQuery, request.query);
    const query = await toCaseQuery(filters, async (ref) => (await ctx.accounts.get(ref)).id);
    const rows = await cases.list({ ...query, limit: limit + 1, offset, after: decodeTimeCursor(after) });
    const page = pageOf(rows, limit, (c) => encodeTimeCursor(c.updatedAt, c.id));
    setNextLink(reply, request.url, page.next);
    return page.items;
  });

  app.get('/api/cases/:id', agent, async (request) => {
    return deliveryErrorsIn(await caseView(ctx, parseOrThrow(idParam, request.params).id), request.lang);
  });

  app.patch('/api/cases/:id', agent, async (request) => {
    const conversation = await conversationOf(ctx);
    const { id } = parseOrThrow(idParam, request.params);
    const body = parseOrThrow(statusPatch, request.body);
    // A change is never by nobody: the admin token that names no one is the author itself.
    const result = await conversation.setStatus(id, body.status, {
      author: authorOf(request.principal, body.author),
      otherwise: request.principal?.via === 'token' ? ADMIN_TOKEN_AUTHOR : undefined,
    });
    return { ...result.case, notification: result.notification };
  });

  app.post('/api/cases/:id/replies', { ...agent, bodyLimit: BODY_LIMITS.reply }, async (request, reply) => {
    const conversation = await conversationOf(ctx);
    const { id } = parseOrThrow(idParam, request.params);
    const body = parseOrThrow(replyBody, request.body);
    const result = await conversation.reply(id, {
      text: body.text,
      attachments: (body.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.contentBase64, 'base64'),
      })),
      status: body.status,
      author: authorOf(request.principal, body.author),
    });
    return reply.code(201).send(result);
  });

  app.post('/api/cases/:id/notes', agent, async (request, reply) => {
    const conversation = await conversationOf(ctx);
    const { id } = parseOrThrow(idParam, request.params);
    const body = parseOrThrow(noteBody, request.body);
    return reply
      .code(201)
      .send(await conversation.note(id, { ...body, author: authorOf(request.principal, body.author) }));
  });

  app.get('/api/cases/:id/messages/:msgId/html', agent, async (request, reply) => {
    const { cases } = await inboundOf(ctx);
    const { id, msgId } = parseOrThrow(messageParams, request.params);
    const { images } = parseOrThrow(htmlQuery, request.query ?? {});
    const message = (await cases.get(id)).messages.find((m) => m.id === msgId);
    if (!message?.html) {
      throw notFoundError('htmlMessage', msgId);
    }
    const remote = images === 'remote';
    const body = remote ? withRemoteImages(message.html) : message.html;
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', mailHtmlPolicy(remote))
      .send(`<!doctype html><meta charset="utf-8"><title>${message.id}</title>${body}`);
  });

  const download = { config: { access: 'agent' as const, deadlineMs: limits.downloadTimeoutMs } };
  app.get('/api/cases/:id/attachments/:attachmentId', download, async (request, reply) => {
    const { cases, blobs } = await inboundOf(ctx);
    const { id, attachmentId } = parseOrThrow(attachmentParams, request.params);
    const { messages } = await cases.get(id);
    const attachment = messages.flatMap((m) => m.attachments).find((a) => a.id === attachmentId);
    const blob = attachment ? await blobs.open(attachment.hash) : null;
    if (!attachment || !blob) {
      throw notFoundError('attachment', attachmentId);
    }
    // Name and type came from a mail: checked and encoded, and the file is never rendered in place.
    return reply.headers(downloadHeaders(attachment)).send(blob.stream);
  });
}

const idPath = [
  { name: 'id', in: 'path', required: true, description: 'case number', schema: { type: 'integer' } },
];

export const casesOpenApi: OpenApiFragment = {
  schemas: {
    Case: object(
      {
        id: integer,
        number: integer,
        subject: string,
        status: { type: 'string', enum: [...CASE_STATUSES] },
        requester: object({ id: integer, address: string, displayName: orNull(string) }),
        sourceAccountId: orNull(integer),
        lang: orNull(string),
        createdAt: dateTime,
        updatedAt: dateTime,
      },
      { description: 'A help desk case: number, subject, status, requester, source account, times.' },
    ),
    CaseWithMessages: object(
      { case: ref('Case'), messages: arrayOf(ref('CaseMessage')), events: arrayOf(ref('CaseEvent')) },
      {
        description:
          'A case and its messages in order; each message has the full text, the text without quoted history, sanitized HTML, its classification and attachments. events: its status changes, and who got no mail about the case and why, in order of time (an event about a message names it).',
      },
    ),
    CaseEvent: object(
      {
        kind: { type: 'string', enum: [...HISTORY_EVENT_KINDS] },
        caseMessageId: orNull(integer),
        address: orNull(string),
        reason: string,
        status: { type: ['string', 'null'], enum: [...CASE_STATUSES, null] },
        previousStatus: { type: ['string', 'null'], enum: [...CASE_STATUSES, null] },
        author: orNull(string),
        createdAt: dateTime,
      },
      {
        description:
          "A status change, or someone who got no mail about the case. status-changed: from previousStatus to status, made by author (the agent as an answer's author, the signed-in user; token:admin for the admin token naming no one, cli:<user> for `drobot cases status` run by that operating-system user without --author; null only for changes kept before) with reason agent (cases status, PATCH, the console) or answer (an answer that set it), or by a mail (reason mail: caseMessageId is the mail, author its sender), whether the requester was told or not; a change that left the status as it was is none. not-sent (a copy of the answer caseMessageId names), not-notified (the requester, of the change to status), not-acknowledged (the new case; caseMessageId is its first mail): reason is a code, as a reply's or a status change's answer gives it (suppressed, no-account, no-reply-address, own-address, invalid-address, throttled, disabled…). Changes made before status-changed was kept have no such event.",
      },
    ),
    CaseStatusPatch: z.toJSONSchema(statusPatch, { io: 'input' }),
    CaseReply: z.toJSONSchema(replyBody, { io: 'input' }),
    CaseNote: z.toJSONSchema(noteBody, { io: 'input' }),
    CaseReplyResult: {
      type: 'object',
      description:
        "The case after the answer, the id of the case message that holds it, and each recipient's copy: queued (with its outbox id and Message-ID), suppressed or skipped; a requester the answer cannot go to is listed first as not-sent, with the reason.",
      additionalProperties: true,
    },
    CaseMessage: object(
      {
        id: integer,
        caseId: integer,
        kind: { type: 'string', enum: ['mail', 'note'] },
        author: orNull(string),
        direction: { type: 'string', enum: ['in', 'out'] },
        classification: { type: 'string', enum: [...CLASSIFICATIONS] },
        noReply: boolean,
        from: ref('MailAddress'),
        to: arrayOf(ref('MailAddress')),
        cc: arrayOf(ref('MailAddress')),
        subject: string,
        sentAt: orNull(dateTime),
        messageId: orNull(string),
        inReplyTo: orNull(string),
        references: arrayOf(string),
        text: string,
        textReply: string,
        textTruncated: boolean,
        html: orNull(string),
        rawHash: orNull(string),
        bounce: {
          ...object(
            {
              recipient: orNull(string),
              status: orNull(string),
              kind: { type: 'string', enum: [...BOUNCE_KINDS] },
            },
            {
              description:
                'An inbound delivery report: the recipient and status it names, and its kind: failure (a bounce), delay (a warning: the mail is still being tried) or report (delivered, relayed, or not told; a report stored before kinds were kept is a failure when its status is 5.x.x)',
            },
          ),
          type: ['object', 'null'],
        },
        createdAt: dateTime,
        attachments: arrayOf(
          object({
            id: integer,
            hash: string,
            filename: string,
            contentType: string,
            size: integer,
            contentId: orNull(string),
            inline: boolean,
          }),
        ),
        omittedParts: integer,
        deliveries: arrayOf(
          object({
            outboxId: integer,
            recipient: string,
            messageId: string,
            state: { type: 'string', enum: [...DELIVERY_STATES] },
            sentAt: orNull(dateTime),
            error: orNull(string),
            bounce: orNull(string),
          }),
        ),
        deliveryState: { type: ['string', 'null'], enum: [...DELIVERY_STATES, null] },
      },
      {
        description:
          'One message of a case: mail received or sent (with its delivery state), or an internal note.',
      },
    ),
    MailAddress: object({ address: string, name: string }, { optional: ['name'] }),
  },
  paths: {
    '/api/cases': {
      get: {
        summary: 'List cases, newest activity first',
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: [...CASE_STATUSES] } },
          { name: 'requester', in: 'query', schema: { type: 'string' } },
          {
            name: 'account',
            in: 'query',
            description: 'inbound account (name or id) the case came through',
            schema: { type: 'string' },
          },
          {
            name: 'since',
            in: 'query',
            description: 'created at or after: YYYY-MM-DD (server time zone) or ISO-8601',
            schema: { type: 'string' },
          },
          {
            name: 'until',
            in: 'query',
            description: 'created up to: YYYY-MM-DD (that day included) or ISO-8601 (before it)',
            schema: { type: 'string' },
          },
          {
            name: 'search',
            in: 'query',
            description: 'words that must all appear in the subject or text of one message of the case',
            schema: { type: 'string' },
          },
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
        summary:
          'Change the status of a case, kept in its history with who made it (a signed-in user is the author; the admin token may name one, else the author is token:admin); the requester is told of the statuses DROBOT_NOTIFY_STATUSES names',
        requestBody: { required: true, ...json(ref('CaseStatusPatch')) },
        responses: { '200': json(ref('Case')), '404': json(ref('Error')), ...errors },
      },
    },
    '/api/cases/{id}/replies': {
      parameters: idPath,
      post: {
        summary:
          'Answer a case: mail to the requester and the participants of its first mail, through the outbox',
        requestBody: { required: true, ...json(ref('CaseReply')) },
        responses: {
          '201': json(ref('CaseReplyResult')),
          '404': json(ref('Error')),
          '409': json(ref('Error')),
          ...errors,
        },
      },
    },
    '/api/cases/{id}/notes': {
      parameters: idPath,
      post: {
        summary: 'Store an internal note on a case (never sent)',
        requestBody: { required: true, ...json(ref('CaseNote')) },
        responses: { '201': json(ref('CaseMessage')), '404': json(ref('Error')), ...errors },
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
    '/api/cases/{id}/messages/{msgId}/html': {
      parameters: [
        ...idPath,
        { name: 'msgId', in: 'path', required: true, schema: { type: 'integer' } },
        {
          name: 'images',
          in: 'query',
          description: 'remote: the remote images load (only when a person asked); blocked by default',
          schema: { enum: ['blocked', 'remote'] },
        },
      ],
      get: {
        summary:
          "A message's sanitized HTML as a page for the console's sandboxed frame (no script, sandboxed by its policy)",
        responses: {
          '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } },
          '404': json(ref('Error')),
          ...errors,
        },
      },
    },
  },
};

/**
 * A case whose sent mails' delivery errors are in the reader's language: the outbox keeps each error in
 * both (older rows: one text, given as it is).
 */
function deliveryErrorsIn<T extends CaseWithMessages>(found: T, lang: Lang): T {
  return {
    ...found,
    messages: found.messages.map((m) =>
      m.deliveries.length === 0
        ? m
        : {
            ...m,
            deliveries: m.deliveries.map((d) => ({ ...d, error: outboxErrorIn(d.error, lang) ?? null })),
          },
    ),
  };
}
