/**
 * A fetch in a child process, for crash tests: the parent kills it (SIGKILL) at chosen points and starts
 * another. Settings come as one JSON argument; one line per stored mail goes to stdout.
 */
import { openDatabase } from '../../src/storage/database.js';
import type { FetchPlan } from '../../src/inbound/fetch/fetch.runner.js';
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
  const p = createPipeline(
    database,
    args.dataDir,
    args.acknowledge
      ? { onNewCase: makeHelpdesk(database, args.dataDir, { windowSeconds: 0 }).acknowledger }
      : {},
  );
  let n = 0;
  const peak = { rss: 0, heap: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  };
  const sampler = setInterval(sample, 50);
  const summary = await p.runner.run(planOf(args), {
    start: (total) => process.stdout.write(`start ${total}\n`),
    mail: (result) => process.stdout.write(`mail ${++n} ${result.kind}\n`),
  });
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
