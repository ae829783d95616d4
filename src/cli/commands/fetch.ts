import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { format, type Text } from '../../i18n/lang.js';
import type { FetchProgress } from '../../inbound/fetch/fetch.runner.js';
import type { RunSummary } from '../../inbound/fetch/run-summary.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { runCommand } from '../runtime.js';

const texts = {
  summary: {
    es: '«{account}»: {fetched} correo(s) recogido(s): {newCases} caso(s) nuevo(s), {followUps} seguimiento(s), {autoRecorded} automático(s), {skipped} omitido(s), {quarantined} en cuarentena, {remaining} pendiente(s) ({durationMs} ms).',
    en: '"{account}": {fetched} mail(s) fetched: {newCases} new case(s), {followUps} follow-up(s), {autoRecorded} automatic, {skipped} skipped, {quarantined} quarantined, {remaining} left ({durationMs} ms).',
  },
  failed: { es: '«{account}»: la recogida falló: {error}', en: '"{account}": the fetch failed: {error}' },
  health: {
    es: '«{account}»: última recogida {lastRunAt}; fallos seguidos: {failures}{error}',
    en: '"{account}": last fetch {lastRunAt}; failures in a row: {failures}{error}',
  },
  watching: {
    es: 'Recogiendo «{account}» cada {seconds} s (Ctrl+C para terminar).',
    en: 'Fetching "{account}" every {seconds} s (Ctrl+C to stop).',
  },
} satisfies Record<string, Text>;

/** A progress bar on a terminal's stderr; nothing elsewhere. */
function progressBar(enabled: boolean): FetchProgress | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{bar} {value}/{total} {last}',
    hideCursor: true,
  });
  let started = false;
  return {
    start(total) {
      bar.start(total, 0, { last: '' });
      started = true;
      if (total === 0) bar.stop();
    },
    mail(result) {
      if (!started) return;
      bar.increment(1, { last: result.kind });
      if (bar.getProgress() >= 1) bar.stop();
    },
  };
}

/** `drobot fetch NAME [--once]`: fetch one inbound account now, once or on its interval. */
export function registerFetchCommand(program: Command): void {
  program
    .command('fetch')
    .argument('<name>', 'inbound account')
    .description('fetch mail of one inbound account now and turn it into cases')
    .option('--once', 'one run, then exit (default: keep fetching on the account poll interval)')
    .option('--status', 'show the account fetch health instead of fetching')
    .option('--json', 'JSON output')
    .action((name: string, f: { once?: boolean; status?: boolean; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const inbound = await inboundOf(ctx);
        if (f.status) {
          const account = await ctx.accounts.get(name);
          const health = (await inbound.service.health(out.lang)).find((h) => h.accountId === account.id);
          out.data(health ?? null, () =>
            format(texts.health, out.lang, {
              account: account.name,
              lastRunAt: health?.lastRunAt ?? '-',
              failures: health?.failures ?? 0,
              error: health?.lastError ? ` (${health.lastError})` : '',
            }),
          );
          return 0;
        }
        const report = (summary: RunSummary) => {
          if (summary.errorText) {
            out.say(texts.failed, { account: summary.account, error: summary.errorText[out.lang] });
          } else out.say(texts.summary, { ...summary, errorText: undefined });
          if (out.json) out.data(summary, () => '');
        };
        const once = async () => {
          const summary = await inbound.service.fetch(name, progressBar(!f.json));
          report(summary);
          return summary;
        };
        if (f.once) return (await once()).error ? 1 : 0;
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
