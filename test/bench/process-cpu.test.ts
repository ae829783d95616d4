import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import pg from 'pg';
import { parseProcStat, processStat, treeCpuSeconds, treeTicks } from '../../bench/process-cpu.js';
import { postgresSchema } from '../../bench/servers.js';
import { testPostgresUrl } from '../support/databases.js';

const stat = (pid: number, parent: number, ticks: number) => ({ pid, name: 'x', parent, ticks });

describe("the bench's server CPU", () => {
  test('reads a stat line by counting from the last parenthesis of the command name', () => {
    const fields = 'S 4242 4243 4243 0 -1 4194560 120 300 0 0 70 30 500 250 20 0 1 0 100 1000 10';
    assert.deepEqual(parseProcStat(`4243 (pop3-login) ${fields}`), {
      pid: 4243,
      name: 'pop3-login',
      parent: 4242,
      ticks: 850,
    });
    // A name may hold spaces and parentheses of its own.
    assert.deepEqual(parseProcStat(`77 (a) b (c)) ${fields}`), {
      pid: 77,
      name: 'a) b (c)',
      parent: 4242,
      ticks: 850,
    });
    assert.equal(parseProcStat('not a stat line'), undefined);
    assert.equal(parseProcStat('12 (short) S 1 2'), undefined);
  });

  test("adds a process's descendants to it, and nothing else", () => {
    const stats = [stat(1, 0, 5), stat(10, 1, 100), stat(11, 10, 20), stat(12, 10, 3), stat(20, 1, 7)];
    assert.equal(treeTicks(stats, 10), 123);
    assert.equal(treeTicks(stats, 20), 7);
    assert.equal(treeTicks(stats, 99), 0);
  });

  test("counts a server's time, its ended children's included", async () => {
    // A server whose child spins for a while and ends: its time stays counted in the server's.
    const script =
      "const { spawnSync } = require('node:child_process');" +
      "spawnSync(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 400);']);" +
      "process.stdout.write('done\\n'); setTimeout(() => {}, 5000);";
    const server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = server.pid ?? 0;
      await new Promise<void>((resolve) => server.stdout.once('data', () => resolve()));
      assert.equal(processStat(pid)?.parent, process.pid);
      const used = treeCpuSeconds(pid);
      assert.ok(used >= 0.3, `the server used ${used} s`);
      assert.ok(treeCpuSeconds(pid, pid) >= 2 * used - 0.05, 'each root given is counted');
      assert.equal(treeCpuSeconds(2 ** 22 + 1), 0, 'a process that does not exist used nothing');
    } finally {
      server.kill('SIGKILL');
    }
  });

  test("finds the suite's PostgreSQL server on this machine, whose CPU a run's backends add to", async () => {
    const url = testPostgresUrl();
    const schema = await postgresSchema(url, 'cpu_test');
    try {
      // The suite's server listens on loopback: its processes are this machine's.
      assert.match(new URL(url).hostname, /^(127\.0\.0\.1|localhost|::1|\[::1\])$/);
      const pid = schema.serverPid ?? 0;
      assert.match(processStat(pid)?.name ?? '', /^postgres/);
      const before = treeCpuSeconds(pid);
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      await client.query('select count(*) from generate_series(1, 2000000) a, generate_series(1, 3) b');
      await client.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const used = treeCpuSeconds(pid) - before;
      assert.ok(used >= 0.1, `the server used ${used} s for a query of 6 million rows`);
    } finally {
      await schema.drop();
    }
  });
});
