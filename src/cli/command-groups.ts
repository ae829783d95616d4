/** The CLI's command groups in the order help lists them. */
export const COMMAND_GROUPS = [
  'serve',
  'accounts',
  'fetch',
  'cases',
  'quarantine',
  'inbound',
  'keys',
  'oauth',
  'notify',
  'outbox',
  'users',
  'runs',
] as const;

export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** Groups that other modules add to: `accounts roundtrip` is defined with `notify`. */
const ALSO: Partial<Record<CommandGroup, readonly CommandGroup[]>> = { accounts: ['notify'] };

const isGroup = (word: string | undefined): word is CommandGroup =>
  (COMMAND_GROUPS as readonly string[]).includes(word ?? '');

/**
 * The groups a command line (`process.argv`) needs loaded: its own; none for the version; all for help,
 * no command or an unknown word (so help lists everything and an unknown word gets its suggestion).
 */
export function groupsFor(argv: readonly string[]): readonly CommandGroup[] {
  const first = argv[commandAt(argv)];
  if (first === '--version' || first === '-V') return [];
  if (isGroup(first)) return [first, ...(ALSO[first] ?? [])];
  return COMMAND_GROUPS;
}

/** Where the command's first word is in a command line: the global `--data-dir DIR` may come before it. */
function commandAt(argv: readonly string[]): number {
  let at = 2;
  while (argv[at]?.startsWith('--data-dir')) at += argv[at]?.includes('=') ? 1 : 2;
  return at;
}

/**
 * Whether a command line is a one-off `drobot fetch` that builds cases, and so parses mail within a second
 * of starting (`--no-wait` builds none; `--status` and the help fetch nothing).
 */
export function buildsCasesAtOnce(argv: readonly string[]): boolean {
  const at = commandAt(argv);
  if (argv[at] !== 'fetch') return false;
  const rest = argv.slice(at + 1);
  return rest.includes('--once') && !rest.some((w) => NOT_BUILDING.has(w));
}

const NOT_BUILDING = new Set(['--no-wait', '--status', '--help', '-h']);
