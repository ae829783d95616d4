import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { openLogFile } from '../../src/logging/log-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const LOG_FILE_MODULE = path.resolve(here, '../../src/logging/log-file.js');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-log-'));
}

function line(writer: string, n: number): string {
  return `${JSON.stringify({ writer, n, msg: 'x'.repeat(60) })}\n`;
}

function end(stream: Writable): Promise<void> {
  return new Promise((resolve) => stream.end(resolve));
}

/** The log's files, oldest first: `<file>.N` … `<file>.1`, then the current one. */
function filesOf(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const rotated = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1)))
    .map((name) => Number(name.slice(base.length + 1)))
    .sort((a, b) => b - a)
    .map((n) => `${file}.${n}`);
  return [...rotated, ...(fs.existsSync(file) ? [file] : [])];
}

function entriesOf(file: string): Array<{ writer: string; n: number }> {
  return filesOf(file).flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { writer: string; n: number }),
  );
}

describe('the log file', () => {
  it('is rotated at its size, keeps the newest files and never splits a line', async () => {
    const file = path.join(tempDir(), 'drobot.log');
    const stream = openLogFile(file, { maxBytes: 2000, keep: 3 });
    for (let n = 0; n < 200; n++) stream.write(line('a', n));
    await end(stream);

    assert.deepEqual(filesOf(file), [`${file}.3`, `${file}.2`, `${file}.1`, file]);
    assert.ok(!fs.existsSync(`${file}.4`), 'the oldest file beyond the three kept is deleted');
    const lineBytes = Buffer.byteLength(line('a', 100));
    for (const rotated of filesOf(file).slice(0, -1)) {
      const size = fs.statSync(rotated).size;
      assert.ok(size >= 2000 && size < 2000 + lineBytes, `${rotated} holds ${size} bytes`);
    }
    // What is kept is the end of what was written, in order, every line whole.
    const kept = entriesOf(file).map((e) => e.n);
    assert.ok(kept.length > 3 * Math.floor(2000 / lineBytes));
    assert.deepEqual(
      kept,
      Array.from({ length: kept.length }, (_, i) => 200 - kept.length + i),
    );
  });

  it('is readable by its owner only, rotated or not', async () => {
    const file = path.join(tempDir(), 'drobot.log');
    const stream = openLogFile(file, { maxBytes: 500, keep: 2 });
    for (let n = 0; n < 20; n++) stream.write(line('a', n));
    await end(stream);
    for (const f of filesOf(file)) assert.equal(fs.statSync(f).mode & 0o777, 0o600, f);
  });

  it('is opened again when another process or logrotate moved it away', async () => {
    const file = path.join(tempDir(), 'drobot.log');
    let now = 0;
    const stream = openLogFile(file, { checkEveryMs: 1000, clock: () => now });
    stream.write(line('a', 1));
    fs.renameSync(file, `${file}.old`);
    now = 500;
    stream.write(line('a', 2)); // not looked at yet: still the moved file
    now = 1000;
    stream.write(line('a', 3));
    await end(stream);
    assert.deepEqual(
      entriesOf(`${file}.old`).map((e) => e.n),
      [1, 2],
    );
    assert.deepEqual(
      entriesOf(file).map((e) => e.n),
      [3],
    );
  });

  it('keeps every line of two processes that write and rotate the same file', async () => {
    const file = path.join(tempDir(), 'drobot.log');
    const lines = 3000;
    const writer = (name: string) =>
      new Promise<void>((resolve, reject) => {
        const script = `
          const { openLogFile } = await import(${JSON.stringify(LOG_FILE_MODULE)});
          const stream = openLogFile(${JSON.stringify(file)}, { maxBytes: 20000, keep: 60, checkEveryMs: 0 });
          for (let n = 0; n < ${lines}; n++) {
            stream.write(JSON.stringify({ writer: ${JSON.stringify(name)}, n, msg: 'x'.repeat(60) }) + '\\n');
          }
          stream.end();
        `;
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${name}: ${code}`))));
      });
    await Promise.all([writer('a'), writer('b')]);

    const entries = entriesOf(file);
    const sizes = filesOf(file).map((f) => fs.statSync(f).size);
    assert.ok(sizes.length > 10, `rotated many times: ${sizes.join(' ')}`);
    for (const name of ['a', 'b']) {
      const mine = entries.filter((e) => e.writer === name).map((e) => e.n);
      assert.equal(mine.length, lines, `every line of ${name}, once`);
      assert.deepEqual(
        [...mine].sort((x, y) => x - y),
        Array.from({ length: lines }, (_, i) => i),
      );
    }
  });

  it('waits for a rotation under way, and takes over one left by a process that died', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'drobot.log');
    const lock = path.join(dir, '.drobot.log.rotating');
    fs.writeFileSync(lock, '');
    const stream = openLogFile(file, { maxBytes: 500 });
    for (let n = 0; n < 20; n++) stream.write(line('a', n));
    assert.deepEqual(filesOf(file), [file], 'not rotated while another process holds the lock');
    const twoMinutesAgo = (Date.now() - 120_000) / 1000;
    fs.utimesSync(lock, twoMinutesAgo, twoMinutesAgo);
    stream.write(line('a', 20));
    await end(stream);
    assert.deepEqual(filesOf(file), [`${file}.1`], 'rotated once the lock is a minute old');
    assert.ok(!fs.existsSync(lock), 'the lock is gone');
    assert.deepEqual(
      entriesOf(file).map((e) => e.n),
      Array.from({ length: 21 }, (_, i) => i),
    );
  });

  it('drops its lines while it cannot be written, without stopping, and writes again once it can', async () => {
    const dir = path.join(tempDir(), 'gone');
    const file = path.join(dir, 'drobot.log');
    const stream = openLogFile(file);
    stream.write(line('a', 1));
    fs.mkdirSync(dir);
    stream.write(line('a', 2));
    await end(stream);
    stream.write(line('a', 3)); // after the end: dropped, no unhandled error
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      entriesOf(file).map((e) => e.n),
      [2],
    );
  });
});
