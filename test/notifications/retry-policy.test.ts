import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RATE_LIMIT_PRESETS,
  rateLimitFor,
  remainingInWindow,
  windowStartOf,
} from '../../src/notifications/rate-limit.js';
import { decideAfterFailure, retryDelayMs, type RetryPolicy } from '../../src/notifications/retry-policy.js';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000 };

test('backoff doubles per attempt, is capped, and jitters within [half, full]', () => {
  assert.equal(
    retryDelayMs(1, policy, () => 0),
    500,
  );
  assert.equal(
    retryDelayMs(1, policy, () => 1),
    1000,
  );
  assert.equal(
    retryDelayMs(2, policy, () => 1),
    2000,
  );
  assert.equal(
    retryDelayMs(3, policy, () => 0.5),
    3000,
  );
  assert.equal(
    retryDelayMs(10, policy, () => 1),
    10_000,
  );
  assert.equal(
    retryDelayMs(10, policy, () => 0),
    5000,
  );
  for (let attempt = 1; attempt < 40; attempt += 1) {
    const d = retryDelayMs(attempt, policy, Math.random);
    assert.ok(d >= 500 && d <= 10_000, `attempt ${attempt}: ${d}`);
  }
});

test('a failure retries while attempts remain, fails when they are exhausted or it is permanent', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  const retry = decideAfterFailure(2, true, policy, now, () => 1);
  assert.deepEqual(retry, { state: 'retrying', nextAttemptAt: new Date('2026-01-01T00:00:02.000Z') });
  assert.deepEqual(
    decideAfterFailure(5, true, policy, now, () => 1),
    { state: 'failed', exhausted: true },
  );
  assert.deepEqual(
    decideAfterFailure(1, false, policy, now, () => 1),
    { state: 'failed', exhausted: false },
  );
});

test('rate limits: presets, the account setting, one-minute windows', () => {
  assert.equal(rateLimitFor('office365', undefined), 30);
  assert.equal(rateLimitFor('gmail', undefined), 20);
  assert.equal(rateLimitFor('domain', undefined), 60);
  assert.equal(rateLimitFor('unknown', undefined), RATE_LIMIT_PRESETS.domain);
  assert.equal(rateLimitFor('gmail', 5), 5);
  const now = new Date('2026-01-01T10:05:42.123Z');
  assert.equal(windowStartOf(now), '2026-01-01T10:05:00.000Z');
  assert.equal(remainingInWindow(undefined, now, 30), 30);
  assert.equal(remainingInWindow({ window_start: '2026-01-01T10:05:00.000Z', sent_count: 28 }, now, 30), 2);
  assert.equal(remainingInWindow({ window_start: '2026-01-01T10:05:00.000Z', sent_count: 31 }, now, 30), 0);
  assert.equal(remainingInWindow({ window_start: '2026-01-01T10:04:00.000Z', sent_count: 30 }, now, 30), 30);
});
