import type { FastifyReply, FastifyRequest } from 'fastify';
import { DrobotError } from '../errors/drobot-error.js';
import { serverErrors } from './server.errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How long this route may take to answer; the server's default when not given. */
    deadlineMs?: number;
  }
}

/**
 * Starts the deadline of one request: when it passes before the answer is complete, the caller gets
 * 503 (or, once a streamed answer has begun, a cut connection). The work itself stops on its own
 * timeouts. Fastify's own `handlerTimeout` is not used: on Node 20 it is cancelled as soon as a
 * request body has been read, which is when the handlers that need it start.
 */
export function startDeadline(request: FastifyRequest, reply: FastifyReply, defaultMs: number): void {
  const ms = request.routeOptions.config.deadlineMs ?? defaultMs;
  const timer = setTimeout(() => {
    if (reply.sent) return;
    if (reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    const error = new DrobotError(serverErrors.handlerTimeout, { params: { seconds: Math.ceil(ms / 1000) } });
    void reply.status(error.status).send({ error: error.render(request.lang) });
  }, ms);
  timer.unref();
  reply.raw.once('close', () => clearTimeout(timer));
}
