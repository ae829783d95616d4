import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { groupCpuSeconds, parseProcStat, processCpuSeconds } from '../../bench/process-cpu.js';

describe("the bench's server CPU", () => {
  test('reads a stat line by counting from the last parenthesis of the command name', () => {
    const fields = 'S 1 4242 4242 0 -1 4194560 120 300 0 0 70 30 500 250 20 0 1 0 100 1000 10';
    assert.deepEqual(parseProcStat(`4243 (pop3-login) ${fields}`), { pid: 4243, group: 4242, ticks: 850 });
    // A name may hold spaces and parentheses of its own.
    assert.deepEqual(parseProcStat(`77 (a) b (c)) ${fields}`), { pid: 77, group: 4242, ticks: 850 });
    assert.equal(parseProcStat('not a stat line'), undefined);
    assert.equal(parseProcStat('12 (short) S 1 2'), undefined);
  });

  test("counts a process group's time, its ended children's included", async () => {
    // A group leader whose child spins for a while and ends: its time stays counted in the leader's.
    const script =
      "const { spawnSync } = require('node:child_process');" +
      "spawnSync(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 400);']);" +
      "process.stdout.write('done\\n'); setTimeout(() => {}, 5000);";
    const leader = spawn(process.execPath, ['-e', script], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const pid = leader.pid ?? 0;
      await new Promise<void>((resolve) => leader.stdout.once('data', () => resolve()));
      const used = groupCpuSeconds(pid);
      assert.ok(used >= 0.3, `the group used ${used} s`);
      assert.ok(processCpuSeconds(pid) >= 0.3, 'the leader counts its ended child');
      assert.equal(groupCpuSeconds(2 ** 22 + 1), 0, 'no process is in a group that does not exist');
    } finally {
      leader.kill('SIGKILL');
    }
  });
});
