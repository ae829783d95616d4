import { PassThrough } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutboundMessage } from '../ports.js';

/**
 * A mail DRobot sends (a notification, an answer, a round trip test mail), rendered but not composed: the
 * one declaration of it. `composeMime` turns it into the raw message every outbound sink takes.
 */
export interface OutgoingMail {
  readonly from: string;
  readonly fromName?: string | undefined;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<…@…>`; a retry sends the same one. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Files sent with the mail (an agent's answer), given as bytes. */
  readonly attachments?: readonly OutgoingAttachment[] | undefined;
}

/** A file sent with a mail. */
export interface OutgoingAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/**
 * Composes a mail into its raw RFC 5322 bytes and its envelope (the one place mail is composed, whichever
 * transport sends it). Files and URLs are never read into a message.
 */
export function composeMime(mail: OutgoingMail): Promise<OutboundMessage> {
  const composer = new MailComposer({
    from: mail.fromName ? { name: mail.fromName, address: mail.from } : mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { ...mail.headers },
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return new Promise((resolve, reject) => {
    // The MIME tree streamed straight into one buffer: `build()` would add a stream pipeline (an abort
    // controller, a transform) per mail for the one thing below, the closing line break.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    out.once('end', () =>
      resolve({
        raw: withFinalLineBreak(Buffer.concat(chunks)),
        envelope: { from: mail.from, to: [mail.to] },
        messageId: mail.messageId,
      }),
    );
    composer.compile().stream(out, {}, (error) => {
      if (error) reject(error);
      else out.end();
    });
  });
}

const CRLF = Buffer.from('\r\n');

/** The message as `build()` ends it: on a line break (CRLF, or LF after a lone CR). */
function withFinalLineBreak(raw: Buffer): Buffer {
  const last = raw.at(-1);
  if (last === 0x0a) return raw;
  return Buffer.concat([raw, last === 0x0d ? CRLF.subarray(1) : CRLF]);
}
