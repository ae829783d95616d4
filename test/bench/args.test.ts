import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArgs, showsEveryFigure, type BenchArgs } from '../../bench/args.js';

function args(...argv: string[]): BenchArgs {
  const parsed = parseArgs(argv);
  assert.notEqual(parsed, 'help');
  return parsed as BenchArgs;
}

describe('the databases a run measures', () => {
  test('PostgreSQL at every size unless told otherwise', () => {
    assert.deepEqual(args().pgSizes, [1000, 10_000]);
    assert.deepEqual(args('--sizes', '200,500').pgSizes, [200, 500]);
    assert.deepEqual(args('--pg-sizes', '1000').pgSizes, [1000]);
  });
});

describe('how many runs each figure takes', () => {
  test('five at 1,000 mails or fewer and three above, unless told otherwise', () => {
    assert.deepEqual([args().repeat, args().repeatLarge], [5, 3]);
    assert.deepEqual(
      [args('--repeat', '3', '--repeat-large', '1').repeat, args('--repeat-large', '1').repeatLarge],
      [3, 1],
    );
    assert.throws(() => args('--repeat-large', '0'), /--repeat-large: from 1 to 9 runs/);
  });
});

describe('which bench runs replace latest.md', () => {
  test('the default run does', () => {
    assert.equal(showsEveryFigure(args()), true);
    assert.equal(showsEveryFigure(args('--profile', '--repeat', '3')), true);
  });

  test('a run that leaves out any figure the README shows does not', () => {
    for (const partial of [
      ['--quick'],
      ['--send-only'],
      ['--sizes', '1000'],
      ['--sizes', '10000'],
      ['--protocols', 'imaps'],
      ['--dbs', 'sqlite'],
      ['--pg-sizes', '10000'],
      ['--pg-sizes', '1000'],
      ['--notifications', '0'],
      ['--big-mb', '0'],
    ])
      assert.equal(showsEveryFigure(args(...partial)), false, partial.join(' '));
  });
});
