import type { ApiClient } from '../http/api-client.js';
import { apiClientFor, type ApiAdapterOptions, type ApiConnection } from '../http/api-adapter.js';
import type { AccessTokenProvider, OutboundMessage, OutboundSink, SentMessage } from '../ports.js';
import { userPath } from './gmail.paths.js';

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
    const answer = await this.client.json<SendAnswer>({
      method: 'POST',
      path: `${userPath(this.mailbox)}/messages/send`,
      json: {
        raw: message.raw.toString('base64url'),
        ...(message.threadHint ? { threadId: message.threadHint } : {}),
      },
    });
    return {
      messageId: message.messageId,
      ...(typeof answer?.id === 'string' ? { providerId: answer.id } : {}),
      ...(typeof answer?.threadId === 'string' ? { threadId: answer.threadId } : {}),
    };
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
