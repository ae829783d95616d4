import { SingleBar } from 'cli-progress';
import { format, type Lang, type Text } from '../i18n/lang.js';
import type { FetchProgress } from '../inbound/fetch/fetch.runner.js';
import type { IngestResult } from '../inbound/ingest/mail.ingestor.js';

/** What became of a mail, as the progress bar and the summaries name it. */
export const OUTCOME_NAMES: Readonly<Record<IngestResult['kind'], Text>> = {
  new_case: { es: 'caso nuevo', en: 'new case' },
  follow_up: { es: 'seguimiento', en: 'follow-up' },
  auto_recorded: { es: 'automático registrado', en: 'automatic, recorded' },
  auto_unmatched: { es: 'automático sin caso', en: 'automatic, no case' },
  dropped: { es: 'descartado (bucle)', en: 'dropped (loop)' },
  duplicate: { es: 'duplicado', en: 'duplicate' },
  quarantined: { es: 'en cuarentena', en: 'quarantined' },
  already_handled: { es: 'ya procesado', en: 'already handled' },
};

export function outcomeName(kind: string, lang: Lang): string {
  return (OUTCOME_NAMES as Readonly<Record<string, Text>>)[kind]?.[lang] ?? kind;
}

/**
 * The bar's line: mails built into cases (the bar), mails taken in (durable, settled on the server), an
 * estimate of the time left, and what became of the last mail.
 */
const barFormat: Text = {
  es: '{bar} {value}/{total} correos procesados | {received} recibidos | quedan {eta_formatted} | {last}',
  en: '{bar} {value}/{total} mails built | {received} received | {eta_formatted} left | {last}',
};

export function progressFormat(lang: Lang): string {
  return format(barFormat, lang);
}

/** A progress bar on a terminal stream; nothing when the stream is no terminal. */
export function fetchProgressBar(
  lang: Lang,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): FetchProgress | undefined {
  if (!stream.isTTY) return undefined;
  const bar = new SingleBar({
    stream,
    format: progressFormat(lang),
    hideCursor: true,
    etaBuffer: 20,
  });
  let started = false;
  let received = 0;
  return {
    start(total) {
      bar.start(total, 0, { last: '', received });
      started = true;
      if (total === 0) bar.stop();
    },
    received(count) {
      if (!started) return;
      received += count;
      bar.update({ received });
    },
    mail(result) {
      if (!started) return;
      bar.increment(1, { last: outcomeName(result.kind, lang) });
      if (bar.getProgress() >= 1) bar.stop();
    },
  };
}
