import fs from 'node:fs';
import type { Command } from 'commander';
import type { Account } from '../../accounts/account.model.js';
import { toView } from '../../accounts/account.view.js';
import { takesPassword } from '../../accounts/account.applies.js';
import { accountErrors } from '../../accounts/account.errors.js';
import type { ImportNote } from '../../accounts/account.service.js';
import { shownAccountState } from '../../accounts/account.labels.js';
import { commonErrors } from '../../errors/common.errors.js';
import { DrobotError } from '../../errors/drobot-error.js';
import { secretErrors } from '../../secrets/secret.errors.js';
import { format, type Lang, type Text } from '../../i18n/lang.js';
import { accountInputFromFlags, addAccountOptions, type AccountFlags } from '../account-flags.js';
import { accountListText, accountShowText, accountStateName } from '../account-text.js';
import { cliText } from '../cli.messages.js';
import type { Output } from '../output.js';
import { addPagingOptions, sayMore } from '../paging.js';
import { runCommand } from '../runtime.js';
import { pageAfter, parseIdCursor, parseLimit } from '../../storage/page.js';
import { isInteractive, promptHidden, readSecrets } from '../secret-input.js';
import { registerAccountTestCommand } from './accounts-test.js';
import { t } from '../help.js';
import type { AppContext } from '../../app/context.js';
import {
  noDefaultAccountWarning,
  noEnabledAccountWarning,
  routingProblemMessage,
  routingProblemWarning,
} from '../../notifications/routing.labels.js';
import { routingProblem } from '../../notifications/routing.js';

/**
 * Reads the secrets the flags ask for, in the order password, proxy password, client secret: prompted
 * for without echo on a terminal, the first lines of standard input otherwise.
 */
async function readAccountSecrets(f: AccountFlags, lang: Lang, name: string) {
  const wanted = [
    f.passwordStdin ? cliText.promptPassword : undefined,
    f.proxyPasswordStdin ? cliText.promptProxyPassword : undefined,
    f.clientSecretStdin ? cliText.promptClientSecret : undefined,
  ];
  const labels = wanted.filter((t) => t !== undefined).map((t) => format(t, lang, { name }));
  const lines = await readSecrets(labels);
  const next = () => lines.shift();
  return {
    password: f.passwordStdin ? next() : undefined,
    proxyPassword: f.proxyPasswordStdin ? next() : undefined,
    clientSecret: f.clientSecretStdin ? next() : undefined,
  };
}

/** On a terminal, without --password-stdin: asked for when the account the flags describe takes one. */
function needsPasswordPrompt(f: AccountFlags, input: unknown): boolean {
  return !f.passwordStdin && isInteractive() && takesPassword(input);
}

function announce(out: Output, text: typeof cliText.created, account: Account): void {
  out.say(text, { name: account.name, state: accountStateName(shownAccountState(account), out.lang) });
  sayWhatItNeeds(out, account);
}

/** What an account still needs before it is used: a password, or an OAuth authorization. */
function sayWhatItNeeds(out: Output, account: Account): void {
  if (account.state === 'password_required') out.say(cliText.passwordRequired, { name: account.name });
  if (account.state === 'authorization_required' && account.enabled)
    out.say(cliText.authorizationRequired, { name: account.name });
}

/** An account whose secret this process cannot decrypt: the error, naming the account, and what to do. */
function sayUnreadable(out: Output, account: Account): void {
  if (!account.unreadableSecret) return;
  const error = new DrobotError(secretErrors.accountSecretUnknownKey, {
    params: { account: account.name, ...account.unreadableSecret },
  }).render(out.lang);
  process.stderr.write(`${error.message}\n${error.hint ?? ''}\n`);
}

/**
 * After a change that leaves notifications (or some of them) without an account to go by, when they had
 * one before it (several outbound accounts enabled with no DROBOT_NOTIFY_ACCOUNT, none enabled at all, or
 * the account a setting names disabled or gone): one warning line, since they stop going out from now on.
 */
async function warnIfRoutingBroken(ctx: AppContext, out: Output, before: readonly Account[]): Promise<void> {
  const settings = ctx.config.notify;
  const was = routingProblem(before, settings)?.kind;
  const problem = routingProblem(await ctx.accounts.list(), settings);
  if (!problem || problem.kind === was) return;
  if (problem.kind === 'no-default')
    out.say(noDefaultAccountWarning, { accounts: problem.accounts.join(', ') });
  else if (problem.kind === 'none-enabled')
    out.say(noEnabledAccountWarning, { disabled: problem.disabled.join(', ') });
  // The account DROBOT_NOTIFY_ACCOUNT or DROBOT_NOTIFY_ACCOUNTS names was disabled, removed or renamed.
  else out.say(routingProblemWarning, { message: routingProblemMessage(problem, out.lang) });
}

/** An imported account's settings taken otherwise than its document said, as one line's parameters. */
function importNoteParams(note: ImportNote): { name: string; changes: Text } {
  const said = (lang: Lang) =>
    note.changes.map((change) => format(cliText.importChange, lang, { ...change })).join(', ');
  return { name: note.name, changes: { es: said('es'), en: said('en') } };
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DrobotError(accountErrors.badImportFile, {
      params: { detail: `${file}: ${(error as Error).message}` },
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DrobotError(commonErrors.malformedJson, {
      params: { detail: `${file}: ${(error as Error).message}` },
    });
  }
}

export function registerAccountCommands(program: Command): void {
  const accounts = program
    .command('accounts')
    .description(t({ es: 'cuentas de correo', en: 'mail accounts' }));

  addAccountOptions(
    accounts.command('add').description(t({ es: 'añade una cuenta', en: 'add an account' })),
    true,
  )
    .option('--json', t({ es: 'muestra la cuenta en JSON', en: 'print the account as JSON' }))
    .action((f: AccountFlags) =>
      runCommand(f, async ({ ctx, out, config }) => {
        const input = accountInputFromFlags(f, await readAccountSecrets(f, out.lang, f.name ?? ''));
        const password = needsPasswordPrompt(f, input)
          ? await promptHidden(format(cliText.promptPassword, out.lang, { name: f.name ?? '' }))
          : undefined;
        const before = await ctx.accounts.list();
        const account = await ctx.accounts.create(password === undefined ? input : { ...input, password });
        announce(out, cliText.created, account);
        await warnIfRoutingBroken(ctx, out, before);
        out.data(toView(account), () => accountShowText(toView(account), out.lang, config.oauthAuthorities));
      }),
    );

  addAccountOptions(
    accounts
      .command('edit')
      .argument('<name>')
      .description(t({ es: 'modifica una cuenta', en: 'change an account' })),
    false,
  )
    .option('--json', t({ es: 'muestra la cuenta en JSON', en: 'print the account as JSON' }))
    .action((name: string, f: AccountFlags) =>
      runCommand(f, async ({ ctx, out, config }) => {
        const patch = accountInputFromFlags(f, await readAccountSecrets(f, out.lang, name));
        const before = await ctx.accounts.list();
        const account = await ctx.accounts.edit(name, patch);
        announce(out, cliText.edited, account);
        await warnIfRoutingBroken(ctx, out, before);
        out.data(toView(account), () => accountShowText(toView(account), out.lang, config.oauthAuthorities));
      }),
    );

  addPagingOptions(
    accounts.command('list').description(t({ es: 'lista las cuentas', en: 'list the accounts' })),
    100,
  )
    .option('--json', t({ es: 'lista JSON', en: 'JSON array' }))
    .action((f: { json?: boolean; limit?: string; after?: string }) =>
      runCommand(f, async ({ ctx, out }) => {
        const limit = parseLimit(f.limit, 100);
        if (f.after !== undefined) parseIdCursor(f.after);
        const all = await ctx.accounts.list();
        for (const a of all) sayUnreadable(out, a);
        const views = all.map(toView);
        const page = pageAfter(views, limit, f.after, (v) => String(v.id));
        out.data(page.items, () => accountListText(page.items, out.lang));
        sayMore(out, page);
      }),
    );

  accounts
    .command('show')
    .argument('<name>')
    .description(t({ es: 'muestra una cuenta (secretos ocultos)', en: 'show one account (secrets masked)' }))
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action((name: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out, config }) => {
        const account = await ctx.accounts.get(name);
        sayUnreadable(out, account);
        const view = toView(account);
        out.data(view, () => accountShowText(view, out.lang, config.oauthAuthorities));
      }),
    );

  accounts
    .command('remove')
    .argument('<name>')
    .description(t({ es: 'elimina una cuenta y sus secretos', en: 'remove an account and its secrets' }))
    .option(
      '--json',
      t({ es: 'muestra la cuenta eliminada en JSON', en: 'print the removed account as JSON' }),
    )
    .action((name: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const before = await ctx.accounts.list();
        const removed = await ctx.accounts.remove(name);
        out.say(cliText.removed, { name: removed.name });
        await warnIfRoutingBroken(ctx, out, before);
        out.data(toView(removed));
      }),
    );

  accounts
    .command('export')
    .argument(
      '[file]',
      t({
        es: 'archivo que se escribe (por omisión: la salida estándar)',
        en: 'file to write (default: standard output)',
      }),
    )
    .description(
      t({ es: 'exporta todas las cuentas sin secretos', en: 'export every account without secrets' }),
    )
    .action((file: string | undefined) =>
      runCommand({}, async ({ ctx, out }) => {
        const doc = await ctx.accounts.exportAll();
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (file && file !== '-') {
          fs.writeFileSync(file, text, { mode: 0o600 });
          out.say(cliText.exported, { count: doc.accounts.length, file });
        } else {
          process.stdout.write(text);
        }
      }),
    );

  accounts
    .command('import')
    .argument(
      '<file>',
      t({
        es: 'un documento exportado, con secretos opcionales («-» para la entrada estándar)',
        en: 'an export document, optionally with secrets ("-" for standard input)',
      }),
    )
    .description(t({ es: 'importa cuentas (todas o ninguna)', en: 'import accounts (all or nothing)' }))
    .option(
      '--json',
      t({ es: 'muestra las cuentas importadas en JSON', en: 'print the imported accounts as JSON' }),
    )
    .action((file: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const document = readJsonFile(file);
        const before = await ctx.accounts.list();
        const notes: ImportNote[] = [];
        const created = await ctx.accounts.import(document, (note) => notes.push(note));
        out.say(cliText.imported, { count: created.length });
        for (const note of notes) out.say(cliText.importUpgraded, importNoteParams(note));
        for (const a of created) sayWhatItNeeds(out, a);
        await warnIfRoutingBroken(ctx, out, before);
        const views = created.map(toView);
        out.data(views, () => accountListText(views, out.lang));
      }),
    );

  for (const enabled of [true, false]) {
    accounts
      .command(enabled ? 'enable' : 'disable')
      .argument('<name>')
      .description(
        enabled
          ? t({ es: 'activa una cuenta: vuelve a usarse', en: 'enable an account: it is used again' })
          : t({
              es: 'desactiva una cuenta: se conserva pero no se usa',
              en: 'disable an account: it is kept but not used',
            }),
      )
      .option('--json', t({ es: 'muestra la cuenta en JSON', en: 'print the account as JSON' }))
      .action((name: string, f: { json?: boolean }) =>
        runCommand(f, async ({ ctx, out }) => {
          const before = await ctx.accounts.list();
          const account = await ctx.accounts.edit(name, { enabled });
          out.say(enabled ? cliText.enabled : cliText.disabled, {
            name: account.name,
            state: accountStateName(shownAccountState(account), out.lang),
          });
          sayWhatItNeeds(out, account);
          await warnIfRoutingBroken(ctx, out, before);
          out.data(toView(account));
        }),
      );
  }

  registerAccountTestCommand(accounts);
}
