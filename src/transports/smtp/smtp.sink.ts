import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message.js';
import { SocksClient } from 'socks';
import type { OutboundMessage, OutboundSink, SentMessage } from '../ports.js';
import { secretForms } from '../sasl.js';
import { mapSmtpError } from './smtp.error-map.js';
import { nodemailerOptions, type SmtpSenderSettings } from './smtp.options.js';

/** What nodemailer's SMTP transports report of a sent message. */
interface SentInfo {
  readonly response?: string;
  readonly rejectedErrors?: unknown[];
}

/**
 * The SMTP outbound sink on nodemailer: hands a composed message over as it is (its raw bytes, its
 * envelope), with STARTTLS or implicit TLS, AUTH (PLAIN/LOGIN/XOAUTH2 with a token the caller got) or
 * none, SOCKS5 or HTTP CONNECT proxies, optionally pooled connections. Failures are `DrobotError`s whose
 * `retryable` follows the server's reply (4xx or a network failure: yes; 5xx: no).
 *
 * The message goes straight to nodemailer's SMTP transport (pool or single connection), past the mailer's
 * `sendMail`: that one would compose the already composed bytes a second time (a MIME tree, a stream
 * pipeline per message), which cost more than the sending itself (see {@link rawMail}).
 */
export function createSmtpSink(settings: SmtpSenderSettings): OutboundSink {
  const transport = nodemailer.createTransport(
    nodemailerOptions(settings) as Parameters<typeof nodemailer.createTransport>[0],
  );
  // nodemailer speaks SOCKS only through a module handed to it.
  if (settings.endpoint.proxy?.type === 'socks5') transport.set('proxy_socks_module', { SocksClient });
  handProxyToTransport(transport);
  const secrets = [
    ...secretForms(settings.credentials),
    ...(settings.endpoint.proxy?.password ? [settings.endpoint.proxy.password] : []),
  ];
  const target = { host: settings.endpoint.host, port: settings.endpoint.port };
  const sendRaw = (message: OutboundMessage) =>
    new Promise<SentInfo>((resolve, reject) => {
      transport.transporter.send(rawMail(message), (error, info) => {
        if (error) reject(error);
        else resolve(info as SentInfo);
      });
    });
  return {
    async send(message: OutboundMessage): Promise<SentMessage> {
      try {
        const info = await sendRaw(message);
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

/** The mailer's own part of a transport object: where it keeps the proxy's socket maker. */
interface ProxiedMailer {
  getSocket?: unknown;
  transporter: { getSocket?: unknown };
}

/**
 * The mailer keeps the socket maker of a configured proxy to itself until its first `sendMail` (or `verify`)
 * hands it to the transport; sending past `sendMail`, the sink hands it over at once, as nodemailer would.
 */
function handProxyToTransport(transport: object): void {
  const mailer = transport as ProxiedMailer;
  if (typeof mailer.getSocket !== 'function') return;
  mailer.transporter.getSocket = mailer.getSocket;
  mailer.getSocket = false;
}

/**
 * A composed message in the shape nodemailer's SMTP transports read of a mail (`mail.data`, and of
 * `mail.message` its envelope, its Message-ID and a stream of its bytes): the raw bytes as they are,
 * nothing added. A fresh stream per read, so a message the pool puts back after a dropped connection
 * (it does when not a byte was read) goes out whole on the next one.
 */
export function rawMail(message: OutboundMessage): MailMessage {
  const mail = {
    data: {},
    message: {
      getEnvelope: () => ({ from: message.envelope.from, to: [...message.envelope.to] }),
      messageId: () => message.messageId,
      getHeader: (name: string) => (name.toLowerCase() === 'message-id' ? message.messageId : undefined),
      createReadStream: () =>
        new Readable({
          read() {
            this.push(message.raw);
            this.push(null);
          },
        }),
    },
  };
  // The transports read only what is above of a mail (nodemailer's smtp-pool and smtp-transport); the
  // type describes the whole mailer object, which a raw message has no use for.
  return mail as unknown as MailMessage;
}
