import type { Command } from 'commander';
import { parseRunsQuery, readRuns, type RunPage } from '../../activity/runs.js';
import { runCountsText, runKindLabels } from '../../activity/runs.labels.js';
import { format, labelOf, type Lang, type Text } from '../../i18n/lang.js';
import { timeText } from '../../i18n/time-text.js';
import { t } from '../help.js';
import { visible } from '../raw-output.js';
import { runCommand } from '../runtime.js';
import { table } from '../table.js';

const texts = {
  none: { es: 'No hay ejecuciones registradas.', en: 'No runs recorded yet.' },
  more: {
    es: 'Hay más: drobot runs list --after {cursor}{filters}',
    en: 'There is more: drobot runs list --after {cursor}{filters}',
  },
  ok: { es: 'sin error', en: 'no error' },
  head: {
    es: 'ID,TIPO,CUENTA,INICIO,FIN,RECUENTOS,ERROR',
    en: 'ID,KIND,ACCOUNT,STARTED,ENDED,COUNTS,ERROR',
  },
} satisfies Record<string, Text>;

function runsText(page: RunPage, lang: Lang): string {
  if (page.items.length === 0) return format(texts.none, lang);
  const head = format(texts.head, lang).split(',');
  const rows = page.items.map((e) => [
    String(e.id),
    visible(labelOf(runKindLabels, e.kind, lang)),
    e.account !== null ? visible(e.account) : e.accountId !== null ? `#${e.accountId}` : '-',
    timeText(e.startedAt),
    timeText(e.endedAt),
    visible(runCountsText(e.counts, lang)),
    e.error ? visible(e.error[lang]) : format(texts.ok, lang),
  ]);
  return table([head, ...rows]);
}

/** `drobot runs list`: the history of fetch runs and outbox rounds. */
export function registerRunsCommands(program: Command): void {
  const runs = program.command('runs').description(
    t({
      es: 'historial de recogidas de correo y rondas de envío de la bandeja de salida (se guarda 30 días)',
      en: 'history of mail fetch runs and outbox send rounds (kept 30 days)',
    }),
  );
  runs
    .command('list')
    .description(
      t({
        es: 'cada ejecución, primero la más reciente: tipo, cuenta, inicio, fin, recuentos y error',
        en: 'every run, newest first: kind, account, start, end, counts and error',
      }),
    )
    .option(
      '--kind <kind>',
      t({
        es: 'sólo este tipo: fetch (recogidas) o send (envíos); por omisión, ambos',
        en: 'only this kind: fetch (fetch runs) or send (outbox rounds); default both',
      }),
    )
    .option('--account <name>', t({ es: 'sólo esta cuenta de entrada', en: 'only this inbound account' }))
    .option(
      '--limit <n>',
      t({
        es: 'como mucho tantas ejecuciones (por omisión 50, como máximo 1000)',
        en: 'at most this many runs (default 50, at most 1000)',
      }),
    )
    .option(
      '--after <cursor>',
      t({
        es: 'la página que sigue a este cursor (se muestra cuando hay más)',
        en: 'the page after this cursor (printed when there is more)',
      }),
    )
    .option(
      '--json',
      t({
        es: 'JSON: { items, nextCursor } (elementos y cursor siguiente)',
        en: 'JSON: { items, nextCursor }',
      }),
    )
    .action((f: { kind?: string; account?: string; limit?: string; after?: string; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const query = parseRunsQuery({
          ...(f.kind !== undefined ? { kind: f.kind } : {}),
          ...(f.account !== undefined ? { account: f.account } : {}),
          ...(f.limit !== undefined ? { limit: f.limit } : {}),
          ...(f.after !== undefined ? { after: f.after } : {}),
        });
        const accountId = query.account ? (await ctx.accounts.get(query.account)).id : undefined;
        const page = await readRuns(ctx.database.db, {
          ...(query.kind !== undefined ? { kind: query.kind } : {}),
          ...(accountId !== undefined ? { accountId } : {}),
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
          ...(query.after !== undefined ? { after: query.after } : {}),
        });
        out.data(page, () => runsText(page, out.lang));
        if (page.nextCursor) {
          const filters =
            (query.kind ? ` --kind ${query.kind}` : '') +
            (query.account ? ` --account ${query.account}` : '') +
            (query.limit !== undefined ? ` --limit ${query.limit}` : '');
          out.say(texts.more, { cursor: page.nextCursor, filters });
        }
      }),
    );
}
