import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDrobotError } from '../errors/drobot-error.js';
import { commonErrors } from '../errors/common.errors.js';
import { DrobotError } from '../errors/drobot-error.js';

/** One server-sent event: a name and a JSON payload (one `data:` line: JSON has no raw newlines). */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Answers with `text/event-stream` and runs `work`, which emits events as they happen; its result is
 * sent as the `result` event, an error as the `error` event (rendered in the caller's language, with its
 * field issues), and the stream ends. Read with `fetch` (not `EventSource`), so the request can be a POST
 * carrying the CSRF token.
 */
export function streamEvents<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  work: (emit: (event: string, data: unknown) => void) => Promise<T>,
): FastifyReply {
  const stream = new PassThrough();
  const emit = (event: string, data: unknown) => {
    if (!stream.writableEnded) stream.write(sseEvent(event, data));
  };
  void work(emit).then(
    (result) => {
      emit('result', result);
      stream.end();
    },
    (error: unknown) => {
      const drobot = isDrobotError(error) ? error : new DrobotError(commonErrors.internal, { cause: error });
      emit('error', { status: drobot.status, error: drobot.render(request.lang) });
      stream.end();
    },
  );
  return reply.header('content-type', 'text/event-stream; charset=utf-8').send(stream);
}
