/**
 * How fast case building alone turns queued mails into cases, and how many SQL statements it runs per mail:
 * the bench corpus written to the blob store and queued as intake queues it, then one case builder drains
 * the queue. No server, no download: only parsing, classifying, threading and storing. Prints a table
 * (wall and CPU time per mail, the part of it spent outside parsing: claiming and storing, and statements
 * per mail, medians of the rounds); writes nothing.
 *
 *   node dist/bench/build-stage.js [--count 1000] [--rounds 3] [--dbs sqlite,postgres] [--trace]
 *     [--profile /tmp/build]
 *
 * `--trace` lists the SQLite statements prepared per mail; `--profile PREFIX` writes a CPU profile of each
 * drain to PREFIX-<db>-<round>.cpuprofile.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { DEFAULT_INTAKE_LIMITS } from '../src/inbound/fetch/fetch.runner.js';
import { CaseBuilder } from '../src/inbound/ingest/case-builder.js';
import { InboundMailRepository, type IntakeRow } from '../src/inbound/ingest/inbound-mail.repository.js';
import { silentLogger } from '../src/logging/logger.js';
import { inTransaction, type Database } from '../src/storage/database.js';
import { createTestStore, type TestDialect } from '../test/support/databases.js';
import { createPipeline } from '../test/support/mail-pipeline.js';
import { corpusMail } from './corpus.js';

/** Counts the statements that reach the database (every executed query passes `transformResult`). */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs) {
    this.count += 1;
    return Promise.resolve(args.result);
  }
}

/**
 * SQLite statements by their text (`--trace`): how often each is prepared and run per mail, and the time
 * spent running it (in SQLite: the commit's WAL sync shows under `commit`).
 */
const traced = new Map<string, { prepared: number; runs: number; ms: number }>();
let tracing = false;
const entry = (source: string) => {
  let e = traced.get(source);
  if (!e) traced.set(source, (e = { prepared: 0, runs: 0, ms: 0 }));
  return e;
};
const nativePrepare = SqliteDatabase.prototype.prepare;
SqliteDatabase.prototype.prepare = function (this: SqliteDatabase.Database, source: string) {
  if (tracing) entry(source).prepared += 1;
  return nativePrepare.call(this, source);
} as typeof nativePrepare;
{
  const probe = new SqliteDatabase(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as SqliteDatabase.Statement;
  probe.close();
  for (const method of ['run', 'all'] as const) {
    const native = statementProto[method] as (...args: unknown[]) => unknown;
    Object.defineProperty(statementProto, method, {
      value: function (this: SqliteDatabase.Statement, ...args: unknown[]) {
        if (!tracing) return native.apply(this, args);
        const started = performance.now();
        try {
          return native.apply(this, args);
        } finally {
          const e = entry(this.source);
          e.runs += 1;
          e.ms += performance.now() - started;
        }
      },
    });
  }
}

/** Queues the corpus as intake does: each batch of mails in one pack, named by the rows that queue them. */
async function queueCorpus(database: Database, dataDir: string, count: number, tag: string) {
  const { blobs } = createPipeline(database, dataDir);
  const perBatch = DEFAULT_INTAKE_LIMITS.count;
  for (let start = 0; start < count; start += perBatch) {
    const batch = blobs.batch();
    const rows: IntakeRow[] = [];
    for (let i = start; i < Math.min(count, start + perBatch); i++) {
      const ref = batch.putBuffer(corpusMail(i, { tag }).raw);
      rows.push({
        key: { accountId: 1, mailbox: 'INBOX', uid: `u${i}` },
        rawHash: ref.hash,
        size: ref.size,
        settled: true,
      });
    }
    await batch.durable();
    await inTransaction(database, async (trx) => {
      await batch.record(trx);
      await new InboundMailRepository().enqueue(trx, rows, new Date().toISOString());
    });
  }
}

async function oneRound(
  dialect: TestDialect,
  count: number,
  round: number,
  trace: boolean,
  profile: string | undefined,
) {
  const store = await createTestStore(dialect);
  const database = await store.open();
  try {
    await queueCorpus(database, store.dataDir, count, `build${round}`);
    const counter = new StatementCounter();
    const counted: Database = { ...database, db: database.db.withPlugin(counter) };
    const { ingestor } = createPipeline(counted, store.dataDir);
    const builder = new CaseBuilder({ database: counted, ingestor, logger: silentLogger });
    // Parsing (outside the transaction) timed apart: the rest of the drain is claiming and storing.
    let parseMs = 0;
    const prepare = ingestor.prepare.bind(ingestor);
    ingestor.prepare = async (...args) => {
      const t = performance.now();
      try {
        return await prepare(...args);
      } finally {
        parseMs += performance.now() - t;
      }
    };
    tracing = trace && dialect === 'sqlite';
    const session = profile ? await startProfile() : undefined;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const built = await builder.drain();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (session && profile) await stopProfile(session, `${profile}-${dialect}-${round}.cpuprofile`);
    tracing = false;
    if (built !== count) throw new Error(`built ${built} of ${count}`);
    return { ms, cpuMs, storeMs: ms - parseMs, statements: counter.count };
  } finally {
    await database.close();
    await store.drop();
  }
}

const USAGE = `usage: node dist/bench/build-stage.js [--count 1000] [--rounds 3] [--dbs sqlite,postgres] [--trace]
  [--profile PREFIX]
  --count N       queued corpus mails per round (default 1000)
  --rounds N      rounds per database; the table shows their medians (default 3)
  --dbs LIST      sqlite, postgres or both (default both)
  --trace         SQLite statements by text: prepared and run per mail, time running them
  --profile PREFIX  a CPU profile of each drain, PREFIX-<db>-<round>.cpuprofile`;

function options() {
  try {
    const { values } = parseArgs({
      options: {
        count: { type: 'string', default: '1000' },
        rounds: { type: 'string', default: '3' },
        dbs: { type: 'string', default: 'sqlite,postgres' },
        trace: { type: 'boolean', default: false },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const count = Number(values.count);
    const rounds = Number(values.rounds);
    const dbs = values.dbs.split(',');
    const valid =
      Number.isInteger(count) &&
      count > 0 &&
      Number.isInteger(rounds) &&
      rounds > 0 &&
      dbs.every((db) => db === 'sqlite' || db === 'postgres');
    return values.help || !valid ? undefined : { ...values, count, rounds, dbs: dbs as TestDialect[] };
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const values = options();
  if (!values) {
    const asked = process.argv.includes('--help') || process.argv.includes('-h');
    (asked ? console.log : console.error)(USAGE);
    process.exitCode = asked ? 0 : 2;
    return;
  }
  const { count, rounds, dbs } = values;
  console.log(`${count} queued mails; median of ${rounds} rounds`);
  console.log('db | ms/mail | mails/s | CPU ms/mail | storing ms/mail | statements/mail');
  for (const dialect of dbs) {
    const runs = [];
    for (let round = 0; round < rounds; round++)
      runs.push(await oneRound(dialect, count, round, values.trace, values.profile));
    const ms = median(runs.map((r) => r.ms));
    const statements = median(runs.map((r) => r.statements));
    const cpuMs = median(runs.map((r) => r.cpuMs));
    const storeMs = median(runs.map((r) => r.storeMs));
    console.log(
      `${dialect} | ${(ms / count).toFixed(2)} | ${((count * 1000) / ms).toFixed(0)} | ` +
        `${(cpuMs / count).toFixed(2)} | ${(storeMs / count).toFixed(2)} | ${(statements / count).toFixed(1)}` +
        `  (rounds: ${runs.map((r) => (r.ms / count).toFixed(2)).join(', ')} ms/mail)`,
    );
  }
  if (values.trace) {
    console.log('\nSQLite statements per mail (all rounds): prepared, run, ms running');
    const per = (n: number) => (n / count / rounds).toFixed(3);
    for (const [source, e] of [...traced].sort((a, b) => b[1].ms - a[1].ms)) {
      const text = source.replace(/\s+/g, ' ').trim().slice(0, 110);
      console.log(`${per(e.prepared)}  ${per(e.runs)}  ${per(e.ms)}  ${text}`);
    }
  }
}

/** A V8 CPU profile of the drain alone (`--profile PREFIX`), for `bench/profile.ts` or DevTools. */
async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

await main();
