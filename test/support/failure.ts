import assert from 'node:assert/strict';
import { isDrobotError, type DrobotError } from '../../src/errors/drobot-error.js';

/** The DrobotError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function drobotFailure(promise: Promise<unknown>): Promise<DrobotError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDrobotError(error), String(error));
    return error;
  }
  assert.fail('expected a failure');
}
