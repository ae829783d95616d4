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
  // The global `--data-dir DIR` (or `--data-dir=DIR`) may come before the command.
  let at = 2;
  while (argv[at]?.startsWith('--data-dir')) at += argv[at]?.includes('=') ? 1 : 2;
  const first = argv[at];
  if (first === '--version' || first === '-V') return [];
  if (isGroup(first)) return [first, ...(ALSO[first] ?? [])];
  return COMMAND_GROUPS;
}
