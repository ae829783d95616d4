import { refusalText } from '../../helpdesk/refusal.labels.js';
import fs from 'node:fs';
import type { Command } from 'commander';
import { commonErrors } from '../../errors/common.errors.js';
import { DrobotError } from '../../errors/drobot-error.js';
import type { Text } from '../../i18n/lang.js';
import { notificationsOf, roundTripDepsOf } from '../../notifications/notifications.context.js';
import type { RoundTripReport } from '../../notifications/round-trip/round-trip.js';
import { roundTripAccounts } from '../../notifications/round-trip/round-trip.accounts.js';
import { format } from '../../i18n/lang.js';
import { EXIT_FAILURE } from '../output.js';
import { cliText } from '../cli.messages.js';
import { runCommand } from '../runtime.js';
import { t } from '../help.js';

const texts = {
  queued: {
    es: 'Notificación {id} en cola ({messageId}).',
    en: 'Notification {id} queued ({messageId}).',
  },
  suppressed: {
    es: 'No se envía: {address} está en la lista de supresión. Bórrela con «drobot outbox unsuppress {address}».',
    en: 'Not sent: {address} is on the suppression list. Clear it with "drobot outbox unsuppress {address}".',
  },
  skipped: { es: 'No se envía: {reason}.', en: 'Not sent: {reason}.' },
  badData: {
    es: 'Los datos de la notificación deben ser un objeto JSON: {detail}',
    en: 'The notification data must be a JSON object: {detail}',
  },
  roundTripOk: {
    es: 'Ida y vuelta correcta: enviado en {send} ms, recibido tras {delay} ms ({checks} comprobaciones).',
    en: 'Round trip passed: sent in {send} ms, received after {delay} ms ({checks} checks).',
  },
  roundTripFailed: {
    es: 'Ida y vuelta fallida en el tramo de {leg}: {message}',
    en: 'Round trip failed on the {leg} leg: {message}',
  },
  legSend: { es: 'envío', en: 'send' },
  legReceive: { es: 'recepción', en: 'receive' },
  sendLegOk: {
    es: 'El tramo de envío fue correcto: el servidor de salida aceptó el correo en {ms} ms{reply}.',
    en: 'The send leg worked: the outbound server accepted the mail in {ms} ms{reply}.',
  },
} satisfies Record<string, Text>;

interface NotifyFlags {
  type?: string;
  to: string;
  lang?: string;
  data?: string;
  dataFile?: string;
  account?: string;
  inReplyTo?: string;
  json?: boolean;
}

function parseData(f: NotifyFlags): unknown {
  const source = f.dataFile ? fs.readFileSync(f.dataFile, 'utf8') : (f.data ?? '{}');
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new DrobotError(commonErrors.malformedJson, {
      params: { detail: (error as Error).message },
      field: 'data',
    });
  }
}

/** A round trip as a person reads it: the failed leg with its reply and hint, and the leg that worked. */
export function roundTripText(report: RoundTripReport, lang: 'es' | 'en'): string {
  if (report.ok) {
    return format(texts.roundTripOk, lang, {
      send: report.send.durationMs,
      delay: report.delayMs,
      checks: report.receive?.checks,
    });
  }
  const leg = report.failedLeg === 'send' ? report.send : report.receive;
  const legName = format(report.failedLeg === 'send' ? texts.legSend : texts.legReceive, lang);
  const lines = [format(texts.roundTripFailed, lang, { leg: legName, message: leg?.error?.message })];
  if (leg?.serverReply) lines.push(`  > ${leg.serverReply}`);
  if (leg?.error?.hint) lines.push(`${format(cliText.hint, lang)}: ${leg.error.hint}`);
  // What worked narrows the search: a mail that left but never arrived is not the outbound account.
  if (report.failedLeg === 'receive' && report.send.ok) {
    const reply = report.send.serverReply ? ` (${report.send.serverReply})` : '';
    lines.push(format(texts.sendLegOk, lang, { ms: report.send.durationMs, reply }));
  }
  return lines.join('\n');
}

/**
 * `drobot notify TYPE --to ADDRESS`: enqueue one notification (sent by the outbox worker), and
 * `drobot accounts roundtrip OUTBOUND INBOUND`, added to the accounts command group.
 */
export function registerNotifyCommands(program: Command): void {
  program
    .command('notify')
    .description(
      t({
        es: 'encola una notificación: case-created, case-updated, account-verification, password-recovery, alarm',
        en: 'queue a notification: case-created, case-updated, account-verification, password-recovery, alarm',
      }),
    )
    .argument('[type]', t({ es: 'tipo de notificación (o --type)', en: 'notification type (or --type)' }))
    .option('--type <type>', t({ es: 'tipo de notificación', en: 'notification type' }))
    .requiredOption('--to <address>', t({ es: 'dirección del destinatario', en: 'recipient address' }))
    .option(
      '--lang <lang>',
      t({ es: 'es o en (por omisión: DROBOT_LANG)', en: 'es or en (default: DROBOT_LANG)' }),
    )
    .option(
      '--data <json>',
      t({ es: 'variables de la plantilla como objeto JSON', en: 'template variables as a JSON object' }),
    )
    .option(
      '--data-file <file>',
      t({ es: 'variables de la plantilla de un archivo JSON', en: 'template variables from a JSON file' }),
    )
    .option(
      '--account <name>',
      t({ es: 'envía por esta cuenta de salida', en: 'send through this outbound account' }),
    )
    .option(
      '--in-reply-to <messageId>',
      t({ es: 'Message-ID al que responde esta notificación', en: 'Message-ID this notification answers' }),
    )
    .option('--json', t({ es: 'muestra el resultado en JSON', en: 'print the result as JSON' }))
    .action((positional: string | undefined, f: NotifyFlags) =>
      runCommand(f, async ({ ctx, out }) => {
        const data = parseData(f);
        if (data === null || typeof data !== 'object' || Array.isArray(data)) {
          throw new DrobotError(commonErrors.validation, { field: 'data', params: { summary: 'data' } });
        }
        const accountId = f.account ? (await ctx.accounts.get(f.account)).id : undefined;
        const { outbox } = await notificationsOf(ctx);
        const result = await outbox.enqueue({
          // A missing type is reported by the enqueue validation, naming the field.
          type: f.type ?? positional ?? '',
          to: f.to,
          data,
          ...(f.lang ? { lang: f.lang } : {}),
          ...(accountId ? { accountId } : {}),
          ...(f.inReplyTo ? { inReplyTo: f.inReplyTo } : {}),
        });
        if (result.status === 'queued') out.say(texts.queued, { id: result.id, messageId: result.messageId });
        if (result.status === 'suppressed') out.say(texts.suppressed, { address: result.address });
        if (result.status === 'skipped') {
          out.say(texts.skipped, { reason: refusalText(result.reason, out.lang) });
        }
        // Only a queued notification has data for a script (its id); the other outcomes are told above.
        out.data(result, () => (result.status === 'queued' ? String(result.id) : ''));
      }),
    );

  const accounts = program.commands.find((c) => c.name() === 'accounts');
  if (!accounts) return;
  accounts
    .command('roundtrip')
    .description(
      t({
        es: 'envía un correo de prueba marcado por SALIDA y espera a que ENTRADA lo reciba (no se crea caso)',
        en: 'send a tagged test mail through OUTBOUND and wait until INBOUND receives it (no case is made)',
      }),
    )
    .argument('<outbound>', t({ es: 'cuenta de salida (nombre o id)', en: 'outbound account (name or id)' }))
    .argument('<inbound>', t({ es: 'cuenta de entrada (nombre o id)', en: 'inbound account (name or id)' }))
    .option(
      '--to <address>',
      t({
        es: 'dirección del buzón de entrada (por omisión: su usuario)',
        en: 'address of the inbound mailbox (default: its username)',
      }),
    )
    .option('--timeout <ms>', t({ es: 'espera máxima del correo', en: 'longest wait for the mail' }), '60000')
    .option('--json', t({ es: 'muestra el informe en JSON', en: 'print the report as JSON' }))
    .action((outbound: string, inbound: string, f: { to?: string; timeout: string; json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const report = await roundTripAccounts(roundTripDepsOf(ctx), outbound, inbound, {
          to: f.to,
          timeoutMs: Number(f.timeout) || 60_000,
          lang: out.lang,
        });
        out.data(report, () => roundTripText(report, out.lang));
        return report.ok ? 0 : EXIT_FAILURE;
      }),
    );
}
