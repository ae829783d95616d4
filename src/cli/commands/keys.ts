import type { Command } from 'commander';
import { format, type Lang, type Text } from '../../i18n/lang.js';
import { timeText } from '../../i18n/time-text.js';
import { rotateMasterKey } from '../../secrets/key-rotation.js';
import { keysReport, type KeysReport, type KeyStatus } from '../../secrets/key-status.js';
import { cliText } from '../cli.messages.js';
import { runCommand } from '../runtime.js';
import { table } from '../table.js';

const keyTexts = {
  dropped: {
    es: 'Claves retiradas quitadas de {file} (ya no protegen ningún secreto): {ids}.',
    en: 'Retired keys removed from {file} (they protect no secret any more): {ids}.',
  },
  unreadable: {
    es: 'Atención: {count} secreto(s) usan una clave que este proceso no tiene; «drobot accounts list» muestra qué cuentas.',
    en: 'Warning: {count} secret(s) use a key this process does not hold; "drobot accounts list" shows which accounts.',
  },
  noCurrent: {
    es: 'Aún no hay clave actual en la base de datos: el primer secreto guardado la fija.',
    en: 'No current key in the database yet: the first secret saved sets it.',
  },
  held: { es: 'sí', en: 'yes' },
  notHeld: { es: 'NO', en: 'NO' },
  head: {
    es: 'ID DE CLAVE,ESTADO,SECRETOS,AQUÍ,HUELLA,CREADA,RETIRADA',
    en: 'KEY ID,STATE,SECRETS,HELD HERE,FINGERPRINT,CREATED,RETIRED',
  },
} satisfies Record<string, Text>;

/** A key's state as a person reads it (`--json` keeps the code). */
const keyStateLabels: Record<KeyStatus['state'], Text> = {
  current: { es: 'actual', en: 'current' },
  retired: { es: 'retirada', en: 'retired' },
  unrecorded: { es: 'no registrada', en: 'unrecorded' },
};

function statusText(report: KeysReport, lang: Lang): string {
  const head = format(keyTexts.head, lang).split(',');
  const rows = report.keys.map((k) => [
    k.keyId,
    format(keyStateLabels[k.state], lang),
    String(k.secrets),
    format(k.held ? keyTexts.held : keyTexts.notHeld, lang),
    k.fingerprint ?? '-',
    timeText(k.createdAt),
    timeText(k.retiredAt),
  ]);
  return `${table([head, ...rows])}\n${report.source}`;
}
import { t } from '../help.js';

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      t({ es: 'clave maestra de los secretos cifrados', en: 'master key of the encrypted secrets' }),
    );
  keys
    .command('rotate')
    .description(
      t({
        es: 'cifra de nuevo cada secreto con una clave maestra nueva, en una transacción (seguro con otros procesos en marcha)',
        en: 're-encrypt every secret under a new master key, in one transaction (safe while other processes run)',
      }),
    )
    .option('--json', t({ es: 'muestra el resultado en JSON', en: 'print the result as JSON' }))
    .action((f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const result = await rotateMasterKey(ctx);
        out.say(cliText.rotated, { count: result.reencrypted, keyId: result.keyId });
        if (result.dropped.length > 0 && ctx.secrets.ring.file) {
          out.say(keyTexts.dropped, { file: ctx.secrets.ring.file, ids: result.dropped.join(', ') });
        }
        out.data(result);
      }),
    );
  keys
    .command('status')
    .description(
      t({
        es: 'las claves maestras: cuál es la actual, cuáles tiene este proceso, cuántos secretos protege cada una',
        en: 'the master keys: which one is current, which this process holds, how many secrets each protects',
      }),
    )
    .option('--json', t({ es: 'muestra las claves en JSON', en: 'print the keys as JSON' }))
    .action((f: { json?: boolean }) =>
      runCommand(f, async ({ ctx, out }) => {
        const report = await keysReport(ctx.database.db, ctx.secrets);
        if (report.currentKeyId === null) out.say(keyTexts.noCurrent);
        if (report.unreadableSecrets > 0) out.say(keyTexts.unreadable, { count: report.unreadableSecrets });
        out.data(report, () => statusText(report, out.lang));
      }),
    );
}
