/**
 * `npm run bench [-- options]`: DRobot against fetchmail and Postfix's smtp-source on loopback servers it
 * starts itself. Prints a Markdown table and writes it with the JSON under bench/results. Asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_RATE_PER_MINUTE } from '../src/accounts/account.schema.js';
import { loadConfig } from '../src/config/config.js';
import { createContext } from '../src/app/context.js';
import { notificationsOf } from '../src/notifications/notifications.context.js';
import type { DovecotServer } from '../test/support/dovecot.js';
import { CLI_ENTRY } from '../test/support/cli.js';
import { createTestPki, type TestPki } from '../test/support/pki.js';
import { startSmtpServer } from '../test/support/smtp-server.js';
import {
  parseArgs,
  REPEAT_MAX_MAILS,
  showsEveryFigure,
  USAGE,
  type BenchArgs,
  type BenchDb,
  type BenchProtocol,
} from './args.js';
import { coreCheck } from './core-check.js';
import { bigMail } from './corpus.js';
import { roundsAfter, sendRoundsOf } from './send-rounds.js';
import { ensurePeers, runFetchmail, runSmtpSource, type FetchmailRun } from './peers.js';
import { treeCpuSeconds } from './process-cpu.js';
import { parseStraceCounts, summarizeCpuProfile, type ProfileSummary } from './profile.js';
import { measureStripper } from './stripper.js';
import {
  markdown,
  type BenchResults,
  type BigRow,
  type FetchRow,
  type Figure,
  type SendRow,
} from './report.js';
import {
  drobot,
  drobotEnv,
  lastJson,
  leftOutVariables,
  measure,
  measureDrobot,
  medianOf,
  spreadOf,
  type Measured,
} from './runner.js';
import {
  freshMailbox,
  postgresSchema,
  startBenchDovecot,
  startSmtpSink,
  writeCorpus,
  type CorpusOnDisk,
} from './servers.js';

const log = (text: string) => process.stderr.write(`${text}\n`);

interface FetchSetup {
  readonly dovecot: DovecotServer;
  readonly pki: TestPki;
  readonly work: string;
}

let runs = 0;

/** How long a server's processes get, once a client is done, to end and be counted in their parent's time. */
const SERVER_SETTLE_MS = 200;

/**
 * A measured run with the CPU seconds the server used meanwhile (read before it and once the server's
 * processes for it have ended).
 */
async function withServerCpu<T extends Measured>(
  cpuSoFar: () => number,
  run: () => Promise<T>,
): Promise<T & { serverCpuSeconds: number }> {
  const before = cpuSoFar();
  const measured = await run();
  await new Promise((resolve) => setTimeout(resolve, SERVER_SETTLE_MS));
  return { ...measured, serverCpuSeconds: Math.max(0, cpuSoFar() - before) };
}

/** A fresh data directory (and PostgreSQL schema) with one inbound account on a fresh mailbox. */
async function inboundRun(
  s: FetchSetup,
  args: BenchArgs,
  corpus: CorpusOnDisk,
  protocol: BenchProtocol,
  db: BenchDb,
  maxSize?: number,
) {
  runs += 1;
  const schema =
    db === 'postgres' ? await postgresSchema(args.postgresUrl, `drobot_bench_${runs}`) : undefined;
  const env = drobotEnv(path.join(s.work, `data-${runs}`), schema?.url);
  const login = freshMailbox(s.dovecot, corpus);
  drobot(
    [
      'accounts',
      'add',
      '--name',
      'bench',
      '--direction',
      'inbound',
      '--protocol',
      protocol === 'pop3s' ? 'pop3' : 'imap',
      '--preset',
      'domain',
      '--host',
      '127.0.0.1',
      '--port',
      String(protocol === 'pop3s' ? s.dovecot.ports.pop3s : s.dovecot.ports.imaps),
      '--security',
      'implicit',
      '--ca-file',
      s.pki.caFile,
      '--username',
      login.user,
      '--password-stdin',
      '--leave-copy',
      '--first-run',
      'all',
      '--max-messages',
      String(Math.min(100_000, corpus.files.length)),
      ...(maxSize ? ['--max-size', String(maxSize)] : []),
    ],
    env,
    `${login.password}\n`,
  );
  return { env, login, schema };
}

function fetchedOf(run: Measured): { fetched: number; newCases: number } {
  const summary = lastJson(run.stdout);
  if (run.code !== 0 || !summary)
    throw new Error(`drobot fetch failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  return { fetched: Number(summary.fetched ?? 0), newCases: Number(summary.newCases ?? 0) };
}

async function fetchRows(s: FetchSetup, args: BenchArgs): Promise<FetchRow[]> {
  const rows: FetchRow[] = [];
  for (const n of args.sizes) {
    log(`writing a corpus of ${n} mails…`);
    const corpus = writeCorpus(path.join(s.work, `corpus-${n}`), n, `n${n}`);
    log(
      `  ${(corpus.bytes / 1024 / 1024).toFixed(1)} MB, ${(corpus.bytes / n / 1024).toFixed(1)} KB per mail on average, largest ${(corpus.largest / 1024 / 1024).toFixed(1)} MB`,
    );
    for (const protocol of args.protocols) {
      const port = protocol === 'pop3s' ? s.dovecot.ports.pop3s : s.dovecot.ports.imaps;
      const times = n <= REPEAT_MAX_MAILS ? args.repeat : args.repeatLarge;
      const dbs = args.dbs.filter((db) => db !== 'postgres' || args.pgSizes.includes(n));
      // Round by round, each figure's runs taken in turn (fetchmail, then DRobot's on each database): a
      // machine whose speed drifts over minutes slows all of them alike instead of one figure's block.
      const peers: Array<FetchmailRun & { serverCpuSeconds: number }> = [];
      const intakes = new Map<BenchDb, FetchRunResult[]>(dbs.map((db) => [db, []]));
      const ends = new Map<BenchDb, FetchRunResult[]>(dbs.map((db) => [db, []]));
      for (let round = 1; round <= times; round++) {
        log(`${protocol}, ${n} mails${times > 1 ? `, round ${round} of ${times}` : ''}:`);
        const mailbox = freshMailbox(s.dovecot, corpus);
        const peer = await withServerCpu(serversCpu(s), () =>
          runFetchmail(s.work, protocol, port, mailbox, s.pki.caFile),
        );
        if (peer.delivered !== n)
          log(`  fetchmail delivered ${peer.delivered} of ${n} (exit ${peer.code}): ${peer.stderr}`);
        log(`  fetchmail ${peer.seconds.toFixed(2)} s`);
        peers.push(peer);
        for (const db of dbs) {
          const intake = await fetchRun(s, args, corpus, protocol, db, 'intake');
          const run = await fetchRun(s, args, corpus, protocol, db, 'cases');
          log(
            `  DRobot on ${db}: intake ${intake.seconds.toFixed(2)} s, end to end ${run.seconds.toFixed(2)} s`,
          );
          intakes.get(db)?.push(intake);
          ends.get(db)?.push(run);
        }
      }
      const peer = medianOf(peers);
      for (const db of dbs) {
        const intakeRuns = intakes.get(db) ?? [];
        const endRuns = ends.get(db) ?? [];
        const intake = medianOf(intakeRuns);
        const run = medianOf(endRuns);
        log(
          `${protocol}, ${db}, ${n}: median ${run.seconds.toFixed(2)} s against fetchmail's ${peer.seconds.toFixed(2)} s`,
        );
        rows.push({
          protocol,
          db,
          mails: n,
          bytes: corpus.bytes,
          runs: times,
          drobot: {
            ...figureOf(run, endRuns),
            fetched: run.fetched,
            newCases: run.newCases,
          },
          intake: figureOf(intake, intakeRuns),
          fetchmail: { ...figureOf(peer, peers), delivered: peer.delivered },
        });
      }
    }
    fs.rmSync(corpus.dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * One `fetch --once` on a fresh mailbox and data directory: the intake stage alone (`--no-wait`), or on to
 * the stored cases. A count short of the mailbox is said, not hidden.
 */
type FetchRunResult = Measured & { fetched: number; newCases: number; serverCpuSeconds: number };

/**
 * The servers' CPU seconds so far: Dovecot's (all its processes), and PostgreSQL's when the run uses it and
 * it runs on this machine.
 */
function serversCpu(s: FetchSetup, postgresPid?: number): () => number {
  return () => treeCpuSeconds(s.dovecot.pid, ...(postgresPid === undefined ? [] : [postgresPid]));
}

/**
 * A run's figures as the results keep them: time, memory, its CPU and the server's; with the runs it was the
 * median of, their spread.
 */
function figureOf(run: Measured & { serverCpuSeconds?: number }, runs: readonly Measured[] = []): Figure {
  const spread = spreadOf(runs);
  return {
    seconds: run.seconds,
    peakRssMb: run.peakRssMb,
    cpuSeconds: run.cpuSeconds,
    ...(run.serverCpuSeconds === undefined ? {} : { serverCpuSeconds: run.serverCpuSeconds }),
    ...(spread ? { spread } : {}),
  };
}

async function fetchRun(
  s: FetchSetup,
  args: BenchArgs,
  corpus: CorpusOnDisk,
  protocol: BenchProtocol,
  db: BenchDb,
  until: 'intake' | 'cases',
): Promise<FetchRunResult> {
  const { env, schema } = await inboundRun(s, args, corpus, protocol, db);
  const intake = until === 'intake';
  const run = await withServerCpu(serversCpu(s, schema?.serverPid), () =>
    measureDrobot(['fetch', 'bench', '--once', ...(intake ? ['--no-wait'] : []), '--json'], env),
  );
  await schema?.drop();
  fs.rmSync(env.DROBOT_DATA_DIR ?? '', { recursive: true, force: true });
  const counts = fetchedOf(run);
  const n = corpus.files.length;
  const got = intake ? Number(lastJson(run.stdout)?.received ?? 0) : counts.fetched;
  if (got !== n) log(`  DRobot ${intake ? 'took in' : 'fetched'} ${got} of ${n}`);
  return { ...run, ...counts };
}

async function bigRow(s: FetchSetup, args: BenchArgs): Promise<BigRow> {
  const raw = bigMail(args.bigMb * 1024 * 1024, `b${Date.now()}`);
  const dir = path.join(s.work, 'corpus-big');
  fs.mkdirSync(dir);
  const file = path.join(dir, `000000000,S=${raw.length}`);
  fs.writeFileSync(file, raw);
  const { uid, gid } = fs.statSync(s.dovecot.maildir('probe@example.test'));
  fs.chownSync(file, uid, gid);
  const corpus = { dir, files: [file], bytes: raw.length, largest: raw.length };
  const { env } = await inboundRun(s, args, corpus, 'pop3s', 'sqlite', raw.length * 2);
  log(`DRobot, one ${args.bigMb} MB mail over POP3S…`);
  const run = await measureDrobot(['fetch', 'bench', '--once', '--json'], env);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    protocol: 'pop3s',
    bytes: raw.length,
    seconds: run.seconds,
    peakRssMb: run.peakRssMb,
    ...fetchedOf(run),
  };
}

async function profileRun(s: FetchSetup, args: BenchArgs): Promise<ProfileSummary> {
  const n = Math.min(...args.sizes);
  const corpus = writeCorpus(path.join(s.work, 'corpus-profile'), n, 'prof');
  const label = `POP3S, SQLite, ${n} mails`;
  log(`profiling DRobot, ${label}…`);
  const profDir = path.join(s.work, 'cpu-prof');
  let { env } = await inboundRun(s, args, corpus, 'pop3s', 'sqlite');
  fetchedOf(
    await measureDrobot(['fetch', 'bench', '--once', '--json'], env, [
      '--cpu-prof',
      `--cpu-prof-dir=${profDir}`,
    ]),
  );
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no CPU profile written');
  const cpu = summarizeCpuProfile(JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')), label);
  let syscalls: ProfileSummary['syscalls'] = [];
  if (fs.existsSync('/usr/bin/strace')) {
    ({ env } = await inboundRun(s, args, corpus, 'pop3s', 'sqlite'));
    const out = path.join(s.work, 'strace.txt');
    const run = await measure(
      '/usr/bin/strace',
      ['-f', '-c', '-o', out, process.execPath, CLI_ENTRY, 'fetch', 'bench', '--once', '--json'],
      env,
    );
    fetchedOf(run);
    syscalls = parseStraceCounts(fs.readFileSync(out, 'utf8'));
  }
  fs.rmSync(corpus.dir, { recursive: true, force: true });
  return { ...cpu, syscalls };
}

/**
 * Sending: DRobot's `outbox send` and smtp-source into the same smtp-sink, `repeat` rounds taken in turn (each
 * DRobot run on a fresh copy of one queued data directory), each figure the median with its spread; over
 * STARTTLS once, beside.
 */
async function sendRow(work: string, pki: TestPki, count: number, repeat: number): Promise<SendRow> {
  const connections = 3; // the outbound pool's connections per account (src/notifications/outbound-accounts.ts)
  const sink = await startSmtpSink();
  const tlsSink = await startSmtpServer({ pki });
  try {
    const setUp = async (name: string, port: number, security: 'none' | 'starttls', queue = count) => {
      runs += 1;
      const env = drobotEnv(path.join(work, `send-${runs}`));
      drobot(
        [
          'accounts',
          'add',
          '--name',
          name,
          '--direction',
          'outbound',
          '--protocol',
          'smtp',
          '--preset',
          'domain',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--security',
          security,
          '--no-smtp-auth',
          '--from',
          'soporte@helpdesk.test',
          '--rate-per-minute',
          String(MAX_RATE_PER_MINUTE),
          ...(security === 'starttls' ? ['--ca-file', pki.caFile] : []),
        ],
        env,
      );
      log(`queueing ${queue} notifications (${security})…`);
      const ctx = await createContext(loadConfig({ ...process.env, ...env }));
      try {
        const notifications = await notificationsOf(ctx);
        const accountId = (await ctx.accounts.get(name)).id;
        for (let i = 0; i < queue; i++) {
          const result = await notifications.outbox.enqueue({
            type: 'case-created',
            to: `usuario${i}@example.test`,
            accountId,
            data: { caseId: 1000 + i, caseSubject: `Incidencia ${i}`, requesterName: 'Ana Pérez' },
          });
          if (result.status !== 'queued') throw new Error(`notification ${i} not queued: ${result.status}`);
        }
        await notifications.close();
      } finally {
        await ctx.close();
      }
      return env;
    };
    const sent = (run: Measured) => {
      const summary = lastJson(run.stdout);
      if (run.code !== 0 || !summary) throw new Error(`outbox send failed:\n${run.stdout}\n${run.stderr}`);
      return Number(summary.sent ?? 0);
    };
    const tlsEnv = await setUp('tls', tlsSink.port, 'starttls');
    log('DRobot sending over STARTTLS…');
    const tls = await measureDrobot(['outbox', 'send', '--json'], tlsEnv);
    const mailBytes =
      tlsSink.messages.reduce((n, m) => n + m.raw.length, 0) / Math.max(1, tlsSink.messages.length);
    const queued = await setUp('plain', sink.port, 'none');
    // Twice the count must go out within the account's highest rate, in a minute: else no such runs.
    const queuedTwice =
      2 * count <= MAX_RATE_PER_MINUTE ? await setUp('warm', sink.port, 'none', 2 * count) : undefined;
    if (!queuedTwice) log(`no run of ${2 * count}: more than an account may send in a minute`);
    const sinkCpu = () => treeCpuSeconds(sink.pid);
    const plains: Array<Measured & { serverCpuSeconds: number; sent: number }> = [];
    const sources: Array<Measured & { serverCpuSeconds: number }> = [];
    const warms: Array<Measured & { sent: number }> = [];
    const copyOf = (data: Record<string, string>) => {
      runs += 1;
      const dir = path.join(work, `send-${runs}`);
      fs.cpSync(data.DROBOT_DATA_DIR ?? '', dir, { recursive: true });
      return { ...data, DROBOT_DATA_DIR: dir };
    };
    // The same command on twice as many: its later rounds, as its history of runs records them.
    const laterHalf = async (env: Record<string, string>) => {
      log(`DRobot sending ${2 * count}, the later ${count} timed by its rounds…`);
      const twice = await measureDrobot(['outbox', 'send', '--json'], env);
      if (sent(twice) !== 2 * count) throw new Error(`outbox send sent ${sent(twice)} of ${2 * count}`);
      const history = drobot(['runs', 'list', '--kind', 'send', '--json', '--limit', '1000'], env);
      const later = roundsAfter(sendRoundsOf(history), count);
      if (!later) throw new Error(`no round after the first ${count} notifications:\n${history}`);
      fs.rmSync(env.DROBOT_DATA_DIR ?? '', { recursive: true, force: true });
      return { ...twice, seconds: later.seconds, sent: later.sent };
    };
    for (let round = 1; round <= repeat; round++) {
      const env = copyOf(queued);
      log(`DRobot sending without TLS${repeat > 1 ? `, round ${round} of ${repeat}` : ''}…`);
      const plain = await withServerCpu(sinkCpu, () => measureDrobot(['outbox', 'send', '--json'], env));
      plains.push({ ...plain, sent: sent(plain) });
      fs.rmSync(env.DROBOT_DATA_DIR, { recursive: true, force: true });
      if (queuedTwice) warms.push(await laterHalf(copyOf(queuedTwice)));
      log('smtp-source…');
      const source = await withServerCpu(sinkCpu, () =>
        runSmtpSource(sink.port, count, connections, Math.round(mailBytes)),
      );
      if (source.code !== 0) log(`smtp-source exited ${source.code}: ${source.stderr}`);
      sources.push(source);
      log(`  DRobot ${plain.seconds.toFixed(2)} s, smtp-source ${source.seconds.toFixed(2)} s`);
    }
    const plain = medianOf(plains);
    const warm = warms.length > 0 ? medianOf(warms) : undefined;
    return {
      count,
      connections,
      mailBytes,
      runs: repeat,
      drobotPlain: { ...figureOf(plain, plains), sent: plain.sent },
      // Its peak RSS is the whole command's; no CPU: GNU time measures the command, not its later rounds.
      drobotWarm: warm && { ...figureOf(warm, warms), cpuSeconds: undefined, sent: warm.sent },
      smtpSource: figureOf(medianOf(sources), sources),
      drobotStartTls: { ...figureOf(tls), sent: sent(tls) },
    };
  } finally {
    await sink.stop();
    await tlsSink.stop();
  }
}

async function startup(): Promise<BenchResults['startup']> {
  const figures: Measured[] = [];
  for (let i = 0; i < 5; i++) figures.push(await measureDrobot(['--version'], {}));
  const median = [...figures].sort((a, b) => a.seconds - b.seconds)[2] as Measured;
  return { seconds: median.seconds, peakRssMb: median.peakRssMb, runs: figures.length };
}

async function main(): Promise<void> {
  let args: BenchArgs | 'help';
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    log((error as Error).message);
    process.exitCode = 2;
    return;
  }
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  ensurePeers();
  const loadBefore = os.loadavg();
  const checkBefore = await coreCheck(os.cpus().length);
  const work = fs.mkdtempSync('/tmp/drobot-bench-');
  const pki = createTestPki();
  const dovecot = args.sendOnly ? undefined : await startBenchDovecot(pki);
  try {
    const start = await startup();
    const stripper = await measureStripper();
    const setup = dovecot && { dovecot, pki, work };
    const fetch = setup ? await fetchRows(setup, args) : [];
    const big = setup && args.bigMb > 0 ? await bigRow(setup, args) : undefined;
    const send =
      args.notifications > 0 ? await sendRow(work, pki, args.notifications, args.repeat) : undefined;
    const profile = setup && args.profile ? await profileRun(setup, args) : undefined;
    const cpu = os.cpus()[0];
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: cpu?.model.trim() ?? 'unknown',
        os: osName(),
        node: process.version,
        memoryGb: os.totalmem() / 1024 ** 3,
        loadBefore,
        loadAfter: os.loadavg(),
        leftOut: leftOutVariables(),
        coreCheck: { before: checkBefore, after: await coreCheck(os.cpus().length) },
      },
      startup: start,
      fetch,
      send,
      big,
      profile,
      stripper,
    };
    const table = markdown(results);
    fs.mkdirSync(args.outDir, { recursive: true });
    const stamp = results.date.replace(/[:.]/g, '-');
    fs.writeFileSync(path.join(args.outDir, `bench-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(args.outDir, `bench-${stamp}.md`), table);
    if (showsEveryFigure(args)) fs.writeFileSync(path.join(args.outDir, 'latest.md'), table);
    else log('latest.md left as it was: this run leaves out figures of a full one');
    console.log(table);
  } finally {
    await dovecot?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function osName(): string {
  try {
    const text = fs.readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)/m.exec(text)?.[1] ?? os.type();
  } catch {
    return `${os.type()} ${os.release()}`;
  }
}

await main();
