import type { FastifyReply } from 'fastify';

/**
 * When a listing has more, says where the next page is: a `Link: <…>; rel="next"` header (RFC 8288)
 * with the same query and `after`, and the bare cursor in `X-Next-Cursor`. The body stays an array.
 */
export function setNextLink(reply: FastifyReply, url: string, next: string | undefined): void {
  if (next === undefined) return;
  const target = new URL(url, 'http://drobot.invalid');
  target.searchParams.set('after', next);
  reply.header('link', `<${target.pathname}${target.search}>; rel="next"`);
  reply.header('x-next-cursor', next);
}
