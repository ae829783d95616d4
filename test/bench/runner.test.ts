import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leftOutVariables, measure, measuredEnv, spreadOf } from '../../bench/runner.js';

describe("the bench's measured commands", () => {
  test('run without the shell-only variables, with everything else and their own', async () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = '/nonexistent/bench-extra-ca.pem';
    try {
      const run = await measure(
        process.execPath,
        ['-e', 'process.stdout.write(JSON.stringify(process.env))'],
        { DROBOT_LANG: 'en' },
      );
      assert.equal(run.code, 0, run.stderr);
      const seen = JSON.parse(run.stdout) as Record<string, string>;
      assert.equal(seen.NODE_EXTRA_CA_CERTS, undefined);
      assert.equal(seen.DROBOT_LANG, 'en');
      assert.equal(seen.PATH, process.env.PATH);
      // Node warns about a certificate file it could not read: it never tried.
      assert.doesNotMatch(run.stderr, /extra certs/i);
      assert.deepEqual(leftOutVariables(), ['NODE_EXTRA_CA_CERTS']);
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
  });

  test('give the CPU the command used beside its time and memory, also when it fails', async () => {
    const busy = await measure(process.execPath, [
      '-e',
      // 300 ms of the processor's time, not of the clock's: on a loaded machine the loop waits its turn.
      'const t = process.cpuUsage(); while (process.cpuUsage(t).user < 300_000);',
    ]);
    assert.equal(busy.code, 0, busy.stderr);
    assert.ok(busy.cpuSeconds >= 0.2 && busy.cpuSeconds <= busy.seconds * 2, `CPU ${busy.cpuSeconds} s`);
    assert.ok(busy.peakRssMb > 10, `peak RSS ${busy.peakRssMb} MB`);
    const idle = await measure(process.execPath, ['-e', 'setTimeout(() => process.exit(3), 300)']);
    // GNU time says the command failed before its figures: they are read all the same.
    assert.equal(idle.code, 3);
    assert.ok(idle.peakRssMb > 10, `peak RSS ${idle.peakRssMb} MB`);
    assert.ok(idle.cpuSeconds < 0.25, `an idle command used ${idle.cpuSeconds} s of CPU`);
  });

  test('a variable the command is given is kept, and none is left out of an empty shell', () => {
    assert.equal(
      measuredEnv({ A: '1' }, { NODE_EXTRA_CA_CERTS: '/x', B: '2' }).NODE_EXTRA_CA_CERTS,
      undefined,
    );
    assert.equal(measuredEnv({ A: '1' }, { B: '2' }).B, '2');
    assert.deepEqual(leftOutVariables({ PATH: '/bin' }), []);
  });

  test("keep a repeated figure's fastest and slowest run, and no spread for a single run", () => {
    assert.deepEqual(spreadOf([{ seconds: 2.5 }, { seconds: 1.9 }, { seconds: 3.1 }]), {
      fastest: 1.9,
      slowest: 3.1,
    });
    assert.equal(spreadOf([{ seconds: 2.5 }]), undefined);
    assert.equal(spreadOf([]), undefined);
  });
});
