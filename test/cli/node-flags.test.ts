import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DROBOT_NODE_FLAGS } from '../../src/cli/node-flags.js';
import { DROBOT_V8_FLAGS } from '../../src/cli/v8-flags.js';
import { CLI_ENTRY } from '../support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shebang = fs.readFileSync(CLI_ENTRY, 'utf8').split('\n')[0] ?? '';

/** The environment of the nodes started here: without NODE_OPTIONS, whose flags would be theirs too. */
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS'));

/** The heap limit (bytes) of a node started with these arguments, as V8 reports it. */
function heapLimit(command: string, args: readonly string[]): number {
  const script = 'console.log(require("node:v8").getHeapStatistics().heap_size_limit)';
  return Number(execFileSync(command, [...args, '-e', script], { encoding: 'utf8', env: childEnv }).trim());
}

/** The number a script prints, run by a node started with `args` on its main thread or in a worker thread. */
function numberPrinted(args: readonly string[], script: string, where: 'main' | 'worker'): number {
  const code =
    where === 'main'
      ? script
      : `new (require('node:worker_threads').Worker)(${JSON.stringify(script)}, { eval: true })`;
  return Number(
    execFileSync(process.execPath, [...args, '-e', code], { encoding: 'utf8', env: childEnv }).trim(),
  );
}

/**
 * Full collections (mark-compacts) a node started with `args` runs while objects kept alive fill its heap to
 * 28 MB, on the main thread or in a worker thread (the parse thread is one).
 */
function fullCollections(args: readonly string[], where: 'main' | 'worker'): number {
  const fill = `
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    const majors = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors.push(e.startTime);
    });
    observer.observe({ entryTypes: ['gc'] });
    const kept = [];
    let n = 0;
    while (process.memoryUsage().heapUsed < 28 * 1048576) {
      kept.push(Array.from({ length: 1000 }, (_, j) => ({ j })));
      if (++n % 4 === 0) kept[n - 3] = null;
    }
    // Only those while it filled: an idle isolate may collect later to give memory back.
    const filled = performance.now();
    setTimeout(() => {
      observer.disconnect();
      console.log(majors.filter((t) => t < filled).length);
    }, 100);`;
  return numberPrinted(args, fill, where);
}

/**
 * The new space (MB) of a node started with `args` once short-lived objects have churned through it long
 * enough for V8 to grow it to its bound, on the main thread or in a worker thread.
 */
function newSpaceMb(args: readonly string[], where: 'main' | 'worker'): number {
  const churn = `
    let kept = [];
    for (let i = 0; i < 3e6; i++) {
      const o = { i, s: 'x' + i };
      if (i % 10 === 0) kept.push(o);
      if (kept.length > 20000) kept = [];
    }
    const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(space.space_size / 1048576);`;
  return numberPrinted(args, churn, where);
}

/**
 * Functions V8's optimizing compiler inlines into one hot function calling twelve small ones, in a node that
 * first imports `setup` (a module's URL) when given.
 */
function functionsInlined(setup?: URL): number {
  const hot = `
    ${setup ? `await import(${JSON.stringify(setup.href)});` : ''}
    const small = Array.from({ length: 12 }, (_, k) =>
      new Function('x', 'let y = x * ' + (k + 1) + '; if (y > 1000) y = y % 997;' +
        ' for (let j = 0; j < 3; j++) y = (y * 31 + j) % 1009; return y + ' + k + ';'));
    const [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11] = small;
    const hot = (x) => f0(x) + f1(x) + f2(x) + f3(x) + f4(x) + f5(x) + f6(x) + f7(x) + f8(x) + f9(x) + f10(x) + f11(x);
    let total = 0;
    for (let i = 0; i < 3e5; i++) total += hot(i);
    if (total < 0) console.log(total);`;
  const trace = execFileSync(process.execPath, ['--trace-turbo-inlining', '--input-type=module', '-e', hot], {
    encoding: 'utf8',
    env: childEnv,
    maxBuffer: 64 * 1024 * 1024,
  });
  return trace.split('\n').filter((line) => line.startsWith('Inlining ')).length;
}

describe('the Node flags drobot runs with', () => {
  test('the shebang of the drobot command and `npm start` carry the flags of node-flags.ts', () => {
    assert.equal(shebang, `#!/usr/bin/env -S node ${DROBOT_NODE_FLAGS.join(' ')}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts.start, `node ${DROBOT_NODE_FLAGS.join(' ')} dist/bin/drobot.js serve`);
  });

  test('the shebang fits in what Linux kernels before 5.1 read of it (127 characters)', () => {
    assert.ok(shebang.length <= 127, `${shebang.length} characters: ${shebang}`);
  });

  test('the V8 flags drobot sets for itself take effect, from the first module of the command', () => {
    assert.ok(DROBOT_V8_FLAGS.length > 0);
    const flags = new URL('../../src/cli/v8-flags.js', import.meta.url);
    // A quarter of the default inlining budget: fewer functions inlined into the same hot code.
    assert.ok(functionsInlined(flags) < functionsInlined());
    // In the command's own file, not in a chunk loaded later.
    assert.match(fs.readFileSync(CLI_ENTRY, 'utf8'), /setFlagsFromString/);
  });

  test('node started as the shebang says runs drobot, with a smaller heap than by default', () => {
    const interpreter = shebang.replace(/^#!/, '').split(' ');
    const [command = '', ...args] = interpreter;
    const version = execFileSync(command, [...args, CLI_ENTRY, '--version'], { encoding: 'utf8' });
    assert.match(version.trim(), /^\d+\.\d+\.\d+/);
    assert.ok(heapLimit(command, args) < heapLimit(process.execPath, []));
  });

  test('no full collection before the old generation reaches 32 MB, on the main thread and in a worker', () => {
    const heapLimitOnly = DROBOT_NODE_FLAGS.filter((f) => f.startsWith('--max-old-space-size='));
    for (const where of ['main', 'worker'] as const) {
      // Without the initial size V8 collects the whole heap on the way (at about 12 and 20 MB here).
      assert.ok(fullCollections(heapLimitOnly, where) > 0, where);
      assert.equal(fullCollections(DROBOT_NODE_FLAGS, where), 0, where);
    }
  });

  test('the young generation has the same bound on every Node release, on the main thread and in a worker', () => {
    const withoutBound = DROBOT_NODE_FLAGS.filter((f) => !f.startsWith('--max-semi-space-size='));
    for (const where of ['main', 'worker'] as const) {
      // Left to V8, 32 MB on Node 20, 22 and 26, 64 MB on Node 24's main thread.
      assert.ok(newSpaceMb(withoutBound, where) > 16, where);
      assert.ok(newSpaceMb(DROBOT_NODE_FLAGS, where) <= 16, where);
    }
  });
});
