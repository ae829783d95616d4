import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestStore } from '../support/databases.js';
import { mutatedMail, seedMails } from '../support/fuzz.js';
import { runUntil, spawnSupportScript } from '../support/mail-child.js';

/** Mails per run in the suite; `npm run fuzz` runs thousands. */
const COUNT = 200;
const SEED = 20261130;
const MB = 1024 * 1024;
/** Generous: a run takes seconds; mails that once took minutes each must not hide in a long test. */
const RUN_LIMIT_MS = 240_000;

describe('hostile-input tier: mutated mails through parse and ingest', () => {
  test('the same seed makes the same mails', () => {
    const a = seedMails();
    const b = seedMails();
    for (const i of [0, 7, 199]) assert.deepEqual(mutatedMail(SEED, i, a), mutatedMail(SEED, i, b));
  });

  for (const [dialect, count] of [
    ['sqlite', COUNT],
    ['postgres', COUNT / 2],
  ] as const) {
    test(`${count} mutated mails on ${dialect}: each ends as a case, a record or in quarantine; the process lives`, async () => {
      const store = dialect === 'postgres' ? await createTestStore('postgres') : undefined;
      try {
        await runFuzz(count, store?.databaseUrl);
      } finally {
        await store?.drop();
      }
    });
  }
});

async function runFuzz(count: number, databaseUrl: string | undefined): Promise<void> {
  const child = spawnSupportScript('fuzz-run', [
    '--count',
    String(count),
    '--seed',
    String(SEED),
    ...(databaseUrl ? ['--database-url', databaseUrl] : []),
  ]);
  // A mail whose cost grows with the square of its size blocks the child's event loop, so its own
  // per-mail deadline cannot fire: the whole run gets a generous wall-clock limit here.
  const guard = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  const outcome = await runUntil(child, /^done /, 0).finally(() => clearTimeout(guard));
  assert.ok(!child.killed, `the run took over ${RUN_LIMIT_MS / 1000} s: ${outcome.stdout.slice(-500)}`);
  const done = /^done (.*)$/m.exec(outcome.stdout);
  assert.ok(done?.[1], outcome.stderr);
  const summary = JSON.parse(done[1]) as {
    outcomes: Record<string, number>;
    failures: number;
    peakRss: number;
    ms: number;
    slowestMs: number;
  };
  console.log(
    `fuzz: ${count} mails${databaseUrl ? ' on PostgreSQL' : ''} (seed ${SEED}) ${JSON.stringify(summary.outcomes)}; peak RSS ${(summary.peakRss / MB).toFixed(1)} MB, ${(summary.ms / 1000).toFixed(1)} s, slowest mail ${summary.slowestMs} ms`,
  );
  assert.equal(summary.failures, 0, outcome.stderr);
  const total = Object.values(summary.outcomes).reduce((a, b) => a + b, 0);
  assert.equal(total, count);
  // Both ends are reached: some mails still open cases, some go to quarantine.
  assert.ok((summary.outcomes.new_case ?? 0) > 0);
  assert.ok((summary.outcomes.quarantined ?? 0) > 0);
  assert.ok(summary.peakRss < 512 * MB, `peak RSS ${summary.peakRss}`);
}
