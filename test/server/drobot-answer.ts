import assert from 'node:assert/strict';
import type { RawResponse } from './raw-http.js';

/**
 * Checks an answer carries DRobot's security headers and error body, whoever wrote it (a route, a hook,
 * the router's or Node's own refusals), and returns its message.
 */
export function assertDrobotAnswer(response: RawResponse, status: number, code: string): string {
  assert.equal(response.status, status, response.body);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['referrer-policy'], 'no-referrer');
  assert.equal(response.headers['cache-control'], 'no-store');
  assert.equal(response.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
  assert.equal(response.headers['x-frame-options'], 'DENY');
  assert.match(response.headers['content-type'] ?? '', /^application\/json; charset=utf-8$/);
  const { error } = JSON.parse(response.body) as { error: { code: string; message: string; hint?: string } };
  assert.equal(error.code, code);
  assert.ok(error.hint, 'says what to do');
  return error.message;
}
