/**
 * A fetch in a child process, for crash tests: the parent kills it (SIGKILL) at chosen points and starts
 * another. Settings come as one JSON argument; to stdout go one line per stored mail (`mail N kind`), one
 * per intake commit (`received N`) and, with `announceStores`, one per mail being stored inside a build
 * transaction (`storing N`).
 */
import { openDatabase } from '../../src/storage/database.js';
import type { FetchPlan, IntakeLimits } from '../../src/inbound/fetch/fetch.runner.js';
import type { BuildLimits } from '../../src/inbound/ingest/case-builder.js';
import type { NewCaseHook } from '../../src/inbound/ingest/mail.ingestor.js';
import { makeHelpdesk } from './helpdesk-fixture.js';
import { createPipeline } from './mail-pipeline.js';

interface ChildArgs {
  readonly databaseUrl: string | undefined;
  readonly pgSchema: string | undefined;
  readonly dataDir: string;
  readonly plan: FetchPlan;
  /** Acknowledge new cases (every one: no per-requester window), as the help desk does. */
  readonly acknowledge?: boolean;
  /**
   * For a Graph or Gmail API plan (whose token provider does not survive JSON): the access token the
   * parent obtained from the suite's authorization server.
   */
  readonly accessToken?: string;
  readonly intakeLimits?: Partial<IntakeLimits>;
  readonly buildLimits?: Partial<BuildLimits>;
  /** `fetch`: a run (waiting for its cases unless `noWait`); `build`: only build what is queued. */
  readonly mode?: 'fetch' | 'build';
  readonly noWait?: boolean;
  /** Print a line each time a new case is opened inside a build transaction (before it commits). */
  readonly announceStores?: boolean;
}

/** The plan with its API token provider put back. */
function planOf(args: ChildArgs): FetchPlan {
  const token = args.accessToken;
  if (token === undefined || 'protocol' in args.plan.source) return args.plan;
  return { ...args.plan, source: { ...args.plan.source, accessToken: () => Promise.resolve(token) } };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const database = await openDatabase({
    url: args.databaseUrl,
    dataDir: args.dataDir,
    pgSchema: args.pgSchema,
  });
  let storing = 0;
  const announce: NewCaseHook = {
    prepare: () =>
      Promise.resolve(async () => {
        process.stdout.write(`storing ${++storing}\n`);
        // Gives the parent's kill time to land inside this transaction.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }),
  };
  const hook = args.acknowledge
    ? makeHelpdesk(database, args.dataDir, { windowSeconds: 0 }).acknowledger
    : args.announceStores
      ? announce
      : undefined;
  const p = createPipeline(database, args.dataDir, {
    ...(hook ? { onNewCase: hook } : {}),
    ...(args.intakeLimits ? { intakeLimits: args.intakeLimits } : {}),
    ...(args.buildLimits ? { buildLimits: args.buildLimits } : {}),
  });
  let n = 0;
  let received = 0;
  const peak = { rss: 0, heap: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  };
  const sampler = setInterval(sample, 50);
  if (args.mode === 'build') {
    const built = await p.runner.builder.drain(undefined, (b) =>
      process.stdout.write(`mail ${++n} ${b.result.kind}\n`),
    );
    process.stdout.write(`done ${JSON.stringify({ built })}\n`);
    clearInterval(sampler);
    await database.close();
    return;
  }
  const summary = await p.runner.run(
    planOf(args),
    {
      start: (total) => process.stdout.write(`start ${total}\n`),
      received: (count) => process.stdout.write(`received ${(received += count)}\n`),
      mail: (result) => process.stdout.write(`mail ${++n} ${result.kind}\n`),
    },
    { noWait: args.noWait === true },
  );
  clearInterval(sampler);
  sample();
  process.stdout.write(
    `done ${JSON.stringify({ ...summary, peakRss: peak.rss, peakHeap: peak.heap, peakExternal: peak.external })}\n`,
  );
  await database.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
