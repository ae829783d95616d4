import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseStatus, statusName } from '../../cases/case-status.js';
import type { Case } from '../../cases/case.types.js';
import { fieldIssue, parseOrThrow, validationError } from '../../errors/validation.js';
import { caseFiltersSchema, toCaseQuery } from '../../helpdesk/case-filters.js';
import type { ReplyResult, SentCopy, StatusResult } from '../../helpdesk/conversation.service.js';
import { refusalOf, untoldReason } from '../../helpdesk/case-history.js';
import { commandLineAuthor } from '../../helpdesk/change-author.js';
import { caseView, conversationOf } from '../../helpdesk/helpdesk.context.js';
import { refusalText } from '../../helpdesk/refusal.labels.js';
import { REPLY_LIMITS } from '../../helpdesk/reply.input.js';
import { threadText } from '../../helpdesk/thread.view.js';
import { format, type Lang, type Text } from '../../i18n/lang.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { rawOfCaseMessage } from '../../inbound/log/raw-mail.js';
import { positiveId, writeRawMail } from '../raw-output.js';
import { addPagingOptions, sayMore } from '../paging.js';
import { runCommand } from '../runtime.js';
import { decodeTimeCursor, encodeTimeCursor, pageOf, parseLimit } from '../../storage/page.js';
import { timeText } from '../../i18n/time-text.js';
import { table } from '../table.js';
import { t } from '../help.js';
import { commandLineUser } from '../command-line-user.js';

const texts = {
  none: { es: 'No hay casos.', en: 'No cases.' },
  statusSet: { es: 'Caso #{number}: estado «{status}».', en: 'Case #{number}: status "{status}".' },
  notified: {
    es: 'Se ha avisado al solicitante ({address}).',
    en: 'The requester has been told ({address}).',
  },
  notNotified: {
    es: 'No se avisa al solicitante: {reason}.',
    en: 'The requester is not told: {reason}.',
  },
  replied: {
    es: 'Caso #{number}: respuesta en cola para {recipients}.',
    en: 'Case #{number}: answer queued for {recipients}.',
  },
  copySkipped: { es: 'No se envía a {to}: {reason}.', en: 'Not sent to {to}: {reason}.' },
  noted: { es: 'Caso #{number}: nota guardada.', en: 'Case #{number}: note stored.' },
  textSource: {
    es: 'Indique el texto con --text o --text-file (sólo uno).',
    en: 'Give the text with --text or --text-file (only one).',
  },
  unreadable: { es: 'No se puede leer el archivo: {detail}', en: 'The file cannot be read: {detail}' },
  tooLarge: {
    es: 'El archivo ocupa {size} bytes; como mucho {limit}.',
    en: 'The file takes {size} bytes; {limit} at most.',
  },
  listHead: {
    es: 'CASO,ESTADO,SOLICITANTE,ACTUALIZADO,ASUNTO',
    en: 'CASE,STATUS,REQUESTER,UPDATED,SUBJECT',
  },
} satisfies Record<string, Text>;

function listText(cases: readonly Case[], lang: Lang): string {
  if (cases.length === 0) return format(texts.none, lang);
  const rows = cases.map((c) => [
    `#${c.number}`,
    statusName(c.status, lang),
    c.requester.address,
    timeText(c.updatedAt),
    c.subject,
  ]);
  const head = format(texts.listHead, lang).split(',');
  return table([head, ...rows]);
}

function caseNumber(value: string): number {
  return Number(value.replace(/^#/, ''));
}

/** Reads a file given on the command line, bounded, naming the flag when it cannot be read. */
function readBounded(file: string, field: string, limit: number): Buffer {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    throw validationError([
      fieldIssue(field, 'unreadable', texts.unreadable, { detail: (error as Error).message }),
    ]);
  }
  if (size > limit) throw validationError([fieldIssue(field, 'too_large', texts.tooLarge, { size, limit })]);
  return fs.readFileSync(file);
}

/** The text of a reply or note: exactly one of --text and --text-file. */
function textOf(f: { text?: string; textFile?: string }): string {
  if ((f.text === undefined) === (f.textFile === undefined)) {
    throw validationError([fieldIssue('text', 'required', texts.textSource)]);
  }
  return f.text ?? readBounded(f.textFile ?? '', 'text-file', REPLY_LIMITS.textChars * 4).toString('utf8');
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ListFlags {
  after?: string;
  status?: string;
  requester?: string;
  account?: string;
  since?: string;
  until?: string;
  search?: string;
  limit?: string;
  json?: boolean;
}

/** `drobot cases …`: the help desk cases, their conversation, answers, notes and statuses. */
export function registerCaseCommands(program: Command): void {
  const cases = program
    .command('cases')
    .description(t({ es: 'casos del centro de soporte', en: 'help desk cases' }));
  addPagingOptions(
    cases
      .command('list')
      .description(
        t({
          es: 'lista los casos, primero los de actividad más reciente',
          en: 'list cases, newest activity first',
        }),
      )
      .option(
        '--status <status>',
        t({
          es: 'sólo los casos en este estado (nuevo, abierto, pendiente, resuelto, cerrado; o new, open, pending, resolved, closed)',
          en: 'only cases in this status (new, open, pending, resolved, closed)',
        }),
      )
      .option(
        '--requester <address>',
        t({ es: 'sólo los casos de este solicitante', en: 'only cases of this requester' }),
      )
      .option(
        '--account <name>',
        t({
          es: 'sólo los casos abiertos desde esta cuenta de entrada',
          en: 'only cases opened from this inbound account',
        }),
      )
      .option(
        '--since <date>',
        t({
          es: 'sólo los casos creados desde esta fecha (AAAA-MM-DD o ISO-8601)',
          en: 'only cases created at or after this date (YYYY-MM-DD or ISO-8601)',
        }),
      )
      .option(
        '--until <date>',
        t({
          es: 'sólo los casos creados hasta esta fecha (un día solo se incluye entero)',
          en: 'only cases created up to this date (a day alone is included)',
        }),
      )
      .option(
        '--search <words>',
        t({
          es: 'sólo los casos cuyos mensajes contienen todas estas palabras (asunto y texto)',
          en: 'only cases whose messages hold all these words (subject and text)',
        }),
      ),
    100,
  )
    .option('--json', t({ es: 'lista JSON', en: 'JSON array' }))
    .action((f: ListFlags) =>
      runCommand(f, async ({ ctx, out }) => {
        const { limit: limitText, after: afterText, json: _json, ...given } = f;
        const limit = parseLimit(limitText, 100);
        const after = decodeTimeCursor(afterText);
        const filters = parseOrThrow(caseFiltersSchema, given);
        const query = await toCaseQuery(filters, async (ref) => (await ctx.accounts.get(ref)).id);
        const { cases: service } = await inboundOf(ctx);
        const rows = await service.list({ ...query, limit: limit + 1, after });
        const page = pageOf(rows, limit, (c) => encodeTimeCursor(c.updatedAt, c.id));
        out.data(page.items, () => listText(page.items, out.lang));
        sayMore(out, page);
      }),
    );
  cases
    .command('show')
    .argument('<number>')
    .description(
      t({
        es: 'muestra un caso con toda su conversación, de entrada y de salida, con notas',
        en: 'show a case with its whole conversation, in and out, with notes',
      }),
    )
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action((number: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const shown = await caseView(ctx, caseNumber(number));
        out.data(shown, () => threadText(shown, out.lang));
      }),
    );
  cases
    .command('status')
    .argument('<number>')
    .argument('<status>')
    .description(
      t({
        es: 'cambia el estado de un caso (nuevo, abierto, pendiente, resuelto, cerrado); se avisa al solicitante de pendiente, resuelto y cerrado',
        en: 'change the status of a case (new, open, pending, resolved, closed); the requester is told of pending, resolved, closed',
      }),
    )
    .option(
      '--author <name>',
      t({
        es: 'el agente que lo cambia, como lo dice la historia del caso (por omisión, el usuario del sistema que ejecuta drobot)',
        en: "the agent changing it, as the case's history says (default: the system user running drobot)",
      }),
    )
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action((number: string, status: string, f: { author?: string; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const conversation = await conversationOf(ctx);
        // Without --author, the change is the command line's user's: a case's history names who made each.
        const result = await conversation.setStatus(caseNumber(number), parseStatus(status) ?? status, {
          author: f.author,
          otherwise: commandLineAuthor(commandLineUser()),
        });
        out.say(texts.statusSet, {
          number: result.case.number,
          status: statusName(result.case.status, out.lang),
        });
        sayNotification(result, out.say, out.lang);
        // The case as stored, as the API's PATCH answers it, with what was done about telling the requester.
        out.data({ ...result.case, notification: result.notification });
      }),
    );
  cases
    .command('reply')
    .argument('<number>')
    .description(
      t({
        es: 'responde un caso: correo al solicitante y a los demás participantes, por la cola de salida',
        en: 'answer a case: mail to the requester and the other participants, through the outbox',
      }),
    )
    .option('--text <text>', t({ es: 'la respuesta', en: 'the answer' }))
    .option(
      '--text-file <file>',
      t({ es: 'lee la respuesta de un archivo (UTF-8)', en: 'read the answer from a file (UTF-8)' }),
    )
    .option(
      '--attach <file>',
      t({ es: 'adjunta un archivo (repítalo para varios)', en: 'attach a file (repeat for several)' }),
      collect,
    )
    .option(
      '--status <status>',
      t({ es: 'cambia además el estado del caso', en: 'also change the status of the case' }),
    )
    .option(
      '--author <name>',
      t({
        es: 'el agente que responde, visible para el solicitante',
        en: 'the agent answering, shown to the requester',
      }),
    )
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action(
      (
        number: string,
        f: {
          text?: string;
          textFile?: string;
          attach?: string[];
          status?: string;
          author?: string;
          json?: boolean;
        },
      ) =>
        runCommand(f, async ({ ctx, out }) => {
          const text = textOf(f);
          const attachments = (f.attach ?? []).map((file, i) => ({
            filename: path.basename(file),
            contentType: mediaTypeOf(file),
            content: readBounded(file, `attach.${i}`, REPLY_LIMITS.attachmentBytes),
          }));
          const conversation = await conversationOf(ctx);
          const result = await conversation.reply(caseNumber(number), {
            text,
            attachments,
            status: f.status === undefined ? undefined : (parseStatus(f.status) ?? f.status),
            author: f.author,
          });
          sayReply(result, out.say, out.lang);
          out.data(result);
        }),
    );
  cases
    .command('note')
    .argument('<number>')
    .description(
      t({
        es: 'guarda una nota interna en un caso (nunca se envía)',
        en: 'store an internal note on a case (never sent)',
      }),
    )
    .option('--text <text>', t({ es: 'la nota', en: 'the note' }))
    .option(
      '--text-file <file>',
      t({ es: 'lee la nota de un archivo (UTF-8)', en: 'read the note from a file (UTF-8)' }),
    )
    .option('--author <name>', t({ es: 'quién la escribe', en: 'who writes it' }))
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action((number: string, f: { text?: string; textFile?: string; author?: string; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const conversation = await conversationOf(ctx);
        const note = await conversation.note(caseNumber(number), { text: textOf(f), author: f.author });
        out.say(texts.noted, { number: caseNumber(number) });
        out.data(note);
      }),
    );
  cases
    .command('raw')
    .argument(
      '<message-id>',
      t({
        es: 'el id de un mensaje de un caso (lo dan cases show --json e inbound log)',
        en: "a case message's id (shown by cases show --json, and by inbound log)",
      }),
    )
    .description(
      t({
        es: 'escribe el correo original de un mensaje de un caso (.eml), byte a byte, en la salida estándar o un archivo',
        en: 'write the raw mail of a case message (.eml), byte for byte, to standard output or a file',
      }),
    )
    .option(
      '--output <file>',
      t({
        es: 'lo escribe en este archivo (legible sólo por su dueño)',
        en: 'write it to this file (readable by its owner only)',
      }),
    )
    .action((messageId: string, f: { output?: string }) =>
      runCommand({}, async ({ ctx }) => {
        const { blobs } = await inboundOf(ctx);
        const raw = await rawOfCaseMessage(ctx.database.db, blobs, positiveId(messageId, 'message-id'));
        await writeRawMail(blobs, raw, f.output);
      }),
    );
}

type Say = (text: Text, params?: Record<string, string | number>) => void;

/** Why a mail was not queued, in words (`--json` keeps the code). */
function reasonOf(result: SentCopy['result'], lang: Lang): string {
  return refusalText(refusalOf(result), lang);
}

function sayNotification(result: StatusResult, say: Say, lang: Lang): void {
  const n = result.notification;
  if (n.status === 'queued') say(texts.notified, { address: result.case.requester.address });
  const untold = untoldReason(n);
  if (untold !== undefined) say(texts.notNotified, { reason: refusalText(untold, lang) });
}

function sayReply(result: ReplyResult, say: Say, lang: Lang): void {
  const queued = result.copies.filter((c) => c.result.status === 'queued').map((c) => c.to);
  say(texts.replied, { number: result.case.number, recipients: queued.join(', ') || '-' });
  for (const c of result.copies) {
    if (c.result.status === 'queued') continue;
    say(texts.copySkipped, { to: c.to, reason: reasonOf(c.result, lang) });
  }
}

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.csv': 'text/csv',
  '.log': 'text/plain',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The media type of a file to attach, by its extension (else a plain download). */
function mediaTypeOf(file: string): string {
  return MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
