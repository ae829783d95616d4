import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const child = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'support',
  'last-resort-child.js',
);

test('an error nobody caught is logged and the process goes on', () => {
  const run = spawnSync(process.execPath, [child, '4'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'alive');
  assert.equal(run.stderr.match(/the process goes on/g)?.length, 4);
  assert.match(run.stderr, /thrown in a callback 0/);
});

test('a storm of them ends the process with a status its service manager sees', () => {
  const run = spawnSync(process.execPath, [child, '30'], { encoding: 'utf8' });
  assert.equal(run.status, 70);
  assert.match(run.stderr, /too many unexpected errors/);
});
