import type { Command } from 'commander';
import { rotateMasterKey } from '../../secrets/key-rotation.js';
import { cliText } from '../cli.messages.js';
import { runCommand } from '../runtime.js';
import { t } from '../help.js';

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      t({ es: 'clave maestra de los secretos cifrados', en: 'master key of the encrypted secrets' }),
    );
  keys
    .command('rotate')
    .description(
      t({
        es: 'cifra de nuevo cada secreto con una clave maestra nueva, en una transacción',
        en: 're-encrypt every secret under a new master key, in one transaction',
      }),
    )
    .option('--json', t({ es: 'muestra el resultado en JSON', en: 'print the result as JSON' }))
    .action((f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const result = await rotateMasterKey(ctx);
        out.say(cliText.rotated, { count: result.reencrypted, keyId: result.keyId });
        if (result.newMasterKey) out.say(cliText.newEnvKey);
        out.data(result, () => result.newMasterKey ?? '');
      }),
    );
}
