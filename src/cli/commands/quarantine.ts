import type { Command } from 'commander';
import { format, type Lang, type Text } from '../../i18n/lang.js';
import { timeText } from '../../i18n/time-text.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { logOfMail, type InboundLogEntry } from '../../inbound/log/inbound-log.js';
import { rawOfQuarantine } from '../../inbound/log/raw-mail.js';
import { positiveId, visible, writeRawMail } from '../raw-output.js';
import { outcomeText, outcomeTexts } from './inbound.js';
import { quarantineFieldLabels, quarantineReasonText } from '../../inbound/quarantine/quarantine.labels.js';
import type { QuarantineEntry, RetryResult } from '../../inbound/quarantine/quarantine.service.js';
import { fieldIssue, validationError } from '../../errors/validation.js';
import { addPagingOptions, sayMore } from '../paging.js';
import { runCommand } from '../runtime.js';
import { pageAfter, parseIdCursor, parseLimit } from '../../storage/page.js';
import { t } from '../help.js';

const texts = {
  badId: {
    es: 'Indique el número de una entrada de la cuarentena («id») o --all.',
    en: 'Give the number of a quarantine entry ("id") or --all.',
  },
  none: { es: 'La cuarentena está vacía.', en: 'The quarantine is empty.' },
  yes: { es: 'sí', en: 'yes' },
  no: { es: 'no', en: 'no' },
  retried: {
    es: 'Entrada {id}: {result}.',
    en: 'Entry {id}: {result}.',
  },
  listLine: {
    es: 'cuenta={account} uid={uid} {reason} {size} B intentos={attempts} {updatedAt}',
    en: 'account={account} uid={uid} {reason} {size} B attempts={attempts} {updatedAt}',
  },
  alreadyHandled: { es: 'ya estaba procesado', en: 'already handled' },
  refetchScheduled: {
    es: 'se recogerá de nuevo en la próxima recogida',
    en: 'to be fetched again by the next run',
  },
} satisfies Record<string, Text>;

/** What a retry did, in words: the inbound log's outcome words, and the quarantine's reason. */
function retryText(result: RetryResult, lang: Lang): string {
  if (result.kind === 'already_handled') return format(texts.alreadyHandled, lang);
  if (result.kind === 'refetch_scheduled') return format(texts.refetchScheduled, lang);
  const outcome = outcomeTexts[result.kind];
  const name = outcome ? format(outcome, lang) : result.kind;
  return result.kind === 'quarantined' ? `${name} (${quarantineReasonText(result.reason, lang)})` : name;
}

function listText(
  entries: readonly QuarantineEntry[],
  names: ReadonlyMap<number, string>,
  lang: Lang,
): string {
  if (entries.length === 0) return format(texts.none, lang);
  return entries
    .map((e) => {
      const line = format(texts.listLine, lang, {
        account: visible(names.get(e.accountId) ?? `#${e.accountId}`),
        uid: visible(e.uid),
        reason: quarantineReasonText(e.reason, lang),
        size: e.size,
        attempts: e.attempts,
        updatedAt: timeText(e.updatedAt),
      });
      const detail = e.detail ? `\n      ${visible(e.detail)}` : '';
      return `${String(e.id).padEnd(5)} ${line}${detail}`;
    })
    .join('\n');
}

/** `drobot quarantine list|retry`: mail that could not become a case, kept with its raw bytes. */
export function registerQuarantineCommands(program: Command): void {
  const quarantine = program
    .command('quarantine')
    .description(t({ es: 'correo que no se pudo procesar', en: 'mail that could not be processed' }));
  addPagingOptions(quarantine.command('list'), 100)
    .description(t({ es: 'lista el correo en cuarentena', en: 'list quarantined mail' }))
    .option('--account <name>', t({ es: 'sólo esta cuenta', en: 'only this account' }))
    .option('--json', t({ es: 'lista JSON', en: 'JSON array' }))
    .action((f: { account?: string; json?: boolean; limit?: string; after?: string }) =>
      runCommand(f, async ({ ctx, out }) => {
        const inbound = await inboundOf(ctx);
        const accountId = f.account ? (await ctx.accounts.get(f.account)).id : undefined;
        const limit = parseLimit(f.limit, 100);
        if (f.after !== undefined) parseIdCursor(f.after);
        const entries = await inbound.quarantine.list(accountId, out.lang);
        const page = pageAfter(entries, limit, f.after, (e) => String(e.id));
        const names = new Map((await ctx.accounts.list()).map((a) => [a.id, a.name]));
        out.data(page.items, () => listText(page.items, names, out.lang));
        sayMore(out, page);
      }),
    );
  quarantine
    .command('retry')
    .argument('[id]', t({ es: 'el id de una entrada, o «all»', en: 'an entry id, or "all"' }))
    .option('--all', t({ es: 'todo el correo en cuarentena', en: 'every quarantined mail' }))
    .description(
      t({
        es: 'procesa de nuevo correo en cuarentena (sin el límite por remitente; el correo no guardado lo vuelve a recoger la próxima recogida)',
        en: 'process quarantined mail again (the sender throttle does not apply; mail not kept is fetched again by the next run)',
      }),
    )
    .option('--account <name>', t({ es: 'con «all»: sólo esta cuenta', en: 'with "all": only this account' }))
    .option(
      '--allow-oversize',
      t({
        es: 'acepta correo mayor que el límite de la cuenta (por omisión: se rechaza)',
        en: "accept mail over the account's size limit (default: refused)",
      }),
    )
    .option('--json', t({ es: 'lista JSON de resultados', en: 'JSON array of results' }))
    .action(
      (
        id: string | undefined,
        f: { account?: string; json?: boolean; all?: boolean; allowOversize?: boolean },
      ) =>
        runCommand(f, async ({ ctx, out }) => {
          const all = f.all === true || id === 'all';
          if (!all && !/^\d+$/.test(id ?? '')) {
            throw validationError([fieldIssue('id', 'invalid_id', texts.badId)]);
          }
          const inbound = await inboundOf(ctx);
          const accountId = f.account ? (await ctx.accounts.get(f.account)).id : undefined;
          const options = { allowOversize: f.allowOversize === true };
          const results = all
            ? await inbound.quarantine.retryAll(accountId, options)
            : [{ id: Number(id), result: await inbound.quarantine.retry(Number(id), options) }];
          for (const r of results)
            out.say(texts.retried, { id: r.id, result: retryText(r.result, out.lang) });
          out.data(results);
          return results.some((r) => r.result.kind === 'quarantined') ? 1 : 0;
        }),
    );
  quarantine
    .command('show')
    .argument('<id>', t({ es: 'una entrada de la cuarentena', en: 'a quarantine entry' }))
    .description(
      t({
        es: 'muestra un correo en cuarentena: cuenta, id en el servidor, motivo, tamaño y qué pasó con él cada vez',
        en: 'show one quarantined mail: account, server id, reason, size, and what happened to it each time',
      }),
    )
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action((id: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const inbound = await inboundOf(ctx);
        const entry = await inbound.quarantine.get(positiveId(id, 'id'), out.lang);
        const account = (await ctx.accounts.list()).find((a) => a.id === entry.accountId);
        const history = await logOfMail(ctx.database.db, entry);
        const shown = { ...entry, account: account?.name ?? null, history };
        out.data(shown, () => showText(shown, out.lang));
      }),
    );
  quarantine
    .command('raw')
    .argument('<id>', t({ es: 'una entrada de la cuarentena', en: 'a quarantine entry' }))
    .description(
      t({
        es: 'escribe el correo original de una entrada de la cuarentena (.eml), byte a byte, en la salida estándar o un archivo',
        en: 'write the raw mail of a quarantined item (.eml), byte for byte, to standard output or a file',
      }),
    )
    .option(
      '--output <file>',
      t({
        es: 'lo escribe en este archivo (legible sólo por su dueño)',
        en: 'write it to this file (readable by its owner only)',
      }),
    )
    .action((id: string, f: { output?: string }) =>
      runCommand({}, async ({ ctx }) => {
        const { blobs } = await inboundOf(ctx);
        const raw = await rawOfQuarantine(ctx.database.db, blobs, positiveId(id, 'id'));
        await writeRawMail(blobs, raw, f.output);
      }),
    );
}

function showText(
  e: QuarantineEntry & { account: string | null; history: readonly InboundLogEntry[] },
  lang: Lang,
): string {
  const lines: Array<[keyof typeof quarantineFieldLabels, string]> = [
    ['id', String(e.id)],
    ['account', visible(e.account ?? `#${e.accountId}`)],
    ['mailbox', visible(e.mailbox)],
    ['uid', visible(e.uid)],
    ['reason', quarantineReasonText(e.reason, lang)],
    ['detail', visible(e.detail ?? '-')],
    ['size', `${e.size} B`],
    ['rawKept', format(e.rawKept ? texts.yes : texts.no, lang)],
    ['attempts', String(e.attempts)],
    ['createdAt', timeText(e.createdAt)],
    ['updatedAt', timeText(e.updatedAt)],
  ];
  // Labels in the reader's language, in one column as wide as the longest.
  const width = Math.max(...lines.map(([k]) => format(quarantineFieldLabels[k], lang).length));
  const out = lines.map(([k, v]) => `${format(quarantineFieldLabels[k], lang).padEnd(width)}  ${v}`);
  for (const h of e.history) {
    out.push(
      `  ${timeText(h.at)}  ${outcomeText(h, lang)}  ${visible(h.from ?? '-')}  ${visible(h.subject ?? '')}`,
    );
  }
  return out.join('\n');
}
