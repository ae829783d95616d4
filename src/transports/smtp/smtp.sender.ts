import nodemailer from 'nodemailer';
import { SocksClient } from 'socks';
import { secretForms } from '../sasl.js';
import { mapSmtpError } from './smtp.error-map.js';
import { nodemailerOptions, type SmtpSenderSettings } from './smtp.options.js';

export type { SmtpSenderSettings } from './smtp.options.js';

/** One mail as the SMTP sender takes it: already rendered, with its Message-ID fixed by the caller. */
export interface SmtpMail {
  readonly from: string;
  readonly fromName?: string | undefined;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<…@…>`; a retry sends the same one. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments?: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: Buffer;
  }[];
}

export interface SmtpSendResult {
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as …`. */
  readonly response: string;
  readonly messageId: string;
}

export interface SmtpSender {
  /** Sends one mail; throws DrobotError (retryable or not) with the server's reply on failure. */
  send(mail: SmtpMail): Promise<SmtpSendResult>;
  close(): void;
}

/**
 * An SMTP sender on nodemailer: STARTTLS or implicit TLS, AUTH (PLAIN/LOGIN/XOAUTH2 with a token the
 * caller got) or none, SOCKS5 or HTTP CONNECT proxies, optionally pooled connections.
 */
export function createSmtpSender(settings: SmtpSenderSettings): SmtpSender {
  const transport = nodemailer.createTransport(
    nodemailerOptions(settings) as Parameters<typeof nodemailer.createTransport>[0],
  );
  // nodemailer speaks SOCKS only through a module handed to it.
  if (settings.endpoint.proxy?.type === 'socks5') transport.set('proxy_socks_module', { SocksClient });
  const secrets = [
    ...secretForms(settings.credentials),
    ...(settings.endpoint.proxy?.password ? [settings.endpoint.proxy.password] : []),
  ];
  const target = { host: settings.endpoint.host, port: settings.endpoint.port };
  return {
    async send(mail) {
      try {
        const info = (await transport.sendMail({
          from: mail.fromName ? { name: mail.fromName, address: mail.from } : mail.from,
          to: mail.to,
          envelope: { from: mail.from, to: [mail.to] },
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
        })) as { response?: string; rejected?: unknown[]; rejectedErrors?: unknown[] };
        const rejected = info.rejectedErrors?.[0];
        if (rejected) throw rejected;
        return { response: info.response ?? '', messageId: mail.messageId };
      } catch (error) {
        throw mapSmtpError(error, target, secrets);
      }
    },
    close() {
      transport.close();
    },
  };
}
