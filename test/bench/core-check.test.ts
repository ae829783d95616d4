import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coreCheck } from '../../bench/core-check.js';

describe("the bench's core check", () => {
  test('times both loops once alone and once on each of the threads started together', async () => {
    const check = await coreCheck(2, { arithmetic: 2_000_000, memory: 200_000 });
    const all = [check.alone, ...check.together];
    assert.equal(check.together.length, 2);
    for (const t of all) {
      assert.ok(t.arithmeticMs > 0, `arithmetic: ${t.arithmeticMs} ms`);
      assert.ok(t.memoryMs > 0, `memory: ${t.memoryMs} ms`);
    }
  });

  test('the times grow with the iterations: the loops run, they are not optimized away', async () => {
    // A hundred times the work; three times the time leaves room for a stall of the short run.
    const short = await coreCheck(1, { arithmetic: 1_000_000, memory: 50_000 });
    const long = await coreCheck(1, { arithmetic: 100_000_000, memory: 5_000_000 });
    const said = `${JSON.stringify(short.alone)} then ${JSON.stringify(long.alone)}`;
    assert.ok(long.alone.arithmeticMs > short.alone.arithmeticMs * 3, said);
    assert.ok(long.alone.memoryMs > short.alone.memoryMs * 3, said);
  });
});
