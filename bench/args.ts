/**
 * The bench's command line: which mailbox sizes, protocols and databases to run, and which extras. Pure.
 */

export type BenchProtocol = 'pop3s' | 'imaps';
export type BenchDb = 'sqlite' | 'postgres';

export interface BenchArgs {
  /** Mailbox sizes (mails); every size runs over every protocol on every database. */
  readonly sizes: readonly number[];
  readonly protocols: readonly BenchProtocol[];
  readonly dbs: readonly BenchDb[];
  /** Sizes at which PostgreSQL also runs (default: every size, as SQLite). */
  readonly pgSizes: readonly number[];
  /**
   * Runs of each fetching figure (DRobot's and fetchmail's) at sizes up to REPEAT_MAX_MAILS, the median kept:
   * there a run lasts a second or two, and one run of each cannot tell a change from the machine's spread.
   */
  readonly repeat: number;
  /**
   * Runs of each fetching figure at larger sizes, the median kept: a 10,000-mail run's time moves by a fifth
   * from one run to the next on a shared machine, enough to move a ratio across its target.
   */
  readonly repeatLarge: number;
  /** Notifications to send (0: skip the sending figures). */
  readonly notifications: number;
  /** The single large mail's size in MB (0: skip). */
  readonly bigMb: number;
  /** Profile one DRobot run (CPU profile and syscall counts) at the smallest size. */
  readonly profile: boolean;
  /** Only the sending figures (no mailbox, no Dovecot): to compare outbox changes quickly. */
  readonly sendOnly: boolean;
  readonly postgresUrl: string;
  /** Where the JSON and Markdown go. */
  readonly outDir: string;
}

const HELP = `usage: npm run bench -- [options]
  --sizes 1000,10000      mailbox sizes (default 1000,10000)
  --protocols pop3s,imaps (default both)
  --dbs sqlite,postgres   (default both)
  --pg-sizes 1000         sizes at which PostgreSQL runs too (default: every size)
  --repeat 5              runs per fetching figure at 1,000 mails or fewer, the median kept (default 5)
  --repeat-large 3        runs per fetching figure above 1,000 mails, the median kept (default 3)
  --notifications 5000    notifications to send (0 skips); up to 5,000, twice as many are also sent
                          in one run, its later half timed once warm
  --big-mb 50             size of the single large mail (0 skips)
  --profile               also profile one DRobot run (--cpu-prof, strace -c)
  --quick                 --sizes 200 --notifications 500 --big-mb 10
  --send-only             only the sending figures (no fetching, no large mail, no profile)
  --postgres URL          (default postgres://postgres@127.0.0.1:5432/test)
  --out DIR               (default bench/results)`;

function list(value: string | undefined, flag: string): string[] {
  if (value === undefined || value === '') throw new Error(`${flag} needs a value\n${HELP}`);
  return value.split(',').map((s) => s.trim());
}

function count(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new Error(`${flag}: not a count: ${value}`);
  return n;
}

/** Sizes up to this many mails run `repeat` times; larger ones (tens of seconds a run) `repeatLarge` times. */
export const REPEAT_MAX_MAILS = 1000;

export function parseArgs(argv: readonly string[]): BenchArgs | 'help' {
  let sizes = [1000, 10_000];
  let protocols: BenchProtocol[] = ['pop3s', 'imaps'];
  let dbs: BenchDb[] = ['sqlite', 'postgres'];
  let pgSizes: number[] | undefined;
  let repeat = 5;
  let repeatLarge = 3;
  let notifications = 5000;
  let bigMb = 50;
  let profile = false;
  let sendOnly = false;
  let postgresUrl = 'postgres://postgres@127.0.0.1:5432/test';
  let outDir = 'bench/results';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const next = () => argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--sizes':
        sizes = list(next(), flag).map((s) => count(s, flag));
        break;
      case '--pg-sizes':
        pgSizes = list(next(), flag).map((s) => count(s, flag));
        break;
      case '--protocols':
        protocols = list(next(), flag).map((p) => {
          if (p !== 'pop3s' && p !== 'imaps') throw new Error(`--protocols: pop3s or imaps, not ${p}`);
          return p;
        });
        break;
      case '--dbs':
        dbs = list(next(), flag).map((d) => {
          if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--dbs: sqlite or postgres, not ${d}`);
          return d;
        });
        break;
      case '--repeat':
        repeat = count(next() ?? '', flag);
        if (repeat < 1 || repeat > 9) throw new Error('--repeat: from 1 to 9 runs');
        break;
      case '--repeat-large':
        repeatLarge = count(next() ?? '', flag);
        if (repeatLarge < 1 || repeatLarge > 9) throw new Error('--repeat-large: from 1 to 9 runs');
        break;
      case '--notifications':
        notifications = count(next() ?? '', flag);
        break;
      case '--big-mb':
        bigMb = count(next() ?? '', flag);
        break;
      case '--profile':
        profile = true;
        break;
      case '--send-only':
        sendOnly = true;
        break;
      case '--quick':
        sizes = [200];
        notifications = 500;
        bigMb = 10;
        break;
      case '--postgres':
        postgresUrl = next() ?? '';
        if (!/^postgres(ql)?:\/\/[^/]*@?(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(postgresUrl))
          throw new Error('--postgres: a postgres:// URL on a loopback address');
        break;
      case '--out':
        outDir = next() ?? '';
        break;
      default:
        throw new Error(`unknown option ${flag}\n${HELP}`);
    }
  }
  if (sizes.length === 0 || sizes.some((n) => n < 1)) throw new Error('--sizes: at least one mail');
  if (sendOnly && notifications === 0) throw new Error('--send-only: --notifications must not be 0');
  return {
    sizes,
    protocols,
    dbs,
    pgSizes: pgSizes ?? sizes,
    repeat,
    repeatLarge,
    notifications,
    bigMb,
    profile,
    sendOnly,
    postgresUrl,
    outDir,
  };
}

export const USAGE = HELP;

/**
 * Whether a run measures every figure the README shows (both sizes, both protocols, both databases at both
 * sizes, the sending and the large mail): only such a run replaces `latest.md`, so a quick or partial run made to
 * compare one change does not stand for the last figures.
 */
export function showsEveryFigure(args: BenchArgs): boolean {
  const has = <T>(list: readonly T[], ...wanted: T[]) => wanted.every((w) => list.includes(w));
  return (
    !args.sendOnly &&
    has(args.sizes, 1000, 10_000) &&
    has(args.protocols, 'pop3s', 'imaps') &&
    has(args.dbs, 'sqlite', 'postgres') &&
    has(args.pgSizes, 1000, 10_000) &&
    args.notifications > 0 &&
    args.bigMb > 0
  );
}
