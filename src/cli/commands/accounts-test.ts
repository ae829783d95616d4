import type { Command } from 'commander';
import type { AccountTestReport } from '../../accounts/account-test.service.js';
import { testStepLabels } from '../../accounts/account.labels.js';
import { format, labelOf, type Lang } from '../../i18n/lang.js';
import { runCommand } from '../runtime.js';
import { t } from '../help.js';

const texts = {
  title: {
    es: 'Conexión de prueba de «{name}» ({protocol})',
    en: 'Connection test of "{name}" ({protocol})',
  },
  ok: { es: 'Resultado: correcta ({ms} ms)', en: 'Result: succeeded ({ms} ms)' },
  failed: { es: 'Resultado: fallida en el paso «{step}»', en: 'Result: failed at step "{step}"' },
  hint: { es: 'Sugerencia', en: 'Hint' },
  server: { es: 'Servidor', en: 'Server' },
  warning: { es: 'Aviso', en: 'Warning' },
};

const marks = { ok: '✓', failed: '✗', skipped: '-' } as const;

/** The test as a person reads it: one line per step, the failure's server reply and hint below it. */
export function reportText(report: AccountTestReport, lang: Lang): string {
  const lines = [format(texts.title, lang, { name: report.account ?? '-', protocol: report.protocol })];
  const stepName = (step: string) => labelOf(testStepLabels, step, lang);
  // The step names, the console's, in one column as wide as the longest shown.
  const width = Math.max(0, ...report.steps.map((step) => stepName(step.name).length));
  for (const step of report.steps) {
    const ms = step.status === 'skipped' ? '' : `${step.durationMs} ms`;
    lines.push(
      `  ${marks[step.status]} ${stepName(step.name).padEnd(width)} ${ms.padStart(8)}  ${step.detail}`,
    );
    if (step.error?.serverReply) lines.push(`      ${format(texts.server, lang)}: ${step.error.serverReply}`);
    if (step.error?.hint) lines.push(`      ${format(texts.hint, lang)}: ${step.error.hint}`);
  }
  for (const warning of report.warnings) lines.push(`${format(texts.warning, lang)}: ${warning}`);
  lines.push(
    report.ok
      ? format(texts.ok, lang, { ms: report.durationMs })
      : format(texts.failed, lang, { step: stepName(report.failedStep ?? '?') }),
  );
  return lines.join('\n');
}

export function registerAccountTestCommand(accounts: Command): void {
  accounts
    .command('test')
    .argument('<name>')
    .description(
      t({
        es: 'Conexión de prueba: cada paso, con una sugerencia si falla',
        en: 'connection test ("Conexión de prueba"): every step, with a hint on failure',
      }),
    )
    .option(
      '--send-to <address>',
      t({
        es: 'cuentas de salida (SMTP, Graph o API de Gmail): además envía un mensaje de prueba real a esta dirección',
        en: 'outbound accounts (SMTP, Graph or Gmail API): also send a real test message to this address',
      }),
    )
    .option('--json', t({ es: 'muestra el resultado en JSON', en: 'print the result as JSON' }))
    .action((name: string, f: { json?: boolean; sendTo?: string }) =>
      runCommand(f, async ({ ctx, out }) => {
        const report = await ctx.accountTests.testSaved(name, {
          lang: out.lang,
          ...(f.sendTo ? { sendTestTo: f.sendTo } : {}),
        });
        out.data(report, () => reportText(report, out.lang));
        return report.ok ? 0 : 1;
      }),
    );
}
