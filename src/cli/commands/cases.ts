import type { Command } from 'commander';
import { parseStatus, statusName } from '../../cases/case-status.js';
import { caseErrors } from '../../cases/case.errors.js';
import { CASE_STATUSES, type Case, type CaseMessage, type CaseStatus } from '../../cases/case.types.js';
import { DrobotError } from '../../errors/drobot-error.js';
import { format, type Lang, type Text } from '../../i18n/lang.js';
import { inboundOf } from '../../inbound/inbound.factory.js';
import { addPagingOptions, sayMore } from '../paging.js';
import { runCommand } from '../runtime.js';
import { decodeTimeCursor, encodeTimeCursor, pageOf, parseLimit } from '../../storage/page.js';
import { table } from '../table.js';
import { t } from '../help.js';

const texts = {
  none: { es: 'No hay casos.', en: 'No cases.' },
  attachments: { es: 'Adjuntos', en: 'Attachments' },
  automatic: { es: 'automático, no se responde', en: 'automatic, never answered' },
  bounce: { es: 'rebote: {recipient} {status}', en: 'bounce: {recipient} {status}' },
  statusSet: { es: 'Caso #{number}: estado «{status}».', en: 'Case #{number}: status "{status}".' },
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
    c.updatedAt.slice(0, 16).replace('T', ' '),
    c.subject,
  ]);
  const head = format(texts.listHead, lang).split(',');
  return table([head, ...rows]);
}

function messageText(m: CaseMessage, lang: Lang): string {
  const who = m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address;
  const lines = [
    `--- ${m.direction === 'in' ? '<-' : '->'} ${who}  ${m.sentAt ?? m.createdAt}  [${m.classification}]`,
  ];
  if (m.noReply) lines.push(`    (${format(texts.automatic, lang)})`);
  if (m.bounce)
    lines.push(
      `    ${format(texts.bounce, lang, { recipient: m.bounce.recipient ?? '?', status: m.bounce.status ?? '' })}`,
    );
  lines.push(m.textReply || m.text);
  if (m.attachments.length > 0) {
    lines.push(`${format(texts.attachments, lang)}:`);
    for (const a of m.attachments)
      lines.push(`  - ${a.filename} (${a.contentType}, ${a.size} B${a.inline ? ', inline' : ''})`);
  }
  return lines.join('\n');
}

/** `--status abierto` or `--status open`; anything else is refused naming the field. */
function statusFilter(value: string): CaseStatus {
  const status = parseStatus(value);
  if (status === undefined)
    throw new DrobotError(caseErrors.badStatus, {
      field: 'status',
      params: { status: value, values: CASE_STATUSES.join(', ') },
    });
  return status;
}

function caseNumber(value: string): number {
  return Number(value.replace(/^#/, ''));
}

/** `drobot cases list|show|status`: the help desk cases made from inbound mail. */
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
      ),
    100,
  )
    .option('--json', t({ es: 'lista JSON', en: 'JSON array' }))
    .action((f: { status?: string; requester?: string; limit?: string; after?: string; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const limit = parseLimit(f.limit, 100);
        const after = decodeTimeCursor(f.after);
        const status = f.status === undefined ? undefined : statusFilter(f.status);
        const { cases: service } = await inboundOf(ctx);
        const rows = await service.list({ status, requester: f.requester, limit: limit + 1, after });
        const page = pageOf(rows, limit, (c) => encodeTimeCursor(c.updatedAt, c.id));
        out.data(page.items, () => listText(page.items, out.lang));
        sayMore(out, page);
      }),
    );
  cases
    .command('show')
    .argument('<number>')
    .description(t({ es: 'muestra un caso con sus mensajes', en: 'show a case with its messages' }))
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action((number: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const { cases: service } = await inboundOf(ctx);
        const shown = await service.get(caseNumber(number));
        out.data(shown, () =>
          [
            `#${shown.case.number} [${statusName(shown.case.status, out.lang)}] ${shown.case.subject}`,
            `${shown.case.requester.displayName ?? ''} <${shown.case.requester.address}>`,
            ...shown.messages.map((m) => messageText(m, out.lang)),
          ].join('\n'),
        );
      }),
    );
  cases
    .command('status')
    .argument('<number>')
    .argument('<status>')
    .description(
      t({
        es: 'cambia el estado de un caso (nuevo, abierto, pendiente, resuelto, cerrado)',
        en: 'change the status of a case',
      }),
    )
    .option('--json', t({ es: 'objeto JSON', en: 'JSON object' }))
    .action((number: string, status: string, f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const { cases: service } = await inboundOf(ctx);
        const updated = await service.setStatus(caseNumber(number), status);
        out.say(texts.statusSet, { number: updated.number, status: statusName(updated.status, out.lang) });
        if (out.json) out.data(updated, () => '');
      }),
    );
}
