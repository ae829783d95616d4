import nodemailer from 'nodemailer';
import { SocksClient } from 'socks';
import type { OutboundMessage, OutboundSink, SentMessage } from '../ports.js';
import { secretForms } from '../sasl.js';
import { mapSmtpError } from './smtp.error-map.js';
import { nodemailerOptions, type SmtpSenderSettings } from './smtp.options.js';

/**
 * The SMTP outbound sink on nodemailer: hands a composed message over as it is (its raw bytes, its
 * envelope), with STARTTLS or implicit TLS, AUTH (PLAIN/LOGIN/XOAUTH2 with a token the caller got) or
 * none, SOCKS5 or HTTP CONNECT proxies, optionally pooled connections. Failures are `DrobotError`s whose
 * `retryable` follows the server's reply (4xx or a network failure: yes; 5xx: no).
 */
export function createSmtpSink(settings: SmtpSenderSettings): OutboundSink {
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
    async send(message: OutboundMessage): Promise<SentMessage> {
      try {
        const info = (await transport.sendMail({
          envelope: { from: message.envelope.from, to: [...message.envelope.to] },
          raw: message.raw,
          disableFileAccess: true,
          disableUrlAccess: true,
        })) as { response?: string; rejectedErrors?: unknown[] };
        const rejected = info.rejectedErrors?.[0];
        if (rejected) throw rejected;
        return { messageId: message.messageId, response: info.response ?? '' };
      } catch (error) {
        throw mapSmtpError(error, target, secrets);
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
