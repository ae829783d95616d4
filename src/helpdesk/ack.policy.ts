import type { CaseStatus, MailAddress } from '../cases/case.types.js';
import { langFromAcceptLanguage, type Lang } from '../i18n/lang.js';
import { asksNoAutoReply } from '../inbound/classify/classifier.js';
import { isRobotAddress } from '../inbound/classify/requester.js';
import type { RawHeader } from '../inbound/parse/parsed-mail.js';
import { comparableAddress } from '../transports/mime/mail-address.js';

/** Why a new case gets no acknowledgment (besides the outbox's own loop and suppression rules). */
export type AckRefusal =
  | 'disabled'
  | 'no-sender'
  | 'list'
  | 'automatic'
  | 'no-reply-address'
  | 'own-address'
  | 'throttled'
  | 'recently-acknowledged';

/** Mail from a mailing list: answering it would write to everyone on the list. */
const LIST_HEADERS = ['list-id', 'list-post', 'list-unsubscribe', 'list-help'];

/**
 * The requester's language, from the mail's `Content-Language` (the language it is written in), else its
 * `Accept-Language`; undefined when neither names a language DRobot speaks. Pure.
 */
export function languageOfMail(headers: readonly RawHeader[]): Lang | undefined {
  for (const name of ['content-language', 'accept-language']) {
    const value = headers.find((h) => h.name === name)?.value;
    const lang = langFromAcceptLanguage(value?.slice(0, 200));
    if (lang) return lang;
  }
  return undefined;
}

export interface AckFacts {
  readonly enabled: boolean;
  readonly requester: MailAddress | null;
  readonly headers: readonly RawHeader[];
  readonly ownAddresses: ReadonlySet<string>;
}

/** Whether a new case's mail may be acknowledged, from the mail alone (pure); the reason when not. */
export function ackRefusal(facts: AckFacts): AckRefusal | undefined {
  if (!facts.enabled) return 'disabled';
  const address = facts.requester?.address.trim().toLowerCase();
  if (!address || address.endsWith('@invalid') || !address.includes('@')) return 'no-sender';
  if (facts.headers.some((h) => LIST_HEADERS.includes(h.name))) return 'list';
  if (asksNoAutoReply(facts.headers)) return 'automatic';
  // The same robots the requester rule knows: a form's or a system's mailbox waits for no answer.
  if (isRobotAddress(address)) return 'no-reply-address';
  // DRobot's own addresses are kept as the outbox compares addresses (see comparableAddress).
  if (facts.ownAddresses.has(comparableAddress(address))) return 'own-address';
  return undefined;
}

/** The statuses a requester is told about by default: waiting on them, resolved, closed. */
export const DEFAULT_NOTIFY_STATUSES: readonly CaseStatus[] = ['pending', 'resolved', 'closed'];

const STATUS_WORDS: Record<CaseStatus, Record<Lang, string>> = {
  new: { es: 'nuevo', en: 'new' },
  open: { es: 'abierto', en: 'open' },
  pending: { es: 'pendiente de su respuesta', en: 'waiting for your reply' },
  resolved: { es: 'resuelto', en: 'resolved' },
  closed: { es: 'cerrado', en: 'closed' },
};

/** A status as the requester reads it. Pure. */
export function statusWords(status: CaseStatus, lang: Lang): string {
  return STATUS_WORDS[status][lang];
}

/** A subject or name made fit for a template line: one line, bounded, never a character cut in half. Pure. */
export function oneLine(value: string, max: number): string {
  const line = value.replace(/[\r\n\t]+/g, ' ').trim();
  return line.length <= max ? line : `${wholeHead(line, max - 1)}…`;
}

/** The first `max` UTF-16 units of a text, one fewer when the last would be half of a surrogate pair. Pure. */
function wholeHead(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** The earlier message quoted under an answer: at most `maxLines` lines, each `> `-prefixed. Pure. */
export function trimmedQuote(text: string, maxLines = 20, maxChars = 4000): string {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  const kept = wholeHead(lines.slice(0, maxLines).join('\n'), maxChars);
  const cut = kept.length < lines.join('\n').length;
  const quoted = kept
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
  return cut ? `${quoted}\n> […]` : quoted;
}
