import type { Command } from 'commander';
import { format, labelOf, langNames, type Lang, type Text } from '../../i18n/lang.js';
import * as z from '../../app/zod.js';
import { parseOrThrow } from '../../errors/validation.js';
import { OUTBOX_STATES, type OutboxEntry } from '../../notifications/notification.types.js';
import { notificationsOf } from '../../notifications/notifications.context.js';
import {
  notificationTypeLabels,
  outboxFieldLabels,
  outboxStateLabels,
  suppressionReasonLabels,
} from '../../notifications/outbox.labels.js';
import {
  clearSuppression,
  listSuppressions,
  suppressAddress,
} from '../../notifications/suppression.repository.js';
import { addPagingOptions, sayMore } from '../paging.js';
import { runCommand } from '../runtime.js';
import { pageOf, parseIdCursor, parseLimit } from '../../storage/page.js';
import { timeText } from '../../i18n/time-text.js';
import { table } from '../table.js';
import { t } from '../help.js';

const texts = {
  empty: { es: 'La cola de salida está vacía.', en: 'The outbox is empty.' },
  retried: {
    es: 'La notificación {id} vuelve a la cola (mismo Message-ID).',
    en: 'Notification {id} is queued again (same Message-ID).',
  },
  sent: {
    es: 'Enviadas {sent}, en reintento {retrying}, fallidas {failed}.',
    en: 'Sent {sent}, retrying {retrying}, failed {failed}.',
  },
  cleared: {
    es: '{address} ya puede recibir notificaciones.',
    en: '{address} may receive notifications again.',
  },
  notListed: { es: '{address} no estaba en la lista.', en: '{address} was not on the list.' },
  added: { es: '{address} no recibirá notificaciones.', en: '{address} will receive no notifications.' },
  noSuppressions: { es: 'La lista de supresión está vacía.', en: 'The suppression list is empty.' },
  suppressedHead: { es: 'DIRECCIÓN,MOTIVO,DESDE', en: 'ADDRESS,REASON,SINCE' },
  listHead: {
    es: 'ID,ESTADO,TIPO,IDIOMA,PARA,INTENTOS,PRÓXIMO/ENVIADA,ÚLTIMO ERROR',
    en: 'ID,STATE,TYPE,LANGUAGE,TO,ATTEMPTS,NEXT/SENT,LAST ERROR',
  },
} satisfies Record<string, Text>;

function listText(entries: OutboxEntry[], lang: Lang): string {
  if (entries.length === 0) return format(texts.empty, lang);
  const head = format(texts.listHead, lang).split(',');
  const rows = entries.map((e) => [
    String(e.id),
    format(outboxStateLabels[e.state], lang),
    format(notificationTypeLabels[e.type], lang),
    labelOf(langNames, e.lang, lang),
    e.recipient,
    `${e.attempts}/${e.maxAttempts}`,
    timeText(e.state === 'sent' ? e.sentAt : e.nextAttemptAt),
    // The error in the reader's words, as `outbox show` and the console say it, on the row's one line.
    e.lastError?.replace(/\s+/g, ' ') ?? '-',
  ]);
  return table([head, ...rows]);
}

type ShownEntry = Awaited<ReturnType<Awaited<ReturnType<typeof notificationsOf>>['outbox']['show']>>;

function showText(entry: ShownEntry, accountName: string | undefined, lang: Lang) {
  const label = (key: keyof typeof outboxFieldLabels, params = {}) =>
    format(outboxFieldLabels[key], lang, params);
  const lines: Array<[string, unknown]> = [
    [label('id'), entry.id],
    [label('state'), format(outboxStateLabels[entry.state], lang)],
    [label('type'), format(notificationTypeLabels[entry.type], lang)],
    [label('lang'), labelOf(langNames, entry.lang, lang)],
    [label('account'), accountName ? `${accountName} (#${entry.accountId})` : `#${entry.accountId}`],
    [label('to'), entry.recipient],
    [label('subject'), entry.subject],
    [label('messageId'), entry.messageId],
    ...(entry.sentMessageId ? [[label('sentMessageId'), entry.sentMessageId] as [string, unknown]] : []),
    [label('case'), entry.caseId ?? '-'],
    [label('attempts'), `${entry.attempts}/${entry.maxAttempts}`],
    [label('nextAttemptAt'), timeText(entry.nextAttemptAt)],
    [label('sentAt'), timeText(entry.sentAt)],
    [label('serverReply'), entry.serverReply ?? '-'],
    [label('lastError'), entry.lastError ? `${entry.lastErrorCode}: ${entry.lastError}` : '-'],
    ...Object.entries(entry.headers).map(([k, v]) => [label('header', { name: k }), v] as [string, unknown]),
  ];
  // One column wide enough for the longest name in the reader's language.
  const width = Math.max(...lines.map(([k]) => k.length)) + 1;
  return `${lines.map(([k, v]) => `${k.padEnd(width)} ${String(v)}`).join('\n')}\n\n${entry.text}`;
}

const asId = (value: string) => Number.parseInt(value, 10);

/** `drobot outbox list|show|retry|send` and the suppression list. */
export function registerOutboxCommands(program: Command): void {
  const outbox = program
    .command('outbox')
    .description(
      t({ es: 'notificaciones en cola, enviadas y fallidas', en: 'queued, sent and failed notifications' }),
    );
  addPagingOptions(outbox.command('list'), 50)
    .description(t({ es: 'lista las notificaciones, primero las más recientes', en: 'newest first' }))
    .option(
      '--state <state>',
      t({ es: 'queued, sending, sent, retrying o failed', en: 'queued, sending, sent, retrying or failed' }),
    )
    .option(
      '--case <id>',
      t({ es: 'sólo las notificaciones de un caso', en: 'only the notifications of a case' }),
    )
    .option('--json', t({ es: 'muestra en JSON', en: 'print as JSON' }))
    .action((f: { state?: string; case?: string; limit?: string; after?: string; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const state = parseOrThrow(z.enum(OUTBOX_STATES).optional(), f.state, 'state');
        const limit = parseLimit(f.limit, 50);
        const { outbox } = await notificationsOf(ctx);
        const rows = await outbox.list(
          {
            state,
            caseId: f.case ? asId(f.case) : undefined,
            limit: limit + 1,
            beforeId: parseIdCursor(f.after),
          },
          out.lang,
        );
        const page = pageOf(rows, limit, (e) => String(e.id));
        out.data(page.items, () => listText(page.items, out.lang));
        sayMore(out, page);
      }),
    );
  outbox
    .command('show')
    .description(
      t({
        es: 'muestra una notificación, su cuenta y su último error',
        en: 'show a notification, its account and its last error',
      }),
    )
    .argument('<id>')
    .option('--json', t({ es: 'muestra en JSON', en: 'print as JSON' }))
    .action((id: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const entry = await (await notificationsOf(ctx)).outbox.show(asId(id), out.lang);
        // The account by name: an id alone says nothing to the reader.
        const account = (await ctx.accounts.list()).find((a) => a.id === entry.accountId);
        out.data(entry, () => showText(entry, account?.name, out.lang));
      }),
    );
  outbox
    .command('retry')
    .description(
      t({
        es: 'envía de nuevo ya una notificación fallida o en espera, con el mismo Message-ID',
        en: 'send a failed or waiting notification again now, with the same Message-ID',
      }),
    )
    .argument('<id>')
    .option('--json', t({ es: 'muestra en JSON', en: 'print as JSON' }))
    .action((id: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const entry = await (await notificationsOf(ctx)).outbox.retry(asId(id), out.lang);
        out.say(texts.retried, { id: entry.id });
        out.data(entry, () => format(outboxStateLabels[entry.state], out.lang));
      }),
    );
  outbox
    .command('send')
    .description(
      t({
        es: 'envía lo pendiente y termina (drobot serve envía continuamente)',
        en: 'send what is due now, then stop (drobot serve sends continuously)',
      }),
    )
    .option('--json', t({ es: 'muestra en JSON', en: 'print as JSON' }))
    .action((f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const notifications = await notificationsOf(ctx);
        const summary = await notifications.worker.drain();
        await notifications.close();
        out.say(texts.sent, { ...summary });
        out.data(summary);
      }),
    );
  outbox
    .command('suppressed')
    .description(
      t({
        es: 'direcciones que no reciben notificaciones (rebotes permanentes o añadidas a mano)',
        en: 'addresses that get no notifications (permanent bounces, or added by hand)',
      }),
    )
    .option('--json', t({ es: 'muestra en JSON', en: 'print as JSON' }))
    .action((f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const list = await listSuppressions(ctx.database.db);
        out.data(list, () =>
          list.length === 0
            ? format(texts.noSuppressions, out.lang)
            : table([
                format(texts.suppressedHead, out.lang).split(','),
                ...list.map((s) => [
                  s.address,
                  format(suppressionReasonLabels[s.reason], out.lang),
                  timeText(s.createdAt),
                ]),
              ]),
        );
      }),
    );
  outbox
    .command('suppress')
    .description(
      t({
        es: 'no envía más notificaciones a esta dirección',
        en: 'send no more notifications to this address',
      }),
    )
    .argument('<address>')
    .option('--json', t({ es: 'muestra en JSON', en: 'print as JSON' }))
    .action((address: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        await suppressAddress(ctx.database.db, address, 'manual', undefined);
        out.say(texts.added, { address });
        out.data({ address, suppressed: true });
      }),
    );
  outbox
    .command('unsuppress')
    .description(
      t({
        es: 'permite que una dirección suprimida vuelva a recibir notificaciones',
        en: 'let a suppressed address receive notifications again',
      }),
    )
    .argument('<address>')
    .option('--json', t({ es: 'muestra en JSON', en: 'print as JSON' }))
    .action((address: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const cleared = await clearSuppression(ctx.database.db, address);
        out.say(cleared ? texts.cleared : texts.notListed, { address });
        out.data({ address, cleared });
      }),
    );
}
