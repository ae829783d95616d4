#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerAccountCommands } from './commands/accounts.js';
import { registerCaseCommands } from './commands/cases.js';
import { registerFetchCommand } from './commands/fetch.js';
import { registerQuarantineCommands } from './commands/quarantine.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerNotifyCommands } from './commands/notify.js';
import { registerOutboxCommands } from './commands/outbox.js';
import { registerOAuthCommands } from './commands/oauth.js';
import { registerServeCommand } from './commands/serve.js';
import { cliText } from './cli.messages.js';
import { localizeHelp, t } from './help.js';
import { reportError } from './output.js';
import { cliLang, setConfigOverrides } from './runtime.js';

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

registerServeCommand(program);
registerAccountCommands(program);
registerFetchCommand(program);
registerCaseCommands(program);
registerQuarantineCommands(program);
registerKeyCommands(program);
registerOAuthCommands(program);
registerNotifyCommands(program);
registerOutboxCommands(program);

// Commander's own usage errors are reported like every other error: in the user's language.
program.commands.forEach(function quiet(cmd: Command) {
  cmd.exitOverride().configureOutput({ outputError: () => undefined });
  cmd.commands.forEach(quiet);
});

try {
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
    process.exitCode = reportError(error, cliLang(), process.argv.includes('--json'));
  }
}
