import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

const here = path.dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');
const CHILD = path.join(here, `../support/sqlite-temp-child.${fromSource ? 'ts' : 'js'}`);

describe('SQLite files: owner-only, and no temporary file outside the data directory', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-sqlite-files-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps what SQLite spills out of the system temp directory, and makes its files 0600', async () => {
    const dataDir = path.join(root, 'data');
    const systemTemp = path.join(root, 'system-tmp');
    fs.mkdirSync(systemTemp);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...(fromSource ? ['--import', 'tsx'] : []), CHILD, dataDir],
      // Where SQLite would put its temporary files otherwise.
      { env: { PATH: process.env.PATH ?? '', SQLITE_TMPDIR: systemTemp, TMPDIR: systemTemp } },
    );
    const { open, modes } = JSON.parse(stdout) as { open: string[]; modes: Record<string, string> };
    assert.ok(
      open.some((f) => f.startsWith(path.join(dataDir, 'drobot.sqlite'))),
      stdout,
    );
    assert.deepEqual(
      open.filter((f) => f.startsWith(systemTemp)),
      [],
      'no temporary file in the system temp directory',
    );
    assert.deepEqual(modes, {
      'drobot.sqlite': '600',
      'drobot.sqlite-shm': '600',
      'drobot.sqlite-wal': '600',
    });
  });
});
