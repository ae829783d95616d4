import { format, type Lang, type Text } from '../../i18n/lang.js';
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

const throttledText: Text = {
  es: '{sender}: {count} correos en la ventana',
  en: '{sender}: {count} mails in the window',
};

// Stored in English, the form rows have always had, so the API and older rows keep one shape.
const STORED_THROTTLED = /^(.*): (\d+) mails in the window$/su;

/** The detail stored with a throttled mail: its sender and how many mails it sent in the window. */
export function throttledDetail(sender: string, count: number): string {
  return format(throttledText, 'en', { sender, count });
}

/** A stored detail in the reader's language when its data can be read back; otherwise as it is. */
export function quarantineDetailText(reason: string, detail: string, lang: Lang): string {
  const throttled = reason === 'throttled' ? STORED_THROTTLED.exec(detail) : null;
  if (!throttled) return detail;
  return format(throttledText, lang, { sender: throttled[1], count: throttled[2] });
}

/** A quarantine reason's words; a code this build does not know is shown as it is. */
export function quarantineReasonText(reason: string, lang: Lang): string {
  const text = (quarantineReasonLabels as Readonly<Record<string, Text>>)[reason];
  return text ? format(text, lang) : reason;
}
