import type { Command } from 'commander';
import { installLastResort } from '../../app/last-resort.js';
import { format, type Text } from '../../i18n/lang.js';
import { timeText } from '../../i18n/time-text.js';
import type { RunSummary } from '../../inbound/fetch/run-summary.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { runCommand } from '../runtime.js';
import { t } from '../help.js';

const texts = {
  summary: {
    es: '«{account}»: {fetched} correo(s) recogido(s): {newCases} caso(s) nuevo(s), {followUps} seguimiento(s), {autoRecorded} automático(s), {skipped} omitido(s), {quarantined} en cuarentena, {remaining} pendiente(s) ({durationMs} ms).',
    en: '"{account}": {fetched} mail(s) fetched: {newCases} new case(s), {followUps} follow-up(s), {autoRecorded} automatic, {skipped} skipped, {quarantined} quarantined, {remaining} left ({durationMs} ms).',
  },
  leftByLimit: {
    es: '  {remaining} correo(s) esperan a la próxima recogida (límite por recogida o recogida interrumpida); para recogerlos ya: drobot fetch {account} --once',
    en: '  {remaining} mail(s) wait for the next run (per-run limit, or the run stopped); to take them now: drobot fetch {account} --once',
  },
  leftDeferred: {
    es: '  {deferred} correo(s) que el servidor no pudo entregar se reintentarán más tarde; tras 4 intentos pasan a cuarentena (drobot quarantine list).',
    en: '  {deferred} mail(s) the server failed to deliver will be tried again later; after 4 attempts they go to quarantine (drobot quarantine list).',
  },
  leftSetAside: {
    es: '  {setAside} correo(s) que ya estaban en el servidor se dejaron allí por la política de primera recogida «{policy}»; para recogerlos: drobot fetch {account} --once --all',
    en: '  {setAside} mail(s) already on the server were left there by the first-run policy "{policy}"; to take them: drobot fetch {account} --once --all',
  },
  leftQuarantined: {
    es: '  {quarantined} correo(s) en cuarentena: drobot quarantine list (y quarantine show ID, quarantine retry ID).',
    en: '  {quarantined} mail(s) in quarantine: drobot quarantine list (and quarantine show ID, quarantine retry ID).',
  },
  failed: { es: '«{account}»: la recogida falló: {error}', en: '"{account}": the fetch failed: {error}' },
  health: {
    es: '«{account}»: última recogida {lastRunAt}; fallos seguidos: {failures}{error}',
    en: '"{account}": last fetch {lastRunAt}; failures in a row: {failures}{error}',
  },
  waiting: {
    es: '  Correo {uid}: {attempts} descarga(s) fallida(s), próximo intento {nextAttemptAt}; último error: {error}',
    en: '  Mail {uid}: {attempts} failed download(s), next attempt {nextAttemptAt}; last error: {error}',
  },
  watching: {
    es: 'Recogiendo «{account}» cada {seconds} s (Ctrl+C para terminar).',
    en: 'Fetching "{account}" every {seconds} s (Ctrl+C to stop).',
  },
} satisfies Record<string, Text>;

/** `drobot fetch NAME [--once]`: fetch one inbound account now, once or on its interval. */
export function registerFetchCommand(program: Command): void {
  program
    .command('fetch')
    .argument('<name>', t({ es: 'cuenta de entrada', en: 'inbound account' }))
    .description(
      t({
        es: 'recoge ya el correo de una cuenta de entrada y lo convierte en casos',
        en: 'fetch mail of one inbound account now and turn it into cases',
      }),
    )
    .option(
      '--once',
      t({
        es: 'una recogida y termina (por omisión: sigue recogiendo cada intervalo de la cuenta)',
        en: 'one run, then exit (default: keep fetching on the account poll interval)',
      }),
    )
    .option(
      '--all',
      t({
        es: 'recoge también el correo que la política de primera recogida dejó en el servidor (por omisión: sólo lo que tomó)',
        en: 'also take the mail the first-run policy left on the server (default: only what it took)',
      }),
    )
    .option(
      '--no-wait',
      t({
        es: 'termina cuando el correo recibido está guardado y retirado del servidor, sin esperar a que se convierta en casos (lo hace `drobot serve` o la próxima recogida)',
        en: 'end once the mail taken in is stored and settled on the server, without waiting for it to become cases (`drobot serve` or the next run does that)',
      }),
    )
    .option(
      '--status',
      t({
        es: 'muestra el estado de las recogidas de la cuenta en lugar de recoger',
        en: 'show the account fetch health instead of fetching',
      }),
    )
    .option('--json', t({ es: 'salida en JSON', en: 'JSON output' }))
    .action(
      (
        name: string,
        f: { once?: boolean; all?: boolean; wait?: boolean; status?: boolean; json?: boolean },
      ) =>
        runCommand(f, async ({ ctx, out }) => {
          const inbound = await inboundOf(ctx);
          if (f.status) {
            const account = await ctx.accounts.get(name);
            const health = (await inbound.service.health(out.lang)).find((h) => h.accountId === account.id);
            // And each mail the server failed to deliver, waiting to be tried again, with why.
            const waiting = health ? await inbound.service.waitingDownloads(account.id, out.lang) : [];
            out.data(health ? { ...health, waitingDownloads: waiting } : null, () =>
              [
                format(texts.health, out.lang, {
                  account: account.name,
                  lastRunAt: timeText(health?.lastRunAt),
                  failures: health?.failures ?? 0,
                  error: health?.lastError ? ` (${health.lastError})` : '',
                }),
                ...waiting.map((w) =>
                  format(texts.waiting, out.lang, {
                    ...w,
                    nextAttemptAt: timeText(w.nextAttemptAt),
                    error: w.lastError ?? '-',
                  }),
                ),
              ].join('\n'),
            );
            return 0;
          }
          const report = (summary: RunSummary) => {
            if (summary.errorText) {
              out.say(texts.failed, { account: summary.account, error: summary.errorText[out.lang] });
            } else out.say(texts.summary, { ...summary, errorText: undefined });
            // Every run says what it left on the server and why, with the command that takes it.
            const params = { ...summary, errorText: undefined, policy: firstRun };
            if (summary.remaining > 0) out.say(texts.leftByLimit, params);
            if (summary.deferred > 0) out.say(texts.leftDeferred, params);
            if (summary.setAside > 0) out.say(texts.leftSetAside, params);
            if (summary.quarantined > 0) out.say(texts.leftQuarantined, params);
            out.data(summary);
          };
          const firstRun = (await ctx.accounts.get(name)).inbound.firstRun;
          let includeSetAside = f.all === true;
          const once = async () => {
            // The bar's library is loaded only when a bar is drawn (not with --json).
            const bar = f.json
              ? undefined
              : (await import('../fetch-progress.js')).fetchProgressBar(out.lang);
            const summary = await inbound.service.fetch(name, bar, {
              includeSetAside,
              noWait: f.wait === false,
              warmParserEarly: f.once === true,
            });
            includeSetAside = false;
            report(summary);
            return summary;
          };
          if (f.once) return (await once()).error ? 1 : 0;
          // Fetching on the poll interval is a long-running process: what no run handled must not end it.
          installLastResort(ctx.logger);
          const account = await ctx.accounts.get(name);
          out.say(texts.watching, { account: account.name, seconds: account.inbound.pollIntervalSeconds });
          let stop = false;
          const wake: { fn?: () => void } = {};
          const onSignal = () => {
            stop = true;
            wake.fn?.();
          };
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          while (!stop) {
            await once();
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, account.inbound.pollIntervalSeconds * 1000);
              wake.fn = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
          return 0;
        }),
    );
}
