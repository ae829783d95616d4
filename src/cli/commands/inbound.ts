import { inboundOutcomeLabels } from '../../inbound/log/inbound-log.labels.js';
import type { Command } from 'commander';
import { notAcknowledgedWords } from '../../helpdesk/refusal.labels.js';
import { format, type Lang, type Text } from '../../i18n/lang.js';
import { timeText } from '../../i18n/time-text.js';
import {
  parseInboundLogQuery,
  readInboundLog,
  type InboundLogEntry,
  type InboundLogPage,
} from '../../inbound/log/inbound-log.js';
import { quarantineReasonText } from '../../inbound/quarantine/quarantine.labels.js';
import { visible } from '../raw-output.js';
import { t } from '../help.js';
import { runCommand } from '../runtime.js';
import { table } from '../table.js';

/** The outcome of a mail, in the reader's language (the console's words too). */
export const outcomeTexts: Readonly<Record<string, Text>> = inboundOutcomeLabels;

/** Why a mail was dropped (the inbound log's detail of `dropped`). */
const dropReasonTexts: Record<string, Text> = {
  own_loop_header: { es: 'lleva la cabecera de bucle propia', en: 'carries our own loop header' },
  own_address: { es: 'enviado desde una dirección propia', en: 'sent from one of our addresses' },
  round_trip: { es: 'correo de prueba de ida y vuelta', en: 'round-trip test mail' },
};

const texts = {
  none: { es: 'No se ha visto ningún correo.', en: 'No mail seen yet.' },
  listHead: {
    es: 'ID,CUÁNDO,CUENTA,ID EN EL SERVIDOR,DE,ASUNTO,RESULTADO,CASO',
    en: 'ID,WHEN,ACCOUNT,SERVER ID,FROM,SUBJECT,OUTCOME,CASE',
  },
  more: {
    es: 'Hay más: drobot inbound log --after {cursor}{account}',
    en: 'There is more: drobot inbound log --after {cursor}{account}',
  },
} satisfies Record<string, Text>;

export function outcomeText(entry: InboundLogEntry, lang: Lang): string {
  const text = outcomeTexts[entry.outcome];
  const name = text ? format(text, lang) : visible(entry.outcome);
  const detail = detailText(entry, lang);
  return detail ? `${name} (${detail})` : name;
}

/** The log's detail is a code for these outcomes: said in words; any other detail as it came. */
function detailText(entry: InboundLogEntry, lang: Lang): string | null {
  const { outcome, detail } = entry;
  if (!detail) return null;
  // A throttled mail's detail repeats its reason, which the outcome already says.
  if (outcome === 'throttled' && detail === 'throttled') return null;
  if (outcome === 'quarantined' || outcome === 'throttled')
    return visible(quarantineReasonText(detail, lang));
  const drop = outcome === 'dropped' ? dropReasonTexts[detail] : undefined;
  if (drop) return format(drop, lang);
  return visible((outcome === 'new_case' ? notAcknowledgedWords(detail, lang) : undefined) ?? detail);
}

/** The server's id of a mail as a person reads it: the POP3 UIDL, or the IMAP folder and UID. */
function serverId(e: InboundLogEntry): string {
  if (e.mailbox === 'pop3') return e.uid;
  const imap = /^imap:(.*):\d+$/.exec(e.mailbox);
  return imap ? `${imap[1]}/${e.uid}` : `${e.mailbox}/${e.uid}`;
}

/** Cut for a table cell, by characters (never inside one). */
function cell(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function logText(page: InboundLogPage, lang: Lang): string {
  if (page.items.length === 0) return format(texts.none, lang);
  const head = format(texts.listHead, lang).split(',');
  const rows = page.items.map((e) => [
    String(e.id),
    timeText(e.at),
    visible(e.account ?? `#${e.accountId}`),
    cell(visible(serverId(e)), 40),
    cell(visible(e.from ?? '-'), 40),
    cell(visible(e.subject ?? '-'), 50),
    outcomeText(e, lang),
    e.caseNumber !== null ? `#${e.caseNumber}` : e.quarantineId !== null ? `Q${e.quarantineId}` : '-',
  ]);
  return table([head, ...rows]);
}

/** `drobot inbound log`: every mail seen on a server and what became of it. */
export function registerInboundCommands(program: Command): void {
  const inbound = program
    .command('inbound')
    .description(
      t({ es: 'correo recibido en las cuentas de entrada', en: 'mail received on the inbound accounts' }),
    );
  inbound
    .command('log')
    .description(
      t({
        es: 'cada correo visto en un servidor, primero el más reciente: cuenta, id en el servidor, remitente, asunto, resultado, caso (Qn: entrada de cuarentena)',
        en: 'every mail seen on a server, newest first: account, server id, from, subject, outcome, case (Qn: quarantine entry)',
      }),
    )
    .option('--account <name>', t({ es: 'sólo esta cuenta', en: 'only this account' }))
    .option(
      '--limit <n>',
      t({
        es: 'como mucho tantos (por omisión 50, como mucho 1000)',
        en: 'at most this many (default 50, at most 1000)',
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
    .action((f: { account?: string; limit?: string; after?: string; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const query = parseInboundLogQuery({
          ...(f.account !== undefined ? { account: f.account } : {}),
          ...(f.limit !== undefined ? { limit: f.limit } : {}),
          ...(f.after !== undefined ? { after: f.after } : {}),
        });
        const accountId = query.account ? (await ctx.accounts.get(query.account)).id : undefined;
        const page = await readInboundLog(ctx.database.db, {
          ...(accountId !== undefined ? { accountId } : {}),
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
          ...(query.after !== undefined ? { after: query.after } : {}),
        });
        out.data(page, () => logText(page, out.lang));
        if (page.nextCursor) {
          out.say(texts.more, {
            cursor: page.nextCursor,
            account: query.account ? ` --account ${query.account}` : '',
          });
        }
      }),
    );
}
