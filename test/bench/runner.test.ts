import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leftOutVariables, measure, measuredEnv } from '../../bench/runner.js';

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

  test('a variable the command is given is kept, and none is left out of an empty shell', () => {
    assert.equal(
      measuredEnv({ A: '1' }, { NODE_EXTRA_CA_CERTS: '/x', B: '2' }).NODE_EXTRA_CA_CERTS,
      undefined,
    );
    assert.equal(measuredEnv({ A: '1' }, { B: '2' }).B, '2');
    assert.deepEqual(leftOutVariables({ PATH: '/bin' }), []);
  });
});
