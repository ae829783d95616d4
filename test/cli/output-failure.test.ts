import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_ENTRY, runCli } from '../support/cli.js';
import { DROBOT_NODE_FLAGS } from '../../src/cli/node-flags.js';

/** The status a shell reports for a command killed by SIGPIPE (128 + 13). */
const BROKEN_PIPE = 141;

describe('the command when its standard output fails', () => {
  let dataDir = '';
  const env = (lang: 'es' | 'en') => ({ DROBOT_LANG: lang, DROBOT_DATA_DIR: dataDir });

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-output-failure-'));
    // Enough accounts that their export is far larger than a pipe's buffer (64 KiB).
    const accounts = Array.from({ length: 200 }, (_, i) => ({
      name: `salida-${i}`,
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: 'smtp.example.test',
      smtpAuth: false,
      outbound: { fromAddress: `salida-${i}@helpdesk.test` },
    }));
    const file = path.join(dataDir, 'accounts.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'drobot-accounts', version: 1, accounts }));
    const imported = await runCli(['accounts', 'import', file], { env: env('en') });
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('a full disk is told in one line in the user language, without a stack, and fails', async () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const es = await runCli(['accounts', 'export'], { env: env('es'), stdout: full });
      assert.equal(es.code, 1, es.stderr);
      assert.equal(
        es.stderr,
        'Error: No se pudo escribir la salida de la orden (ENOSPC, no queda espacio en el dispositivo): está incompleta.\n',
      );
      const en = await runCli(['accounts', 'export'], { env: env('en'), stdout: full });
      assert.equal(en.code, 1, en.stderr);
      assert.equal(
        en.stderr,
        "Error: The command's output could not be written (ENOSPC, no space left on the device): it is incomplete.\n",
      );
      const json = await runCli(['accounts', 'show', 'salida-1', '--json'], { env: env('en'), stdout: full });
      assert.equal(json.code, 1, json.stderr);
      assert.equal((JSON.parse(json.stderr) as { error: { code: string } }).error.code, 'output_failed');
      // Help is output too.
      const help = await runCli(['accounts', '--help'], { env: env('es'), stdout: full });
      assert.equal(help.code, 1, help.stderr);
      assert.match(help.stderr, /^Error: No se pudo escribir la salida de la orden \(ENOSPC/);
    } finally {
      fs.closeSync(full);
    }
  });

  test('a pipe closed before the output ends the command quietly, with the status of SIGPIPE', async () => {
    for (const args of [
      ['accounts', '--help'],
      ['accounts', 'export'],
      ['accounts', 'show', 'salida-1', '--json'],
    ]) {
      const result = await runCli(args, { env: env('es'), stdout: 'closed' });
      assert.equal(result.code, BROKEN_PIPE, result.stderr);
      assert.equal(result.stderr, '');
    }
  });

  test('standard error that fails (2>/dev/full, a closed pipe): the command ends with its own status, quietly', async () => {
    /** Runs drobot with its stderr on `stderr` (a file descriptor, or a pipe closed before anything is written). */
    const exitOf = (args: readonly string[], stderr: number | 'closed') =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [...DROBOT_NODE_FLAGS, CLI_ENTRY, ...args], {
          env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env('es') },
          stdio: ['ignore', 'pipe', stderr === 'closed' ? 'pipe' : stderr],
        });
        if (stderr === 'closed') child.stderr?.destroy();
        let stdout = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const full = fs.openSync('/dev/full', 'w');
    try {
      for (const stderr of [full, 'closed'] as const) {
        // A usage error: 2, as when it can be told.
        assert.equal((await exitOf(['accounts', 'list', '--bogus'], stderr)).code, 2, String(stderr));
        assert.equal((await exitOf(['accounts', 'list', '--bogus', '--json'], stderr)).code, 2);
        // A command that works still gives its output, and succeeds.
        const listed = await exitOf(['accounts', 'list'], stderr);
        assert.equal(listed.code, 0);
        assert.match(listed.stdout, /^salida-0 /m);
      }
    } finally {
      fs.closeSync(full);
    }
  });

  test('a reader that stops after the first byte (| head -c1) cuts the output: quiet, not a success', async () => {
    // A shell's own pipe (64 KiB), as an administrator's `drobot accounts export | head -c1` has.
    const script = '"$@" | head -c1 >/dev/null; exit "${PIPESTATUS[0]}"';
    const child = spawn(
      'bash',
      ['-c', script, 'bash', process.execPath, ...DROBOT_NODE_FLAGS, CLI_ENTRY, 'accounts', 'export'],
      {
        env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env('en') },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, BROKEN_PIPE, stderr);
    assert.equal(stderr, '');
  });
});
