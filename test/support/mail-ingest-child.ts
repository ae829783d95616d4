/**
 * Ingests mail files in a child process and reports what became of each and the process's peak memory:
 * the parent asserts bounds on a process that did nothing else. Settings come as one JSON argument; one
 * line per mail (`mail N KIND`) and a last `done {json}` line go to stdout.
 */
import { openDatabase } from '../../src/storage/database.js';
import { createPipeline } from './mail-pipeline.js';

interface ChildArgs {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly files: readonly string[];
  readonly firstUid?: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const database = await openDatabase({ url: args.databaseUrl, dataDir: args.dataDir });
  const p = createPipeline(database, args.dataDir);
  const started = process.hrtime.bigint();
  let uid = args.firstUid ?? 1;
  for (const file of args.files) {
    const key = { accountId: 1, mailbox: 'INBOX', uid: String(uid++) };
    const result = await p.ingestor.ingestFile(key, file, { settled: true });
    process.stdout.write(`mail ${key.uid} ${result.kind}\n`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // maxRSS is the peak resident set of the whole process life, in KiB.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`done ${JSON.stringify({ peakRss, ms })}\n`);
  await database.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
