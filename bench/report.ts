/**
 * The bench's results: the JSON kept under bench/results and the Markdown table printed and put in the
 * README. Pure.
 */
import type { BenchDb, BenchProtocol } from './args.js';
import type { CoreCheck } from './core-check.js';
import type { ProfileSummary } from './profile.js';
import type { StripperFigure } from './stripper.js';

export interface Figure {
  readonly seconds: number;
  readonly peakRssMb: number;
  /** User + system CPU seconds of the measured command, its threads and children (absent in older results). */
  readonly cpuSeconds?: number | undefined;
  /** CPU seconds the servers used during the run (Dovecot's processes and PostgreSQL's, or smtp-sink). */
  readonly serverCpuSeconds?: number | undefined;
  /** Of a figure taken several times (its time is their median): the fastest and the slowest run's time. */
  readonly spread?: Spread | undefined;
}

export interface Spread {
  readonly fastest: number;
  readonly slowest: number;
}

export interface FetchRow {
  readonly protocol: BenchProtocol;
  readonly db: BenchDb;
  readonly mails: number;
  readonly bytes: number;
  /** Runs behind each figure of the row (DRobot's and fetchmail's alike): the median's time, the highest RSS. */
  readonly runs?: number | undefined;
  /** Mailbox → stored cases: intake and case building, `fetch --once` waiting for both. */
  readonly drobot: Figure & { readonly fetched: number; readonly newCases: number };
  /** Intake only (`fetch --once --no-wait`): mails durable and queued, settled; cases built later. */
  readonly intake?: Figure | undefined;
  readonly fetchmail: (Figure & { readonly delivered: number }) | undefined;
}

export interface SendRow {
  readonly count: number;
  /** Runs behind DRobot's and smtp-source's figures (taken in turn): the median's time, the highest RSS. */
  readonly runs?: number | undefined;
  readonly connections: number;
  readonly mailBytes: number;
  readonly drobotPlain: Figure & { readonly sent: number };
  /**
   * The later `count` of a run of twice as many (the same command on a queue twice as long), timed by its
   * rounds in DRobot's history of runs: sending once warm (absent in older results).
   */
  readonly drobotWarm?: (Figure & { readonly sent: number }) | undefined;
  readonly smtpSource: Figure;
  readonly drobotStartTls: (Figure & { readonly sent: number }) | undefined;
}

export interface BigRow extends Figure {
  readonly protocol: BenchProtocol;
  readonly bytes: number;
  readonly fetched: number;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly os: string;
    readonly node: string;
    readonly memoryGb: number;
    readonly loadBefore: readonly number[];
    readonly loadAfter: readonly number[];
    /** Variables of the shell left out of the measured commands' environment (bench/runner.ts says why). */
    readonly leftOut?: readonly string[];
    /** Two fixed loops timed before and after the run (bench/core-check.ts); absent in older results. */
    readonly coreCheck?: { readonly before: CoreCheck; readonly after: CoreCheck };
  };
  readonly startup: Figure & { readonly runs: number };
  readonly fetch: readonly FetchRow[];
  readonly send: SendRow | undefined;
  readonly big: BigRow | undefined;
  readonly profile: ProfileSummary | undefined;
  readonly stripper: StripperFigure;
}

const f1 = (n: number) => n.toFixed(1);
const f0 = (n: number) => n.toFixed(0);
const f2 = (n: number) => n.toFixed(2);
const mb = (bytes: number) => bytes / 1024 / 1024;

/** Which shell variables the measured commands ran without, when any was set. */
function leftOutNote(names: readonly string[] | undefined): string {
  if (!names || names.length === 0) return '';
  const list = names.map((n) => `\`${n}\``).join(', ');
  return ` Measured commands ran without ${list}, set in the shell the bench ran from (Node reads the file it names at every start; DRobot's accounts name their own CA).`;
}

/** What the rows measured more than once say about it (empty when every row is one run of each). */
function repeatedRuns(rows: readonly FetchRow[]): string {
  const runsBySize = new Map<number, number>();
  for (const row of rows) {
    if ((row.runs ?? 1) > 1)
      runsBySize.set(row.mails, Math.max(row.runs ?? 1, runsBySize.get(row.mails) ?? 0));
  }
  if (runsBySize.size === 0) return '';
  const sizes = [...runsBySize]
    .sort(([a], [b]) => a - b)
    .map(([mails, runs]) => `${runs} runs at ${mails} mails`);
  return `; each time is the median of ${sizes.join(', of ')}, fetchmail's too, taken round by round, and each peak RSS the highest`;
}

/** What the loops of bench/core-check.ts took before and after the run, when they were measured. */
function coreCheckNote(check: BenchResults['machine']['coreCheck']): string {
  if (!check) return '';
  const both = (c: CoreCheck) =>
    `${f0(c.alone.arithmeticMs)} and ${f0(c.alone.memoryMs)} ms alone, ` +
    `${c.together.map((t) => f0(t.arithmeticMs)).join(', ')} and ` +
    `${c.together.map((t) => f0(t.memoryMs)).join(', ')} ms on ${c.together.length} threads at once`;
  return (
    ` Two fixed loops (arithmetic; a walk through 16 MB of memory) took ${both(check.before)} before the run, ` +
    `${both(check.after)} after it: the speed of these cores and of their memory at the time, to compare ` +
    'before comparing two runs.'
  );
}

/** The Markdown of a run; `profile: false` leaves the profile section out (it is long for the README). */
export function markdown(r: BenchResults, options: { profile?: boolean } = {}): string {
  const m = r.machine;
  const lines = [
    `Measured ${r.date} on ${m.cpus} cores (${m.cpuModel}), ${f0(m.memoryGb)} GB, ${m.os}, Node ${m.node}; ` +
      `load average before ${r.machine.loadBefore.map(f1).join(' ')}, after ${r.machine.loadAfter.map(f1).join(' ')} ` +
      '(a shared machine: other work ran at the same time).' +
      coreCheckNote(m.coreCheck) +
      leftOutNote(m.leftOut),
    '',
    '**Fetching** (keep mode, TLS from a private Dovecot on loopback, a fresh mailbox and data directory per run; ' +
      'DRobot intake = `fetch --once --no-wait` (raw mails durable and queued, a fresh run), end to end = ' +
      '`fetch --once` (mailbox → stored cases, both stages); ' +
      "fetchmail = download into one BSMTP file; speed = fetchmail's time ÷ DRobot's, 1× is as fast" +
      `${repeatedRuns(r.fetch)}):`,
    '',
    '| protocol | db | mails | MB | intake mails/s | intake MB/s | intake peak RSS MB | intake vs fetchmail | end-to-end mails/s | end-to-end MB/s | ms/mail | end-to-end peak RSS MB | fetchmail mails/s | fetchmail MB/s | fetchmail RSS MB | end to end vs fetchmail |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of r.fetch) {
    const d = row.drobot;
    const p = row.fetchmail;
    const i = row.intake;
    const intake = i
      ? `${f0(row.mails / i.seconds)} | ${f2(mb(row.bytes) / i.seconds)} | ${f0(i.peakRssMb)} | ` +
        (p ? `${f2(p.seconds / i.seconds)}× | ` : '– | ')
      : '– | – | – | – | ';
    lines.push(
      `| ${row.protocol} | ${row.db} | ${row.mails} | ${f1(mb(row.bytes))} | ${intake}${f0(row.mails / d.seconds)} | ` +
        `${f2(mb(row.bytes) / d.seconds)} | ${f2((d.seconds * 1000) / row.mails)} | ${f0(d.peakRssMb)} | ` +
        (p
          ? `${f0(row.mails / p.seconds)} | ${f2(mb(row.bytes) / p.seconds)} | ${f0(p.peakRssMb)} | ${f2(p.seconds / d.seconds)}× |`
          : '– | – | – | – |'),
    );
  }
  lines.push(...cpuLines(r));
  if (r.send) {
    const s = r.send;
    const rate = (x: Figure) => f0(s.count / x.seconds);
    lines.push(
      '',
      `**Sending** ${s.count} notifications (≈${f1(s.mailBytes / 1024)} KB each) over ${s.connections} connections ` +
        "into Postfix's smtp-sink, no TLS on both" +
        ((s.runs ?? 1) > 1 ? `, each time the median of ${s.runs} runs taken in turn` : '') +
        " (STARTTLS: DRobot into the suite's SMTP server, once):",
      '',
      '| sender | mails/s | seconds | peak RSS MB | CPU s | smtp-sink CPU s | speed vs smtp-source |',
      '|---|--:|--:|--:|--:|--:|--:|',
      `| DRobot \`outbox send\` | ${rate(s.drobotPlain)} | ${f2(s.drobotPlain.seconds)} | ${f0(s.drobotPlain.peakRssMb)} | ${cpuCells(s.drobotPlain)} | ${f2(s.smtpSource.seconds / s.drobotPlain.seconds)}× |`,
      ...(s.drobotWarm
        ? [
            `| DRobot, the later ${s.count} of ${2 * s.count}¹ | ${f0(s.drobotWarm.sent / s.drobotWarm.seconds)} | ${f2(s.drobotWarm.seconds)} | ${f0(s.drobotWarm.peakRssMb)} | – | – | ${f2(s.smtpSource.seconds / s.drobotWarm.seconds)}× |`,
          ]
        : []),
      `| smtp-source | ${rate(s.smtpSource)} | ${f2(s.smtpSource.seconds)} | ${f0(s.smtpSource.peakRssMb)} | ${cpuCells(s.smtpSource)} | |`,
    );
    if (s.drobotStartTls) {
      const t = s.drobotStartTls;
      // Its server (the suite's SMTP server, in the bench's own process) has no CPU of its own: '–'.
      lines.push(
        `| DRobot, STARTTLS | ${rate(t)} | ${f2(t.seconds)} | ${f0(t.peakRssMb)} | ${cpuCells(t)} | |`,
      );
    }
  }
  if (r.send?.drobotWarm) {
    lines.push(
      '',
      `¹ \`outbox send\` on a queue of ${2 * r.send.count}: the time from the end of the round that completed its first ` +
        `${r.send.count} to the end of its last, as its history of runs records them (\`drobot runs list --kind send\`), ` +
        "the median of as many runs; its peak RSS is the whole run's. What a process that has sent before (a running " +
        '`drobot serve`) takes for the next ones: no start-up, the sending path already compiled by V8.',
    );
  }
  lines.push('', '**Other figures:**', '');
  lines.push(
    `- \`drobot --version\`: ${f0(r.startup.seconds * 1000)} ms, ${f0(r.startup.peakRssMb)} MB peak RSS (median of ${r.startup.runs}).`,
  );
  const st = r.stripper;
  lines.push(
    `- Reply stripping (in-process, ${st.texts} corpus texts of ${f1(st.kbPerText)} KB): ${f2(st.currentMsPerText)} ms per text, ` +
      `against ${f2(st.referenceMsPerText)} ms with the email-reply-parser package (same output).`,
  );
  if (r.big) {
    lines.push(
      `- One ${f1(mb(r.big.bytes))} MB mail over ${r.big.protocol} (SQLite): ${f2(r.big.seconds)} s, ${f0(r.big.peakRssMb)} MB peak RSS.`,
    );
  }
  const perMail = (protocol: BenchProtocol, db: BenchDb) =>
    r.fetch
      .filter((x) => x.protocol === protocol && x.db === db)
      .map((x) => `${f2((x.drobot.seconds * 1000) / x.mails)} ms at ${x.mails}`);
  for (const protocol of ['pop3s', 'imaps'] as const) {
    for (const db of ['sqlite', 'postgres'] as const) {
      const list = perMail(protocol, db);
      if (list.length > 1) lines.push(`- Time per mail, ${protocol}, ${db}: ${list.join(', ')}.`);
    }
  }
  lines.push(...spreadLines(r), ...sendSpreadLines(r), ...postgresLines(r));
  if (r.profile && options.profile !== false) lines.push('', ...profileLines(r.profile));
  return `${lines.join('\n')}\n`;
}

/**
 * How far apart the runs behind each repeated figure were: on a shared machine a ratio of two medians moves
 * with the runs' spread, which the reader should see beside it.
 */
function spreadLines(r: BenchResults): string[] {
  return r.fetch.flatMap((row) => {
    const parts = [
      ...range('end to end', row.drobot),
      ...range('intake', row.intake),
      ...range('fetchmail', row.fetchmail),
    ];
    if (parts.length === 0) return [];
    return [
      `- Fastest and slowest of the ${row.runs ?? 1} runs, ${row.protocol}, ${row.db}, ${row.mails}: ${parts.join(', ')}.`,
    ];
  });
}

/** The same for sending, whose figures are repeated too. */
function sendSpreadLines(r: BenchResults): string[] {
  if (!r.send) return [];
  const parts = [
    ...range('DRobot', r.send.drobotPlain),
    ...range(`DRobot's later ${r.send.count}`, r.send.drobotWarm),
    ...range('smtp-source', r.send.smtpSource),
  ];
  return parts.length >= 2
    ? [`- Fastest and slowest of the ${r.send.runs ?? 1} runs, sending: ${parts.join(', ')}.`]
    : [];
}

/** A repeated figure's fastest and slowest run, named; nothing for a single run. */
function range(name: string, x: Figure | undefined): string[] {
  return x?.spread ? [`${name} ${f2(x.spread.fastest)}–${f2(x.spread.slowest)} s`] : [];
}

/** PostgreSQL's end-to-end time over SQLite's at each size both ran (the target is stated that way). */
function postgresLines(r: BenchResults): string[] {
  const lines: string[] = [];
  for (const protocol of ['pop3s', 'imaps'] as const) {
    const ratios = r.fetch.flatMap((pg) => {
      if (pg.protocol !== protocol || pg.db !== 'postgres') return [];
      const lite = r.fetch.find((x) => x.protocol === protocol && x.db === 'sqlite' && x.mails === pg.mails);
      return lite ? [`${f2(pg.drobot.seconds / lite.drobot.seconds)}× at ${pg.mails}`] : [];
    });
    if (ratios.length > 0) {
      lines.push(`- PostgreSQL's end-to-end time over SQLite's, ${protocol}: ${ratios.join(', ')}.`);
    }
  }
  return lines;
}

/** A figure's own and its server's CPU seconds, as two cells ('–' where not measured). */
function cpuCells(x: Figure): string {
  const cell = (n: number | undefined) => (n === undefined ? '–' : f2(n));
  return `${cell(x.cpuSeconds)} | ${cell(x.serverCpuSeconds)}`;
}

/**
 * The CPU behind each fetching figure: on a machine of few cores, a run's wall time cannot be less than the
 * CPU it and its server use together divided by the cores, which is where a CPU-bound figure stands.
 * Empty for results measured before the CPU was recorded.
 */
function cpuLines(r: BenchResults): string[] {
  const rows = r.fetch.filter((row) => row.drobot.cpuSeconds !== undefined);
  if (rows.length === 0) return [];
  const cores = Math.max(1, r.machine.cpus);
  const bound = (x: Figure) =>
    x.cpuSeconds === undefined ? '–' : f2((x.cpuSeconds + (x.serverCpuSeconds ?? 0)) / cores);
  const lines = [
    '',
    `**CPU** of the same runs (user + system seconds: the command's own, all its threads, from GNU time; ` +
      "the servers', all their processes, during the run: Dovecot's, and PostgreSQL's on its rows when it " +
      `runs on this machine; "bound" = both together ÷ ${cores} cores, the least wall time they leave):`,
    '',
    '| protocol | db | mails | DRobot end to end CPU s | servers CPU s | bound s | DRobot s | fetchmail CPU s | Dovecot CPU s | bound s | fetchmail s |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const d = row.drobot;
    const p = row.fetchmail;
    lines.push(
      `| ${row.protocol} | ${row.db} | ${row.mails} | ${cpuCells(d)} | ${bound(d)} | ${f2(d.seconds)} | ` +
        (p ? `${cpuCells(p)} | ${bound(p)} | ${f2(p.seconds)} |` : '– | – | – | – |'),
    );
  }
  return lines;
}

function profileLines(p: ProfileSummary): string[] {
  const lines = [
    `**Profile** of one run (${p.run}): ${f0(p.totalMs)} ms sampled, ${f0(p.idleMs)} ms idle (waiting on I/O), ` +
      `${f0(p.gcMs)} ms in garbage collection.`,
    '',
    '| where (self time) | ms | % of busy |',
    '|---|--:|--:|',
    ...p.areas.map((a) => `| ${a.name} | ${f0(a.ms)} | ${f1(a.percent)} |`),
  ];
  if (p.syscalls.length > 0) {
    lines.push(
      '',
      `System calls (strace -f -c, ${p.run}):`,
      '',
      '| call | count | errors |',
      '|---|--:|--:|',
    );
    lines.push(...p.syscalls.map((s) => `| ${s.name} | ${s.calls} | ${s.errors} |`));
  }
  return lines;
}
