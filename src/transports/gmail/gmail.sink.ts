import { randomBytes } from 'node:crypto';
import type { ApiClient } from '../http/api-client.js';
import { apiClientFor, type ApiAdapterOptions, type ApiConnection } from '../http/api-adapter.js';
import { apiStatusOf } from '../http/api-status.js';
import type { AccessTokenProvider, OutboundMessage, OutboundSink, SentMessage } from '../ports.js';
import { userPath } from './gmail.paths.js';

/** Messages larger than this go through the upload URI: a JSON body of base64 stays well under Gmail's limits. */
const UPLOAD_ABOVE = 4 * 1024 * 1024;

interface SendAnswer {
  readonly id?: unknown;
  readonly threadId?: unknown;
}

/**
 * Outbound mail through the Gmail API: `messages.send` with the composed raw MIME (base64url) and, when
 * the case already has one, its Gmail `threadId`, so an answer joins the requester's conversation. Gmail
 * addresses the message by its headers (To, Cc, Bcc) and keeps our Message-ID.
 * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/send
 * https://developers.google.com/workspace/gmail/api/guides/sending
 */
export class GmailSink implements OutboundSink {
  constructor(
    private readonly client: ApiClient,
    private readonly mailbox: string,
  ) {}

  async send(message: OutboundMessage): Promise<SentMessage> {
    let answer: SendAnswer;
    try {
      answer = await this.deliver(message.raw, message.threadHint ? { threadId: message.threadHint } : {});
    } catch (error) {
      if (!message.threadHint || apiStatusOf(error)?.status !== 404) throw error;
      // The thread is gone from the mailbox (deleted, trash emptied): nothing was sent; start a new one.
      answer = await this.deliver(message.raw, {});
    }
    return {
      messageId: message.messageId,
      ...(typeof answer?.id === 'string' ? { providerId: answer.id } : {}),
      ...(typeof answer?.threadId === 'string' ? { threadId: answer.threadId } : {}),
    };
  }

  private deliver(raw: Buffer, metadata: Record<string, string>): Promise<SendAnswer> {
    if (raw.length > UPLOAD_ABOVE) return this.upload(raw, metadata);
    return this.client.json<SendAnswer>({
      method: 'POST',
      path: `${userPath(this.mailbox)}/messages/send`,
      json: { raw: raw.toString('base64url'), ...metadata },
    });
  }

  /**
   * A large message goes to the upload URI (`/upload` before the API's path) as `multipart/related`: the
   * metadata (the thread) as JSON, then the message itself as `message/rfc822`, without base64's third more.
   * https://developers.google.com/workspace/gmail/api/guides/uploads#multipart
   */
  private upload(raw: Buffer, metadata: Record<string, string>): Promise<SendAnswer> {
    const boundary = `drobot_${randomBytes(12).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n` +
          `--${boundary}\r\nContent-Type: message/rfc822\r\n\r\n`,
        'utf8',
      ),
      raw,
      Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
    ]);
    const base = this.client.urlOf({ path: `${userPath(this.mailbox)}/messages/send` });
    return this.client.json<SendAnswer>({
      method: 'POST',
      path: `${base.origin}/upload${base.pathname}`,
      query: { uploadType: 'multipart' },
      body,
      contentType: `multipart/related; boundary=${boundary}`,
    });
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}

export function createGmailSink(
  settings: ApiConnection,
  tokens: AccessTokenProvider,
  options: ApiAdapterOptions = {},
): OutboundSink {
  return new GmailSink(apiClientFor(settings, tokens, options), settings.mailbox);
}
