/**
 * The fuzz run: mutated mails through parse and ingest, each of which must end as a case (or a record of
 * automatic mail) or in quarantine, with no crash and no mail left unaccounted for.
 *
 *   node dist/test/support/fuzz-run.js [--count 5000] [--seed 1] [--database-url URL] [--deadline-ms 30000]
 *
 * Prints one `done {json}` line (counts per outcome, peak RSS, time, the slowest mail's time and index) and
 * exits 1 when any mail failed; each failure names its seed and index, which make the same mail again (see
 * `mutatedMail`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/storage/database.js';
import { mutatedMail, seedMails } from './fuzz.js';
import { createPipeline } from './mail-pipeline.js';

const OUTCOMES = new Set([
  'new_case',
  'follow_up',
  'auto_recorded',
  'auto_unmatched',
  'dropped',
  'duplicate',
  'quarantined',
]);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      'deadline-ms': { type: 'string', default: '30000' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  const deadlineMs = Number(values['deadline-ms']);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-fuzz-'));
  const database = await openDatabase({ url: values['database-url'], dataDir });
  const p = createPipeline(database, dataDir);
  const seeds = seedMails();
  const outcomes: Record<string, number> = {};
  const failures: string[] = [];
  const mailbox = `fuzz-${seed}-${process.pid}`;
  const started = process.hrtime.bigint();
  let slowestMs = 0;
  let slowestIndex = -1;
  try {
    for (let i = 0; i < count; i++) {
      const file = path.join(dataDir, 'fuzz.eml');
      fs.writeFileSync(file, mutatedMail(seed, i, seeds));
      const key = { accountId: 1, mailbox, uid: String(i) };
      const t0 = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await Promise.race([
          p.ingestor.ingestFile(key, file, { settled: true }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`over ${deadlineMs} ms`)), deadlineMs);
          }),
        ]);
        outcomes[result.kind] = (outcomes[result.kind] ?? 0) + 1;
        if (!OUTCOMES.has(result.kind)) failures.push(`seed ${seed} index ${i}: outcome ${result.kind}`);
        // Quarantine is for mail that cannot be read; a mail the store refused is DRobot's failure.
        else if (result.kind === 'quarantined' && result.reason === 'storage_error')
          failures.push(`seed ${seed} index ${i}: storage error`);
        else if (!(await accountedFor(database, key))) failures.push(`seed ${seed} index ${i}: not recorded`);
      } catch (error) {
        failures.push(`seed ${seed} index ${i}: ${error instanceof Error ? error.message : String(error)}`);
        if (error instanceof Error && error.message.startsWith('over ')) break;
      } finally {
        clearTimeout(timer);
      }
      if (Date.now() - t0 > slowestMs) {
        slowestMs = Date.now() - t0;
        slowestIndex = i;
      }
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  for (const f of failures) process.stderr.write(`${f}\n`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `done ${JSON.stringify({ count, seed, outcomes, failures: failures.length, peakRss, ms, slowestMs, slowestIndex })}\n`,
  );
  return failures.length === 0 ? 0 : 1;
}

/** A mail is accounted for when the store has it as handled or in quarantine. */
async function accountedFor(
  database: Awaited<ReturnType<typeof openDatabase>>,
  key: { accountId: number; mailbox: string; uid: string },
): Promise<boolean> {
  const handled = await database.db
    .selectFrom('inbound_mails')
    .select('id')
    .where('account_id', '=', key.accountId)
    .where('mailbox', '=', key.mailbox)
    .where('uid', '=', key.uid)
    .executeTakeFirst();
  if (handled) return true;
  const held = await database.db
    .selectFrom('quarantine')
    .select('id')
    .where('account_id', '=', key.accountId)
    .where('mailbox', '=', key.mailbox)
    .where('uid', '=', key.uid)
    .executeTakeFirst();
  return held !== undefined;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
