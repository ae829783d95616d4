import type { Command } from 'commander';
import { DrobotError } from '../../errors/drobot-error.js';
import { format, labelOf, type Text } from '../../i18n/lang.js';
import { timeText } from '../../i18n/time-text.js';
import { removeSetupAddress } from '../../users/setup-address-file.js';
import { userErrors } from '../../users/user.errors.js';
import { roleLabels } from '../../users/user.labels.js';
import type { UserView } from '../../users/user.model.js';
import { t } from '../help.js';
import { runCommand } from '../runtime.js';
import { isInteractive, promptHidden, readLines } from '../secret-input.js';
import { table } from '../table.js';
import type { Output } from '../output.js';

const texts = {
  added: { es: 'Usuario «{name}» creado con el rol {role}.', en: 'User "{name}" added with role {role}.' },
  removed: {
    es: 'Usuario «{name}» eliminado; sus sesiones han terminado.',
    en: 'User "{name}" removed; its sessions have ended.',
  },
  passwordSet: {
    es: 'Contraseña de «{name}» cambiada; sus sesiones abiertas han terminado.',
    en: 'Password of "{name}" changed; its open sessions have ended.',
  },
  prompt: { es: 'Contraseña para «{name}»: ', en: 'Password for "{name}": ' },
  again: { es: 'Repita la contraseña: ', en: 'Repeat the password: ' },
  none: { es: 'No hay usuarios.', en: 'No users.' },
  header: { es: 'NOMBRE|ROL|CREADO', en: 'NAME|ROLE|CREATED' },
} satisfies Record<string, Text>;

/**
 * A password never comes from an argument: from the first line of standard input (`--password-stdin`, or
 * whenever input is not a terminal), else from a prompt that does not echo, typed twice.
 */
async function readPassword(name: string, fromStdin: boolean, out: Output): Promise<string> {
  if (fromStdin || !isInteractive()) {
    const [line = ''] = await readLines(process.stdin, 1);
    if (!line) throw new DrobotError(userErrors.passwordRequired, { field: 'password' });
    return line;
  }
  const first = await promptHidden(format(texts.prompt, out.lang, { name }));
  const second = await promptHidden(format(texts.again, out.lang));
  if (first !== second) throw new DrobotError(userErrors.passwordsDiffer, { field: 'password' });
  return first;
}

function listText(users: readonly UserView[], out: Output): string {
  if (users.length === 0) return format(texts.none, out.lang);
  const header = format(texts.header, out.lang).split('|');
  return table([
    header,
    ...users.map((u) => [u.name, labelOf(roleLabels, u.role, out.lang), timeText(u.createdAt)]),
  ]);
}

export function registerUserCommands(program: Command): void {
  const users = program
    .command('users')
    .description(
      t({ es: 'personas que entran en la consola web', en: 'people who sign in to the web console' }),
    );

  users
    .command('add <name>')
    .description(
      t({
        es: 'añade un usuario de la consola (contraseña pedida sin eco o de la primera línea de la entrada estándar)',
        en: 'add a console user (password from a hidden prompt or the first line of stdin)',
      }),
    )
    .option(
      '--role <role>',
      t({ es: 'admin (administrador) o agent (agente)', en: 'admin or agent' }),
      'agent',
    )
    .option(
      '--password-stdin',
      t({
        es: 'lee la contraseña de la primera línea de la entrada estándar',
        en: 'read the password from the first line of standard input',
      }),
    )
    .option('--json', t({ es: 'muestra el usuario en JSON', en: 'print the user as JSON' }))
    .action((name: string, f: { role: string; passwordStdin?: boolean; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const password = await readPassword(name, f.passwordStdin === true, out);
        const user = await ctx.users.add({ name, role: f.role, password });
        // The first-run setup address cannot serve any more: a user exists.
        removeSetupAddress(ctx.config.dataDir);
        out.say(texts.added, { name: user.name, role: labelOf(roleLabels, user.role, out.lang) });
        out.data(user, () => listText([user], out));
      }),
    );

  users
    .command('list')
    .description(
      t({
        es: 'lista los usuarios de la consola (nunca una contraseña)',
        en: 'list the console users (never a password)',
      }),
    )
    .option('--json', t({ es: 'muestra JSON', en: 'print JSON' }))
    .action((f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const all = await ctx.users.list();
        out.data(all, () => listText(all, out));
      }),
    );

  users
    .command('remove <name>')
    .description(
      t({ es: 'elimina un usuario y termina sus sesiones', en: 'remove a user and end its sessions' }),
    )
    .action((name: string) =>
      runCommand({}, async ({ ctx, out }) => {
        await ctx.users.remove(name);
        out.say(texts.removed, { name: name.toLowerCase() });
      }),
    );

  users
    .command('set-password <name>')
    .description(
      t({
        es: 'cambia la contraseña de un usuario; termina sus sesiones abiertas',
        en: "set a user's password; ends its open sessions",
      }),
    )
    .option(
      '--password-stdin',
      t({
        es: 'lee la contraseña de la primera línea de la entrada estándar',
        en: 'read the password from the first line of standard input',
      }),
    )
    .action((name: string, f: { passwordStdin?: boolean }) =>
      runCommand({}, async ({ ctx, out }) => {
        await ctx.users.setPassword(name, await readPassword(name, f.passwordStdin === true, out));
        out.say(texts.passwordSet, { name: name.toLowerCase() });
      }),
    );
}
