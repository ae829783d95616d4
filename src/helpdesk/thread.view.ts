import { statusName } from '../cases/case-status.js';
import { bounceText } from '../cases/case.labels.js';
import type { CaseMessage } from '../cases/case.types.js';
import { format, isLang, langNames, type Lang, type Text } from '../i18n/lang.js';
import { timeText } from '../i18n/time-text.js';
import { historyOf, type CaseView, type EventEntry, type HistoryEvent } from './case-history.js';
import {
  historyEventHead,
  historyEventLines,
  historyEventText,
  historyEventWho,
} from './case-history.labels.js';

const texts = {
  requester: { es: 'Solicitante', en: 'Requester' },
  status: { es: 'Estado', en: 'Status' },
  opened: { es: 'Abierto', en: 'Opened' },
  language: { es: 'Idioma', en: 'Language' },
  received: { es: 'RECIBIDO', en: 'RECEIVED' },
  sent: { es: 'ENVIADO', en: 'SENT' },
  note: { es: 'NOTA INTERNA', en: 'INTERNAL NOTE' },
  to: { es: 'Para', en: 'To' },
  cc: { es: 'Cc', en: 'Cc' },
  delivery: { es: 'Entrega', en: 'Delivery' },
  automatic: { es: 'automático, no se responde', en: 'automatic, never answered' },
  attachments: { es: 'Adjuntos', en: 'Attachments' },
  states: { es: 'en cola|enviado|fallido|rebotado', en: 'queued|sent|failed|bounced' },
} satisfies Record<string, Text>;

const STATE_INDEX = { queued: 0, sent: 1, failed: 2, bounced: 3 } as const;

const who = (a: { address: string; name?: string | undefined }) =>
  a.name ? `${a.name} <${a.address}>` : a.address;

function messageBlock(
  m: CaseMessage,
  events: readonly HistoryEvent[],
  lang: Lang,
  timeZone: string | undefined,
): string {
  const t = (text: Text, params?: Record<string, string>) => format(text, lang, params);
  const when = timeText(m.createdAt, timeZone);
  const head =
    m.kind === 'note'
      ? `── ${t(texts.note)} · ${m.author ?? ''} · ${when}`
      : m.direction === 'in'
        ? `── ${t(texts.received)} · ${who(m.from)} · ${when}`
        : `── ${t(texts.sent)} · ${m.author ? `${m.author} · ` : ''}${when}`;
  const lines = [head];
  if (m.kind === 'mail') {
    if (m.direction === 'out') {
      lines.push(`   ${t(texts.to)}: ${m.to.map(who).join(', ')}`);
      if (m.cc.length > 0) lines.push(`   ${t(texts.cc)}: ${m.cc.map(who).join(', ')}`);
      const words = t(texts.states).split('|');
      const states = m.deliveries.map((d) => `${d.recipient} ${words[STATE_INDEX[d.state]] ?? d.state}`);
      if (states.length > 0) lines.push(`   ${t(texts.delivery)}: ${states.join(', ')}`);
    }
    lines.push(`   ${m.subject}`);
    if (m.noReply) lines.push(`   (${t(texts.automatic)})`);
    if (m.bounce) lines.push(`   ${bounceText(m.bounce, lang)}`);
  }
  // Who got no mail about this message, and why (an answer's copy, a new case's acknowledgment).
  for (const e of events) lines.push(`   ${historyEventText(e, lang)}`);
  lines.push('', indent(m.textReply || m.text), '');
  if (m.attachments.length > 0) {
    lines.push(`   ${t(texts.attachments)}:`);
    for (const a of m.attachments) lines.push(`   - ${a.filename} (${a.contentType}, ${a.size} B)`);
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}

/**
 * An event of its own in the history: a status change, who made it and how, and whether the requester was
 * not told of it.
 */
function eventBlock(entry: EventEntry, lang: Lang, timeZone: string | undefined): string {
  const e = entry.event;
  const who = historyEventWho(e, lang);
  return [
    `── ${[historyEventHead(e, lang).toLocaleUpperCase(lang), who, timeText(e.createdAt, timeZone)]
      .filter((part) => part !== undefined)
      .join(' · ')}`,
    ...historyEventLines(entry, lang).map((line) => `   ${line}`),
    '',
  ].join('\n');
}

/**
 * A case's whole conversation, in order, with its status changes and who got no mail about it and why, for
 * a person reading a terminal. Pure but for the time zone.
 */
export function threadText(shown: CaseView, lang: Lang, timeZone?: string): string {
  const c = shown.case;
  const t = (text: Text) => format(text, lang);
  const header = [
    `#${c.number} ${c.subject}`,
    `${t(texts.status)}: ${statusName(c.status, lang)}   ${t(texts.requester)}: ${who({ address: c.requester.address, name: c.requester.displayName ?? undefined })}`,
    `${t(texts.opened)}: ${timeText(c.createdAt, timeZone)}${c.lang ? `   ${t(texts.language)}: ${isLang(c.lang) ? t(langNames[c.lang]) : c.lang}` : ''}`,
    '',
  ];
  const blocks = historyOf(shown).map((entry) =>
    'message' in entry
      ? messageBlock(entry.message, entry.events, lang, timeZone)
      : eventBlock(entry, lang, timeZone),
  );
  return [...header, ...blocks].join('\n');
}
