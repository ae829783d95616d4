import type { Command } from 'commander';
import { format, type Lang, type Text } from '../../i18n/lang.js';
import { timeText } from '../../i18n/time-text.js';
import type { AuthorizeMode } from '../../oauth/authorization.service.js';
import { oauthServicesFor } from '../../oauth/oauth.factory.js';
import type { TokenInfo } from '../../oauth/token.model.js';
import { toView } from '../../accounts/account.view.js';
import { stateText } from '../account-text.js';
import { runCommand } from '../runtime.js';
import { t } from '../help.js';

const texts = {
  openUrl: {
    es: 'Abra esta dirección en un navegador de este equipo para autorizar la cuenta «{name}»:\n{url}',
    en: 'Open this address in a browser on this machine to authorize the account "{name}":\n{url}',
  },
  deviceCode: {
    es: 'En cualquier dispositivo, abra {uri} e introduzca el código {code} (caduca en {minutes} min).',
    en: 'On any device, open {uri} and enter the code {code} (it expires in {minutes} min).',
  },
  waiting: { es: 'Esperando la autorización…', en: 'Waiting for the authorization…' },
  authorized: {
    es: 'Cuenta «{name}» autorizada ({audience}{who}); el token caduca {expiresAt} y se renovará solo.',
    en: 'Account "{name}" authorized ({audience}{who}); the token expires {expiresAt} and renews itself.',
  },
  status: {
    es: '{audience}: {who}caduca {expiresAt}; permisos: {scopes}; renovación: {refresh}',
    en: '{audience}: {who}expires {expiresAt}; scopes: {scopes}; refresh: {refresh}',
  },
  state: { es: 'Estado de «{name}»: {state}', en: 'State of "{name}": {state}' },
  noTokens: { es: 'La cuenta no tiene tokens.', en: 'The account has no tokens.' },
  yes: { es: 'sí', en: 'yes' },
  no: { es: 'no', en: 'no' },
} satisfies Record<string, Text>;

interface AuthorizeFlags {
  browser?: boolean;
  device?: boolean;
  app?: boolean;
  timeout?: string;
  json?: boolean;
}

/** The flow the flags ask for; none: the account's settings decide (HTTP listener, else device code). */
function modeOf(f: AuthorizeFlags): AuthorizeMode | undefined {
  if (f.app) return 'app';
  if (f.device) return 'device';
  return f.browser === false ? 'loopback' : undefined;
}

/** `drobot oauth …`: consent flows and the (value-free) state of an account's tokens. */
export function registerOAuthCommands(program: Command): void {
  const oauth = program.command('oauth').description(
    t({
      es: 'OAuth 2.0 de las cuentas de Office 365 y Gmail',
      en: 'OAuth 2.0 of Office 365 and Gmail accounts',
    }),
  );
  oauth
    .command('authorize <name>')
    .description(
      t({
        es: 'obtiene los tokens: navegador + receptor local, código de dispositivo o credenciales de aplicación',
        en: 'obtain the tokens: browser + local listener, device code, or app-only credentials',
      }),
    )
    .option(
      '--no-browser',
      t({
        es: 'sólo muestra la dirección, no abre el navegador',
        en: 'only print the address, do not open the default browser',
      }),
    )
    .option(
      '--device',
      t({
        es: 'código de dispositivo: inicie sesión en otro dispositivo (Microsoft)',
        en: 'device code: sign in on another device (Microsoft)',
      }),
    )
    .option(
      '--app',
      t({
        es: 'credenciales de aplicación con el secreto de cliente (Microsoft)',
        en: 'app-only client credentials with the client secret (Microsoft)',
      }),
    )
    .option(
      '--timeout <seconds>',
      t({
        es: 'cuánto se espera al navegador, en segundos (por omisión 300)',
        en: 'how long to wait for the browser (default 300)',
      }),
    )
    .option('--json', t({ es: 'muestra el resultado en JSON', en: 'print the result as JSON' }))
    .action((name: string, f: AuthorizeFlags) =>
      runCommand(f, async ({ ctx, out }) => {
        const account = await ctx.accounts.get(name);
        const { authorizer } = oauthServicesFor(ctx);
        const infos = await authorizer.authorize(account.id, {
          mode: modeOf(f),
          openBrowser: f.browser === false ? false : undefined,
          lang: out.lang,
          timeoutMs: Number(f.timeout) > 0 ? Number(f.timeout) * 1000 : undefined,
          onUrl: (url) => {
            out.say(texts.openUrl, { name: account.name, url });
            out.say(texts.waiting);
          },
          onDeviceCode: (prompt) => {
            out.say(texts.deviceCode, {
              uri: prompt.verificationUri,
              code: prompt.userCode,
              minutes: Math.round(prompt.expiresInSeconds / 60),
            });
            out.say(texts.waiting);
          },
        });
        for (const info of infos) {
          out.say(texts.authorized, {
            name: account.name,
            audience: info.audience,
            who: info.email ? `, ${info.email}` : '',
            expiresAt: timeText(info.expiresAt),
          });
        }
        out.data({ account: account.name, tokens: infos });
      }),
    );

  oauth
    .command('status <name>')
    .description(
      t({
        es: 'muestra el estado de la cuenta y la caducidad y permisos de sus tokens (nunca los tokens)',
        en: "show the account's state and its tokens' expiry and scopes (never the tokens)",
      }),
    )
    .option('--json', t({ es: 'muestra el resultado en JSON', en: 'print the result as JSON' }))
    .action((name: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const account = await ctx.accounts.get(name);
        const infos = await oauthServicesFor(ctx).tokens.info(account.id);
        const value = {
          account: account.name,
          state: account.state,
          stateDetail: account.stateDetail,
          tokens: infos,
        };
        out.data(value, () =>
          humanStatus(out.lang, account.name, stateText(toView(account), out.lang), infos),
        );
      }),
    );
}

function humanStatus(lang: Lang, name: string, state: string, infos: readonly TokenInfo[]): string {
  const lines = [format(texts.state, lang, { name, state })];
  if (infos.length === 0) lines.push(format(texts.noTokens, lang));
  for (const info of infos) {
    lines.push(
      format(texts.status, lang, {
        audience: info.audience,
        who: info.email ? `${info.email}, ` : '',
        expiresAt: timeText(info.expiresAt),
        scopes: info.scopes.join(' '),
        refresh: format(info.hasRefreshToken ? texts.yes : texts.no, lang),
      }),
    );
  }
  return lines.join('\n');
}
