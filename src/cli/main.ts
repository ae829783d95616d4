#!/usr/bin/env -S node --max-old-space-size=128 --initial-old-space-size=32 --max-semi-space-size=8
// First: V8's flags, set before the command does any work.
import './v8-flags.js';
import { Command, CommanderError } from 'commander';
import { cliText } from './cli.messages.js';
import { buildsCasesAtOnce, COMMAND_GROUPS, groupsFor, type CommandGroup } from './command-groups.js';
import { localizeHelp, t } from './help.js';
import { cliLang, setConfigOverrides } from './global-options.js';

type Register = (program: Command) => void;

/**
 * Each command group is loaded only when asked for: a group's module brings in the whole application
 * (database drivers, mail parsing, the HTTP server), so `drobot --version` or `drobot fetch` must not pay for
 * all of them.
 */
const LOADERS: Readonly<Record<CommandGroup, () => Promise<Register>>> = {
  serve: async () => (await import('./commands/serve.js')).registerServeCommand,
  accounts: async () => (await import('./commands/accounts.js')).registerAccountCommands,
  fetch: async () => {
    if (buildsCasesAtOnce(process.argv)) await startParsingEarly();
    return (await import('./commands/fetch.js')).registerFetchCommand;
  },
  cases: async () => (await import('./commands/cases.js')).registerCaseCommands,
  quarantine: async () => (await import('./commands/quarantine.js')).registerQuarantineCommands,
  inbound: async () => (await import('./commands/inbound.js')).registerInboundCommands,
  keys: async () => (await import('./commands/keys.js')).registerKeyCommands,
  oauth: async () => (await import('./commands/oauth.js')).registerOAuthCommands,
  notify: async () => (await import('./commands/notify.js')).registerNotifyCommands,
  outbox: async () => (await import('./commands/outbox.js')).registerOutboxCommands,
  users: async () => (await import('./commands/users.js')).registerUserCommands,
  runs: async () => (await import('./commands/runs.js')).registerRunsCommands,
};

/**
 * A one-off fetch that builds cases starts its parse thread before loading the rest of the command, so
 * that the parser is ready when the first mail arrives (see startParseThreadEarly).
 */
async function startParsingEarly(): Promise<void> {
  const [{ parseThreadWanted }, { startParseThreadEarly }] = await Promise.all([
    import('../config/config.js'),
    import('../inbound/parse/parse-thread.js'),
  ]);
  if (parseThreadWanted()) startParseThreadEarly();
}

/**
 * Standard output that fails cuts the command's result short: the command must not end with success.
 * A reader that stops early (`drobot cases list | head`) closes the pipe (EPIPE): the command ends at once
 * and quietly, as a Unix tool killed by SIGPIPE does (the reader chose to stop, there is nothing to tell
 * it), with the status a shell gives such a tool, 128 + 13, so that `set -o pipefail` and scripts see the
 * cut output. Node ignores SIGPIPE, so the signal cannot be raised again: the status stands for it.
 * Any other failure (a full disk, a device error) is told on stderr in one line, without a stack.
 */
const EXIT_BROKEN_PIPE = 128 + 13;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
  process.exitCode = 1;
  void import('./output.js').then(({ reportOutputFailure }) =>
    process.exit(reportOutputFailure(error, cliLang(), process.argv.includes('--json'))),
  );
});

/**
 * Standard error that fails (`2>/dev/full`, a reader that closed it) leaves nothing to tell the user with:
 * what was to be said there is dropped, and the command ends with its own status (2 for a usage error),
 * without a stack. The listener is there from the start: the failure is emitted a tick after the write,
 * and unheard it would end the command as a crash (status 1, a stack no one can read).
 */
process.stderr.on('error', () => undefined);

const program = new Command('drobot');
localizeHelp(program);
program
  .description(t(cliText.programDescription))
  .version('0.1.0', '-V, --version', t(cliText.versionOption))
  .option('--data-dir <dir>', t(cliText.dataDirOption))
  .addHelpText('after', `\n${t(cliText.dataDirHelp)}`)
  .showHelpAfterError(false)
  .configureOutput({ outputError: () => undefined })
  .exitOverride()
  .hook('preAction', (command) => {
    const dataDir = command.opts<{ dataDir?: string }>().dataDir;
    setConfigOverrides({ dataDir });
  });

try {
  const wanted = new Set(groupsFor(process.argv));
  // Registered in help's order, whatever order the modules finish loading in.
  const chosen = COMMAND_GROUPS.filter((name) => wanted.has(name));
  const registers = await Promise.all(chosen.map((name) => LOADERS[name]()));
  for (const register of registers) register(program);

  // Commander's own usage errors are reported like every other error: in the user's language.
  program.commands.forEach(function quiet(cmd: Command) {
    cmd.exitOverride().configureOutput({ outputError: () => undefined });
    cmd.commands.forEach(quiet);
  });

  await program.parseAsync(process.argv);
} catch (error) {
  if (
    error instanceof CommanderError &&
    (error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help')
  ) {
    process.exitCode = 0;
  } else {
    const { reportError } = await import('./output.js');
    process.exitCode = reportError(error, cliLang(), process.argv.includes('--json'));
  }
}
