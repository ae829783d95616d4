import { format, type Lang } from '../i18n/lang.js';
import { createMessageId, messageIdDomain } from '../notifications/message-id.js';
import { composeMime, type OutgoingMail } from '../transports/mime/outgoing-mail.js';
import type { SentMessage } from '../transports/ports.js';
import type { Credentials } from '../transports/types.js';
import type { OutboundSinkCheck } from './connection-test.types.js';
import { stepTexts } from './diagnostics.texts.js';

/**
 * The test message as the outbox would send it: its Message-ID domain, its Auto-Submitted headers, plain
 * text in the test's language.
 */
export function testMail(from: string, to: string, lang: Lang): OutgoingMail {
  return {
    from,
    to,
    subject: format(stepTexts.testSubject, lang),
    text: `${format(stepTexts.testBody, lang)}\n`,
    html: '',
    messageId: createMessageId(messageIdDomain(from)),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  };
}

/**
 * Composes the test message with the one composer and hands it to a sink made as the outbox makes it,
 * closed afterwards whatever happened. Rejects with the sink's error.
 */
export async function sendThroughSink(
  check: OutboundSinkCheck,
  credentials: Credentials,
  mail: { readonly from: string; readonly to: string; readonly lang: Lang },
): Promise<SentMessage> {
  const message = await composeMime(testMail(mail.from, mail.to, mail.lang));
  const sink = check.open(credentials);
  try {
    return await sink.send(message);
  } finally {
    await sink.close();
  }
}

/** The text of the sink's SMTP reply without its code, as the probe reports its own (`Ok: queued as …`). */
export function replyText(response: string | undefined): string {
  const last = (response ?? '').trim().split(/\r?\n/).at(-1) ?? '';
  return last.replace(/^\d{3}[ -]/, '');
}
