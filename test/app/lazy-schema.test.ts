import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lazySchema } from '../../src/app/lazy-schema.js';
import * as z from '../../src/app/zod.js';

describe('a schema built on first use', () => {
  it('is not built when declared, is built at its first use, and once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return z.strictObject({ name: z.string().min(1) });
    });
    assert.equal(builds, 0, 'declaring it builds nothing');
    const first = schema();
    assert.equal(builds, 1);
    assert.equal(schema(), first, 'the same schema every time');
    assert.equal(builds, 1);
    assert.deepEqual(first.parse({ name: 'soporte' }), { name: 'soporte' });
    assert.equal(first.safeParse({ name: '' }).success, false);
  });
});
