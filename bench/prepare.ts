/**
 * The CPU of case building without SQL: `MailIngestor.prepare` (parse, decode, sanitize, HTML to text, strip
 * replies, classify) over the bench's corpus, in this process, with the raw mails already in a blob store.
 *
 *   node dist/bench/prepare.js [--count 1000] [--rounds 5] [--profile]
 *
 * Prints the time per mail of each round, the process's CPU time per mail, and the median time; `--profile` also folds a CPU profile of the
 * measured rounds (not the set-up) into self time per package or DRobot module. Writes no results file.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { BlobStore, type BlobRef } from '../src/cases/blob.store.js';
import { CaseService } from '../src/cases/case.service.js';
import { MailIngestor } from '../src/inbound/ingest/mail.ingestor.js';
import { caseTagPattern, DEFAULT_CASE_TAGS } from '../src/inbound/thread/case-tag.js';
import { silentLogger } from '../src/logging/logger.js';
import { openDatabase } from '../src/storage/database.js';
import { corpusMail } from './corpus.js';
import { summarizeCpuProfile } from './profile.js';

interface Options {
  readonly count: number;
  readonly rounds: number;
  readonly profile: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  let count = 1000;
  let rounds = 5;
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (flag === '--profile') profile = true;
    else if ((flag === '--count' || flag === '--rounds') && Number.isInteger(value) && value > 0) {
      if (flag === '--count') count = value;
      else rounds = value;
      i++;
    } else throw new Error(`usage: node dist/bench/prepare.js [--count N] [--rounds N] [--profile]`);
  }
  return { count, rounds, profile };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-prepare-'));
  const database = await openDatabase({ url: undefined, dataDir });
  try {
    const blobs = new BlobStore(dataDir);
    const policy = { instanceId: 'drobot-bench', ownAddresses: ['soporte@helpdesk.test'] };
    const ingestor = new MailIngestor({
      database,
      cases: new CaseService(database),
      blobs,
      logger: silentLogger,
      classifyPolicy: policy,
      throttle: { limit: 0, windowSeconds: 3600 },
      tagPattern: caseTagPattern(DEFAULT_CASE_TAGS),
      verifySigned: () => undefined,
    });
    const raws: BlobRef[] = [];
    let bytes = 0;
    for (let i = 0; i < options.count; i++) {
      const raw = corpusMail(i, { tag: 'prepare' }).raw;
      bytes += raw.length;
      raws.push(await blobs.putBuffer(raw));
    }
    const round = async (): Promise<number> => {
      const started = performance.now();
      for (const [i, raw] of raws.entries()) {
        const result = await ingestor.prepare(
          { accountId: 1, mailbox: 'INBOX', uid: String(i) },
          raw,
          policy,
        );
        if (!result.ok) throw new Error(`mail ${i}: ${result.reason} ${result.detail}`);
      }
      return (performance.now() - started) / raws.length;
    };
    // A first round stores the attachments and warms the code up; it is not counted.
    await round();
    const session = options.profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    const times: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let r = 0; r < options.rounds; r++) times.push(await round());
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000 / options.rounds / options.count;
    console.log(
      `prepare: ${options.count} mails (${(bytes / options.count / 1024).toFixed(1)} KB on average), ` +
        `ms per mail by round: ${times.map((t) => t.toFixed(3)).join(' ')}; ` +
        `CPU ${cpuMs.toFixed(3)} ms per mail (all threads); median ${median(times).toFixed(3)}`,
    );
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      if (process.env.DROBOT_PREPARE_PROFILE)
        fs.writeFileSync(process.env.DROBOT_PREPARE_PROFILE, JSON.stringify(profile));
      const summary = summarizeCpuProfile(
        { ...profile, samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] },
        'prepare',
        25,
      );
      const perMail = (ms: number) => (ms / options.rounds / options.count).toFixed(3);
      console.log(
        `sampled ${summary.totalMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms, gc ${summary.gcMs.toFixed(0)} ms`,
      );
      console.log('self time by area (ms per mail, % of busy):');
      for (const a of summary.areas)
        console.log(`  ${perMail(a.ms).padStart(7)}  ${a.percent.toFixed(1).padStart(5)} %  ${a.name}`);
      console.log('self time by function:');
      for (const f of summary.functions)
        console.log(`  ${perMail(f.ms).padStart(7)}  ${f.percent.toFixed(1).padStart(5)} %  ${f.name}`);
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
