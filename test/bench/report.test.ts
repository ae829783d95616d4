import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdown, type BenchResults, type FetchRow } from '../../bench/report.js';

function results(fetch: FetchRow[], send: BenchResults['send'] = undefined): BenchResults {
  return {
    date: '2026-12-03T04:00:00.000Z',
    machine: {
      cpus: 2,
      cpuModel: 'test CPU',
      os: 'Linux',
      node: 'v20',
      memoryGb: 24,
      loadBefore: [1, 1, 1],
      loadAfter: [1, 1, 1],
    },
    startup: { seconds: 0.06, peakRssMb: 41, runs: 5 },
    fetch,
    send,
    big: undefined,
    profile: undefined,
    stripper: { texts: 3, kbPerText: 10, referenceMsPerText: 2, currentMsPerText: 0.1 },
  };
}

const row = (cpu: boolean): FetchRow => ({
  protocol: 'pop3s',
  db: 'sqlite',
  mails: 1000,
  bytes: 30 * 1024 * 1024,
  runs: 5,
  drobot: {
    seconds: 2.2,
    peakRssMb: 200,
    fetched: 1000,
    newCases: 800,
    ...(cpu ? { cpuSeconds: 3.4, serverCpuSeconds: 0.7 } : {}),
  },
  intake: { seconds: 1.1, peakRssMb: 100 },
  fetchmail: {
    seconds: 1.3,
    peakRssMb: 8,
    delivered: 1000,
    ...(cpu ? { cpuSeconds: 0.4, serverCpuSeconds: 0.72 } : {}),
  },
});

describe("the bench's report", () => {
  test('shows the CPU behind each fetching figure and the least wall time it leaves on the cores', () => {
    const text = markdown(results([row(true)]));
    assert.match(text, /\*\*CPU\*\* of the same runs/);
    // (3.4 + 0.7) / 2 cores and (0.4 + 0.72) / 2.
    assert.match(
      text,
      /\| pop3s \| sqlite \| 1000 \| 3\.40 \| 0\.70 \| 2\.05 \| 2\.20 \| 0\.40 \| 0\.72 \| 0\.56 \| 1\.30 \|/,
    );
  });

  test("gives PostgreSQL's end-to-end time over SQLite's at each size both ran", () => {
    const at = (db: 'sqlite' | 'postgres', mails: number, seconds: number): FetchRow => {
      const base = row(false);
      return { ...base, db, mails, drobot: { ...base.drobot, seconds } };
    };
    const text = markdown(
      results([
        at('sqlite', 1000, 2),
        at('postgres', 1000, 2.5),
        at('sqlite', 10_000, 10),
        at('postgres', 10_000, 16),
      ]),
    );
    assert.match(
      text,
      /PostgreSQL's end-to-end time over SQLite's, pop3s: 1\.25× at 1000, 1\.60× at 10000\./,
    );
    assert.doesNotMatch(text, /over SQLite's, imaps/);
    assert.doesNotMatch(markdown(results([at('postgres', 1000, 2.5)])), /over SQLite's/);
  });

  test('says how many runs each size took the median of, and nothing when every figure is one run', () => {
    const base = row(false);
    const text = markdown(
      results([
        base,
        { ...base, db: 'postgres' },
        { ...base, mails: 10_000, runs: 3 },
        { ...base, mails: 10_000, db: 'postgres', runs: 3 },
      ]),
    );
    assert.match(
      text,
      /each time is the median of 5 runs at 1000 mails, of 3 runs at 10000 mails, fetchmail's too/,
    );
    assert.doesNotMatch(markdown(results([{ ...base, runs: 1 }])), /the median of/);
  });

  test('gives the fastest and slowest run behind each repeated figure, and nothing for a single run', () => {
    const base = row(false);
    const repeated: FetchRow = {
      ...base,
      drobot: { ...base.drobot, spread: { fastest: 2.01, slowest: 2.94 } },
      intake: { seconds: 1.1, peakRssMb: 100, spread: { fastest: 0.98, slowest: 1.3 } },
      fetchmail: base.fetchmail && { ...base.fetchmail, spread: { fastest: 1.2, slowest: 1.45 } },
    };
    assert.match(
      markdown(results([repeated])),
      /- Fastest and slowest of the 5 runs, pop3s, sqlite, 1000: end to end 2\.01–2\.94 s, intake 0\.98–1\.30 s, fetchmail 1\.20–1\.45 s\./,
    );
    assert.doesNotMatch(markdown(results([base])), /Fastest and slowest/);
  });

  test('a repeated sending figure says so and gives its fastest and slowest run; a single run does not', () => {
    const send = (spread: boolean): BenchResults['send'] => ({
      count: 5000,
      connections: 3,
      mailBytes: 1500,
      runs: spread ? 5 : 1,
      drobotPlain: {
        seconds: 1,
        peakRssMb: 110,
        sent: 5000,
        ...(spread ? { spread: { fastest: 0.94, slowest: 1.1 } } : {}),
      },
      smtpSource: {
        seconds: 0.36,
        peakRssMb: 6,
        ...(spread ? { spread: { fastest: 0.33, slowest: 0.4 } } : {}),
      },
      drobotStartTls: undefined,
    });
    const repeated = markdown(results([], send(true)));
    assert.match(repeated, /no TLS on both, each time the median of 5 runs taken in turn/);
    assert.match(
      repeated,
      /- Fastest and slowest of the 5 runs, sending: DRobot 0\.94–1\.10 s, smtp-source 0\.33–0\.40 s\./,
    );
    const once = markdown(results([], send(false)));
    assert.doesNotMatch(once, /each time the median|Fastest and slowest/);
  });

  test("gives the core check's loops before and after the run, and nothing for results without it", () => {
    const plain = results([row(true)]);
    const loops = (arithmeticMs: number, memoryMs: number) => ({ arithmeticMs, memoryMs });
    const checked: BenchResults = {
      ...plain,
      machine: {
        ...plain.machine,
        coreCheck: {
          before: { alone: loops(251.4, 240), together: [loops(249.6, 301), loops(380.2, 322.5)] },
          after: { alone: loops(260, 239), together: [loops(255, 250), loops(402.7, 260)] },
        },
      },
    };
    const said = markdown(checked).split('\n')[0] ?? '';
    assert.match(
      said,
      /took 251 and 240 ms alone, 250, 380 and 301, 323 ms on 2 threads at once before the run/,
    );
    assert.match(said, /260 and 239 ms alone, 255, 403 and 250, 260 ms on 2 threads at once after it/);
    assert.doesNotMatch(markdown(plain), /fixed loops/);
  });

  test('results measured before the CPU was recorded have no CPU table', () => {
    assert.doesNotMatch(markdown(results([row(false)])), /\*\*CPU\*\*/);
  });

  test("the sending table gives each sender's CPU and the sink's, '–' where not measured", () => {
    const text = markdown(
      results([], {
        count: 5000,
        connections: 3,
        mailBytes: 1500,
        drobotPlain: { seconds: 1.5, peakRssMb: 110, cpuSeconds: 1.7, serverCpuSeconds: 0.2, sent: 5000 },
        smtpSource: { seconds: 0.3, peakRssMb: 6, cpuSeconds: 0.15, serverCpuSeconds: 0.18 },
        drobotStartTls: { seconds: 3.8, peakRssMb: 111, cpuSeconds: 3.1, sent: 5000 },
      }),
    );
    assert.match(text, /\| DRobot `outbox send` \| 3333 \| 1\.50 \| 110 \| 1\.70 \| 0\.20 \| 0\.20× \|/);
    assert.match(text, /\| smtp-source \| 16667 \| 0\.30 \| 6 \| 0\.15 \| 0\.18 \| \|/);
    assert.match(text, /\| DRobot, STARTTLS \| 1316 \| 3\.80 \| 111 \| 3\.10 \| – \| \|/);
    assert.doesNotMatch(text, /the later|¹/);
  });

  test("the later half of a run twice as long gets its own row, ratio and note, and its runs' spread", () => {
    const text = markdown(
      results([], {
        count: 5000,
        connections: 3,
        mailBytes: 1500,
        runs: 3,
        drobotPlain: { seconds: 1.5, peakRssMb: 110, sent: 5000, spread: { fastest: 1.4, slowest: 1.6 } },
        drobotWarm: { seconds: 0.8, peakRssMb: 120, sent: 5000, spread: { fastest: 0.7, slowest: 0.9 } },
        smtpSource: { seconds: 0.4, peakRssMb: 6, spread: { fastest: 0.38, slowest: 0.45 } },
        drobotStartTls: undefined,
      }),
    );
    assert.match(text, /\| DRobot, the later 5000 of 10000¹ \| 6250 \| 0\.80 \| 120 \| – \| – \| 0\.50× \|/);
    assert.match(
      text,
      /¹ `outbox send` on a queue of 10000: the time from the end of the round that completed its first 5000/,
    );
    assert.match(text, /`drobot runs list --kind send`/);
    assert.match(
      text,
      /sending: DRobot 1\.40–1\.60 s, DRobot's later 5000 0\.70–0\.90 s, smtp-source 0\.38–0\.45 s\./,
    );
  });
});
