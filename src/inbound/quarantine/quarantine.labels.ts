import { format, type Lang, type Params, type Text } from '../../i18n/lang.js';
import { formatBoth, storedTextOf } from '../../i18n/stored-text.js';
import type { QuarantineReason } from '../ingest/inbound-mail.repository.js';

/** Why a mail is in quarantine, as a person reads it (the API and `--json` keep the reason's code). */
export const quarantineReasonLabels: Record<QuarantineReason, Text> = {
  unparseable: { es: 'ilegible', en: 'unparseable' },
  over_size: { es: 'demasiado grande', en: 'over size' },
  storage_error: { es: 'error al guardarlo', en: 'storage error' },
  throttled: { es: 'limitado', en: 'throttled' },
  download_failed: { es: 'descarga fallida', en: 'download failed' },
};

/** The fields of a quarantine entry as `quarantine list` and `quarantine show` name them. */
export const quarantineFieldLabels = {
  id: { es: 'Id', en: 'Id' },
  account: { es: 'Cuenta', en: 'Account' },
  mailbox: { es: 'Buzón', en: 'Mailbox' },
  uid: { es: 'Id en el servidor', en: 'Server id' },
  reason: { es: 'Motivo', en: 'Reason' },
  detail: { es: 'Detalle', en: 'Detail' },
  size: { es: 'Tamaño', en: 'Size' },
  rawKept: { es: 'Original guardado', en: 'Raw mail kept' },
  attempts: { es: 'Intentos', en: 'Attempts' },
  createdAt: { es: 'Creada', en: 'Created' },
  updatedAt: { es: 'Modificada', en: 'Updated' },
} satisfies Record<string, Text>;

/**
 * Why a mail went to quarantine, in words: each detail is stored in both languages (see `quarantineDetail`).
 * The words of a library, a server or the system stay as they came, quoted as a technical detail.
 */
export const quarantineDetailTexts = {
  parserError: {
    es: 'El analizador de correo no pudo leerlo (detalle técnico: «{technical}»)',
    en: 'The mail parser could not read it (technical detail: "{technical}")',
  },
  noHeaderSection: { es: 'El correo no tiene cabeceras', en: 'The mail has no header section' },
  noSender: {
    es: 'El correo no tiene dirección de remitente (From)',
    en: 'The mail has no sender address (From)',
  },
  parseTimeout: {
    es: 'Leer el correo tardó más de {seconds} s y se detuvo',
    en: 'Parsing the mail took longer than {seconds} s and was stopped',
  },
  parserStopped: {
    es: 'El analizador de correo se detuvo con este correo (detalle técnico: «{technical}»)',
    en: 'The mail parser stopped on this mail (technical detail: "{technical}")',
  },
  storageRead: {
    es: 'No se pudo leer el correo guardado (detalle técnico: «{technical}»)',
    en: 'The kept mail could not be read (technical detail: "{technical}")',
  },
  storageWrite: {
    es: 'No se pudo guardar el correo (detalle técnico: «{technical}»)',
    en: 'The mail could not be stored (technical detail: "{technical}")',
  },
  storageError: {
    es: 'No se pudo guardar o leer el correo (detalle técnico: «{technical}»)',
    en: 'The mail could not be stored or read (technical detail: "{technical}")',
  },
  listedOverSize: {
    es: 'El servidor lo anuncia con {size} bytes; el límite de la cuenta es {limit}',
    en: "The server lists it at {size} bytes; the account's limit is {limit}",
  },
  sentOverSize: {
    es: 'El servidor envió más de {limit} bytes (se recibieron {received} antes de parar)',
    en: 'The server sent more than {limit} bytes ({received} received before stopping)',
  },
  downloadFailed: {
    es: '{attempts} descargas fallidas; la última: {last}',
    en: '{attempts} downloads failed, the last: {last}',
  },
  stalled: {
    es: 'el servidor se detuvo: {received} bytes en {seconds} s',
    en: 'the server stalled: {received} bytes in {seconds} s',
  },
  /** A library's, server's or system's words on their own (the last of several failed downloads). */
  quoted: { es: '«{technical}»', en: '"{technical}"' },
  throttled: {
    es: '{sender}: {count} correos en la ventana',
    en: '{sender}: {count} mails in the window',
  },
} satisfies Record<string, Text>;

export type QuarantineDetailKey = keyof typeof quarantineDetailTexts;

/** Most characters of a technical detail kept: a library's message, a server's reply, a system error. */
const TECHNICAL_MAX = 300;

/** A library's, server's or system's words as they are quoted: on one line, bounded. */
function technicalWords(words: string): string {
  const line = words.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= TECHNICAL_MAX ? line : `${chars.slice(0, TECHNICAL_MAX - 1).join('')}…`;
}

/**
 * A quarantine detail in both languages, as it is stored; `technical` (a library's, a server's or the
 * system's own words) is quoted as it came.
 */
export function quarantineDetail(
  key: QuarantineDetailKey,
  params: Params & { readonly technical?: string } = {},
): Text {
  const technical = params.technical === undefined ? {} : { technical: technicalWords(params.technical) };
  return formatBoth(quarantineDetailTexts[key], { ...params, ...technical });
}

/** A failure of the store to read or write a mail, as its quarantine detail: the error's own words. */
export function storageDetail(key: 'storageRead' | 'storageWrite', error: unknown): Text {
  return quarantineDetail(key, { technical: error instanceof Error ? error.message : String(error) });
}

/** The detail of a mail whose download failed `attempts` times: the last failure in each language. */
export function downloadFailedDetail(attempts: number, last: Text): Text {
  const text = quarantineDetailTexts.downloadFailed;
  return {
    es: format(text, 'es', { attempts, last: last.es }),
    en: format(text, 'en', { attempts, last: last.en }),
  };
}

/** The detail stored with a throttled mail: its sender and how many mails it sent in the window. */
export function throttledDetail(sender: string, count: number): Text {
  return quarantineDetail('throttled', { sender, count });
}

type OlderDetail = { readonly pattern: RegExp; readonly detail: (m: RegExpExecArray) => Text };

/**
 * What DRobot itself wrote, in English only, before details were stored in both languages, by reason: read
 * back into the same texts as new rows.
 */
const OLDER_DETAILS: Readonly<Record<string, readonly OlderDetail[]>> = {
  throttled: [
    {
      pattern: /^(.*): (\d+) mails in the window$/su,
      detail: (m) => throttledDetail(m[1] ?? '', Number(m[2])),
    },
  ],
  unparseable: [
    { pattern: /^no header section$/u, detail: () => quarantineDetail('noHeaderSection') },
    { pattern: /^no sender address$/u, detail: () => quarantineDetail('noSender') },
    {
      pattern: /^parsing took longer than (\d+) s$/u,
      detail: (m) => quarantineDetail('parseTimeout', { seconds: m[1] }),
    },
    {
      pattern: /^the parser stopped on this mail: (.*)$/su,
      detail: (m) => quarantineDetail('parserStopped', { technical: m[1] }),
    },
  ],
  over_size: [
    {
      pattern: /^(\d+) bytes listed by the server, limit (\d+)$/u,
      detail: (m) => quarantineDetail('listedOverSize', { size: m[1], limit: m[2] }),
    },
    {
      pattern: /^more than (\d+) bytes sent \((\d+) received before stopping\)$/u,
      detail: (m) => quarantineDetail('sentOverSize', { limit: m[1], received: m[2] }),
    },
  ],
  download_failed: [
    {
      pattern: /^(\d+) downloads failed, the last: (.*)$/su,
      detail: (m) => downloadFailedDetail(Number(m[1]), quarantineDetail('quoted', { technical: m[2] })),
    },
  ],
};

/** An older detail in words: one DRobot wrote, else a parser's or the system's own words, quoted. */
function olderDetail(reason: string, stored: string): Text | undefined {
  // Own keys only: a stored reason is data, never a way into the object's prototype.
  const older = Object.hasOwn(OLDER_DETAILS, reason) ? OLDER_DETAILS[reason] : undefined;
  for (const { pattern, detail } of older ?? []) {
    const m = pattern.exec(stored);
    if (m) return detail(m);
  }
  if (reason === 'unparseable') return quarantineDetail('parserError', { technical: stored });
  if (reason === 'storage_error') return quarantineDetail('storageError', { technical: stored });
  return undefined;
}

/**
 * A stored detail in the reader's language: stored in both languages, or (older rows, in English) read back
 * into the same words where DRobot wrote it; anything else as it is.
 */
export function quarantineDetailText(reason: string, stored: string, lang: Lang): string {
  const text = storedTextOf(stored) ?? olderDetail(reason, stored);
  return text ? text[lang] : stored;
}

/** A quarantine reason's words; a code this build does not know is shown as it is. */
export function quarantineReasonText(reason: string, lang: Lang): string {
  // Own keys only: a stored reason such as `constructor` must not reach the object's prototype.
  if (!Object.hasOwn(quarantineReasonLabels, reason)) return reason;
  return format((quarantineReasonLabels as Readonly<Record<string, Text>>)[reason]!, lang);
}
