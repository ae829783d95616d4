import { DrobotError } from '../../errors/drobot-error.js';
import type { ApiClient } from '../http/api-client.js';
import { apiClientFor, type ApiAdapterOptions, type ApiConnection } from '../http/api-adapter.js';
import type { AccessTokenProvider, OutboundMessage, OutboundSink, SentMessage } from '../ports.js';
import { graphErrors } from './graph.errors.js';
import { mailboxPath, messagePath } from './graph.paths.js';

/**
 * How a Graph sink hands a message over:
 * - `sendMail`: one request with the raw MIME (needs only `Mail.Send`); the Message-ID reported is ours.
 * - `draft`: the MIME becomes a draft, whose `internetMessageId` is read back, then the draft is sent (needs
 *   `Mail.ReadWrite` too); for when Exchange may replace the Message-ID and threading needs the real one.
 */
export type GraphSendMode = 'sendMail' | 'draft';

export interface GraphSinkOptions extends ApiAdapterOptions {
  readonly mode?: GraphSendMode | undefined;
}

interface DraftAnswer {
  readonly id?: unknown;
  readonly internetMessageId?: unknown;
}

/**
 * Outbound mail through Microsoft Graph with the composed raw MIME, base64 in a `text/plain` body, as the
 * reference describes ("send mail in MIME format"); the headers (From, To, Cc, Bcc) address it.
 * https://learn.microsoft.com/en-us/graph/api/user-sendmail
 * https://learn.microsoft.com/en-us/graph/api/user-post-messages (create a draft from MIME)
 * https://learn.microsoft.com/en-us/graph/api/message-send
 */
export class GraphSink implements OutboundSink {
  constructor(
    private readonly client: ApiClient,
    private readonly mailbox: string,
    private readonly mode: GraphSendMode,
  ) {}

  async send(message: OutboundMessage): Promise<SentMessage> {
    const body = Buffer.from(message.raw.toString('base64'), 'ascii');
    const base = mailboxPath(this.mailbox);
    if (this.mode === 'sendMail') {
      const answer = await this.client.raw({
        method: 'POST',
        path: `${base}/sendMail`,
        body,
        contentType: 'text/plain',
      });
      return { messageId: message.messageId, response: `${answer.status} sendMail` };
    }
    const draft = await this.client.json<DraftAnswer>({
      method: 'POST',
      path: `${base}/messages`,
      body,
      contentType: 'text/plain',
    });
    const id = typeof draft?.id === 'string' ? draft.id : undefined;
    if (!id) throw new DrobotError(graphErrors.noDraftId);
    try {
      const answer = await this.client.raw({ method: 'POST', path: `${messagePath(this.mailbox, id)}/send` });
      const sent = typeof draft?.internetMessageId === 'string' ? draft.internetMessageId : '';
      return {
        messageId: sent || message.messageId,
        providerId: id,
        response: `${answer.status} send`,
      };
    } catch (error) {
      await this.dropDraft(id);
      throw error;
    }
  }

  /** A draft whose sending failed is removed, so a retry does not leave copies behind. */
  private async dropDraft(id: string): Promise<void> {
    try {
      await this.client.raw({ method: 'DELETE', path: messagePath(this.mailbox, id) });
    } catch {
      // Best effort: the send's own error is what the caller must see.
    }
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}

export function createGraphSink(
  settings: ApiConnection,
  tokens: AccessTokenProvider,
  options: GraphSinkOptions = {},
): OutboundSink {
  return new GraphSink(apiClientFor(settings, tokens, options), settings.mailbox, options.mode ?? 'sendMail');
}
