/** Tests' SMTP sender: a mail composed and handed to DRobot's SMTP sink, as the outbox does in two steps. */
import { composeMime, type OutgoingMail } from '../../src/transports/mime/outgoing-mail.js';
import type { OutboundSink } from '../../src/transports/ports.js';
import type { SmtpSenderSettings } from '../../src/transports/smtp/smtp.options.js';
import { createSmtpSink } from '../../src/transports/smtp/smtp.sink.js';

export type { SmtpSenderSettings } from '../../src/transports/smtp/smtp.options.js';

/** One mail as the SMTP sender takes it (the shared outgoing mail type). */
export type SmtpMail = OutgoingMail;

export interface SmtpSendResult {
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as …`. */
  readonly response: string;
  readonly messageId: string;
}

export interface SmtpSender {
  /** Composes and sends one mail; throws DrobotError (retryable or not) with the server's reply on failure. */
  send(mail: SmtpMail): Promise<SmtpSendResult>;
  /** The sink underneath, for callers that compose themselves (the outbox, the round trip). */
  readonly sink: OutboundSink;
  /** Stops taking mails; resolves once every connection has ended (QUIT sent, or closed). */
  close(): Promise<void>;
}

/** An SMTP sender: {@link composeMime} then the SMTP sink ({@link createSmtpSink}). */
export function createSmtpSender(settings: SmtpSenderSettings): SmtpSender {
  const sink = createSmtpSink(settings);
  return {
    sink,
    async send(mail) {
      const sent = await sink.send(await composeMime(mail));
      return { response: sent.response ?? '', messageId: sent.messageId };
    },
    close() {
      return sink.close();
    },
  };
}
