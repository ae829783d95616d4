import type { Text } from '../../i18n/lang.js';

/**
 * What became of a mail seen on a server, as the inbound log's readers read it: `drobot inbound log`, the
 * quarantine's history and the console's activity page (the API and `--json` keep the code).
 */
export const inboundOutcomeLabels: Readonly<Record<string, Text>> = {
  new_case: { es: 'caso creado', en: 'case created' },
  follow_up: { es: 'añadido al caso', en: 'added to the case' },
  auto_recorded: { es: 'automático, añadido al caso', en: 'automatic, added to the case' },
  auto_unmatched: { es: 'automático, sin caso', en: 'automatic reply, not linked' },
  dropped: { es: 'descartado (bucle o propio)', en: 'dropped (loop or own mail)' },
  duplicate: { es: 'duplicado', en: 'duplicate' },
  preexisting: { es: 'apartado en la primera ejecución', en: 'set aside by the first run' },
  throttled: { es: 'limitado: en cuarentena', en: 'throttled: quarantined' },
  quarantined: { es: 'en cuarentena', en: 'quarantined' },
  queued: { es: 'recibido, en cola para convertirlo en caso', en: 'received, queued to become a case' },
};
