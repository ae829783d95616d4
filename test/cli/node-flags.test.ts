import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DROBOT_NODE_FLAGS } from '../../src/cli/node-flags.js';
import { CLI_ENTRY } from '../support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shebang = fs.readFileSync(CLI_ENTRY, 'utf8').split('\n')[0] ?? '';

/** The heap limit (bytes) of a node started with these arguments, as V8 reports it. */
function heapLimit(command: string, args: readonly string[]): number {
  const script = 'console.log(require("node:v8").getHeapStatistics().heap_size_limit)';
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return Number(execFileSync(command, [...args, '-e', script], { encoding: 'utf8', env }).trim());
}

describe('the Node flags drobot runs with', () => {
  test('the shebang of the drobot command and `npm start` carry the flags of node-flags.ts', () => {
    assert.equal(shebang, `#!/usr/bin/env -S node ${DROBOT_NODE_FLAGS.join(' ')}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts.start, `node ${DROBOT_NODE_FLAGS.join(' ')} dist/bin/drobot.js serve`);
  });

  test('node started as the shebang says runs drobot, with a smaller heap than by default', () => {
    const interpreter = shebang.replace(/^#!/, '').split(' ');
    const [command = '', ...args] = interpreter;
    const version = execFileSync(command, [...args, CLI_ENTRY, '--version'], { encoding: 'utf8' });
    assert.match(version.trim(), /^\d+\.\d+\.\d+/);
    assert.ok(heapLimit(command, args) < heapLimit(process.execPath, []));
  });
});
