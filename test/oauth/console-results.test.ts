import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DrobotError } from '../../src/errors/drobot-error.js';
import { commonErrors } from '../../src/errors/common.errors.js';
import { ConsoleOAuthResults } from '../../src/oauth/console-results.js';

const token = {
  audience: 'outlook',
  expiresAt: '2026-12-01T00:00:00.000Z',
  scopes: [],
  hasRefreshToken: true,
  flow: 'delegated',
} as const;

describe('the outcomes of console consents, kept for the form', () => {
  test('an outcome is read by its id until it expires; ids are unguessable and unique', () => {
    let now = 1_000;
    const results = new ConsoleOAuthResults({ ttlMs: 60_000, clock: () => now });
    const ok = results.put({ account: 'mesa', ok: true, token });
    const failed = results.put({
      account: 'mesa',
      ok: false,
      error: new DrobotError(commonErrors.internal),
    });
    assert.notEqual(ok, failed);
    assert.match(ok, /^[\w-]{24}$/);
    assert.equal(results.get(ok)?.ok, true);
    assert.equal(results.get(ok)?.account, 'mesa', 'a reload of the form reads it again');
    assert.equal(results.get(failed)?.ok, false);
    assert.equal(results.get('unknown'), undefined);
    now += 60_000;
    assert.equal(results.get(ok), undefined, 'gone once expired');
  });

  test('bounded: past the limit the oldest outcomes go first', () => {
    const results = new ConsoleOAuthResults({ max: 3 });
    const ids = Array.from({ length: 5 }, (_, i) => results.put({ account: `a${i}`, ok: true, token }));
    assert.deepEqual(
      ids.map((id) => results.get(id)?.account),
      [undefined, undefined, 'a2', 'a3', 'a4'],
    );
  });
});
